import * as runner from '../runner.js';
import type { DeployConfig } from '../config.js';
import type { Clients } from '../aws/clients.js';
import { imageExists, parameterExists, secretExists } from '../aws/lookups.js';
import { describeSecretReference } from '../inputs/arn.js';
import { parseDeployableImage } from '../inputs/image.js';
import { DeployError } from './outcome.js';

/**
 * Checks, before any change, what would otherwise fail minutes later inside App Runner: every secret exists (its
 * metadata only: no value is read) and the private ECR image exists. The connector is checked when it is resolved.
 */
export async function preflight(options: {
  clients: Clients;
  config: DeployConfig;
  secrets: Record<string, string>;
  image?: string;
}) {
  const { clients, config } = options;
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options.secrets)) {
    const reference = describeSecretReference(value);
    if (reference.region && reference.region !== config.region) {
      runner.info(`Preflight: secret ${name} is in ${reference.region}; not checked from ${config.region}.`);
      continue;
    }
    const exists =
      reference.store === 'secretsmanager'
        ? await secretExists(await clients.secretsManager(), reference.id)
        : await parameterExists(await clients.ssm(), reference.name);
    if (!exists) problems.push(`secret \`${name}\` points at ${value}, which does not exist (input \`secrets\`).`);
  }
  const ecr = options.image ? parseDeployableImage(options.image).ecr : undefined;
  if (ecr && ecr.region === config.region && !(await imageExists(await clients.ecr(), ecr))) {
    problems.push(
      `image ${options.image} is not in ECR (input \`image\`): push it first, or set \`ecr-repository\` to push it here.`,
    );
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Preflight found ${problems.length} problem(s); nothing was changed:\n- ${problems.join('\n- ')}`,
    );
  }
  runner.info('Preflight: secrets and image found.');
}
