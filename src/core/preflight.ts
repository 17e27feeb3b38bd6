import * as runner from './workflow.js';
import type { DeployConfig } from './config.js';
import type { Clients } from './aws/clients.js';
import { imageExists, parameterExists, secretExists } from './aws/lookups.js';
import { describeSecretReference } from './inputs/arn.js';
import { parseDeployableImage } from './inputs/image.js';
import { DeployError } from './outcome.js';

type Check = { what: string; region?: string; account?: string; exists: () => Promise<boolean> };

/**
 * Checks, before any change, what would otherwise fail minutes later inside App Runner: every secret exists (its
 * metadata only: no value is read) and the private ECR image exists. What the deploy role may not see (another
 * region, another account, a missing permission) is reported as not checked rather than as missing: the instance
 * and access roles, not this one, are what App Runner uses to read them.
 */
export async function preflight(options: {
  clients: Clients;
  config: DeployConfig;
  secrets: Record<string, string>;
  image?: string;
}): Promise<void> {
  const { clients, config } = options;
  const checks: Check[] = Object.entries(options.secrets).map(([name, value]) => {
    const reference = describeSecretReference(value);
    return {
      what: `secret \`${name}\` points at ${value}, which does not exist (input \`secrets\`).`,
      region: reference.region,
      account: reference.account,
      exists: async () =>
        reference.store === 'secretsmanager'
          ? secretExists(await clients.secretsManager(), reference.id)
          : parameterExists(await clients.ssm(), reference.name),
    };
  });
  const ecr = options.image ? parseDeployableImage(options.image).ecr : undefined;
  if (ecr) {
    checks.push({
      what: `image ${options.image} is not in ECR (input \`image\`): push it first, or set \`ecr-repository\` to push it here.`,
      region: ecr.region,
      account: ecr.registryId,
      exists: async () => imageExists(await clients.ecr(), ecr),
    });
  }
  const account = /:(\d{12}):/.exec(config.accessRoleArn ?? config.instanceRoleArn ?? '')?.[1];
  const problems: string[] = [];
  for (const check of checks) {
    if ((check.region && check.region !== config.region) || (check.account && account && check.account !== account)) {
      runner.info(`Preflight: not checked from this region and account: ${check.what.split(',')[0]}`);
      continue;
    }
    try {
      if (!(await check.exists())) problems.push(check.what);
    } catch (error) {
      if (!/AccessDenied/.test((error as Error).name)) throw error;
      runner.warning(`Preflight could not check (${(error as Error).name}): ${check.what.split(',')[0]}.`);
    }
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Preflight found ${problems.length} problem(s); nothing was changed:\n- ${problems.join('\n- ')}`,
    );
  }
  if (checks.length > 0) runner.info(`Preflight: ${checks.length} check(s) passed.`);
}
