import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';

/** Existence checks for preflight. They read metadata only: never a secret's or a parameter's value. */

/** Every "no such thing" answer of the services the action reads. */
export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return [
    'ResourceNotFoundException',
    'ImageNotFoundException',
    'RepositoryNotFoundException',
    'ParameterNotFound',
  ].includes(name);
}

export async function secretExists(client: SecretsManagerClient, secretId: string): Promise<boolean> {
  try {
    const answer = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return answer.DeletedDate === undefined;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export async function parameterExists(client: SSMClient, name: string): Promise<boolean> {
  const answer = await client.send(
    new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }),
  );
  return (answer.Parameters ?? []).length > 0;
}

export async function imageExists(
  client: ECRClient,
  image: { registryId: string; repository: string; tag?: string; digest?: string },
): Promise<boolean> {
  try {
    await client.send(
      new DescribeImagesCommand({
        registryId: image.registryId,
        repositoryName: image.repository,
        imageIds: [image.digest ? { imageDigest: image.digest } : { imageTag: image.tag }],
      }),
    );
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
