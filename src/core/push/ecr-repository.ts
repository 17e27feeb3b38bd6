/** The ECR API side of a push: make sure the repository exists and get registry credentials. */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  type CreateRepositoryCommandInput,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';
import { isNotFound } from '../aws/lookups.js';
import type { PushConfig } from '../config.js';
import * as workflow from '../workflow.js';

export interface EcrRepository {
  repositoryUri: string;
  created: boolean;
  /** Whether ECR refuses to move `tag` to another image (IMMUTABLE*, exclusion filters considered). */
  tagIsImmutable: (tag: string) => boolean;
}

/** ECR's rule: IMMUTABLE* settings hold for every tag but those an exclusion filter (a wildcard) matches. */
export function immutability(repository: Repository): (tag: string) => boolean {
  const setting = repository.imageTagMutability ?? 'MUTABLE';
  const filters = (repository.imageTagMutabilityExclusionFilters ?? []).map(
    (item) => new RegExp(`^${(item.filter ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
  return (tag) => setting.startsWith('IMMUTABLE') !== filters.some((filter) => filter.test(tag));
}

export interface RegistryCredentials {
  /** Base URL of the registry API, e.g. `https://123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  endpoint: string;
  /** Host (and port) of the registry, as `docker login` and image names want it. */
  registry: string;
  username: string;
  password: string;
}

/** The repository, or undefined when it does not exist. Read-only. */
export async function findRepository(ecr: ECRClient, name: string): Promise<Repository | undefined> {
  try {
    const found = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return found.repositories?.[0] ?? {};
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function ensureRepository(ecr: ECRClient, push: PushConfig): Promise<EcrRepository> {
  const found = await findRepository(ecr, push.repository);
  if (found) {
    if (!found.repositoryUri) throw new Error(`ECR returned no repositoryUri for repository "${push.repository}".`);
    return { repositoryUri: found.repositoryUri, created: false, tagIsImmutable: immutability(found) };
  }
  if (!push.createRepository) {
    throw new Error(
      `ECR repository "${push.repository}" does not exist. Create it, or set \`create-repository: true\` to let the action create it.`,
    );
  }
  const input: CreateRepositoryCommandInput = {
    repositoryName: push.repository,
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: push.kmsKeyArn
      ? { encryptionType: 'KMS', kmsKey: push.kmsKeyArn }
      : { encryptionType: 'AES256' },
  };
  if (push.tagMutability) input.imageTagMutability = push.tagMutability;
  if (push.tagMutabilityExclusions) {
    input.imageTagMutabilityExclusionFilters = push.tagMutabilityExclusions.map((filter) => ({
      filterType: 'WILDCARD',
      filter,
    }));
  }
  const created = await ecr.send(new CreateRepositoryCommand(input));
  const uri = created.repository?.repositoryUri;
  if (!uri) throw new Error(`ECR returned no repositoryUri after creating repository "${push.repository}".`);
  workflow.info(`Created ECR repository ${push.repository} (${uri}).`);
  return { repositoryUri: uri, created: true, tagIsImmutable: immutability(created.repository ?? input) };
}

export async function getRegistryCredentials(ecr: ECRClient): Promise<RegistryCredentials> {
  const answer = await ecr.send(new GetAuthorizationTokenCommand({}));
  const data = answer.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new Error('ECR GetAuthorizationToken returned no authorization data.');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('ECR authorization token is not of the form user:password.');
  const password = decoded.slice(colon + 1);
  // Mask both forms before anything else can log them.
  workflow.setSecret(password);
  workflow.setSecret(data.authorizationToken);
  const endpoint = data.proxyEndpoint.includes('://') ? data.proxyEndpoint : `https://${data.proxyEndpoint}`;
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    registry: new URL(endpoint).host,
    username: decoded.slice(0, colon),
    password,
  };
}
