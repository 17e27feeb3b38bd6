import type { Clients } from './aws/clients.js';
import { imageExists, parameterExists, secretExists } from './aws/lookups.js';
import type { CommonConfig } from './config.js';
import type { ImageReference } from './inputs/image.js';
import type { SecretReference } from './inputs/secrets.js';
import { DeployError } from './outcome.js';
import * as workflow from './workflow.js';

type Check = { what: string; region?: string; account?: string; exists: () => Promise<boolean> };

/**
 * Checks, before any change, what would otherwise fail minutes later inside the service: every secret exists (its
 * metadata only: no value is read) and the private ECR image exists. What the deploy role may not see (another
 * region, another account, a missing permission) is reported as not checked rather than as missing: the service's
 * own roles, not this one, are what read them.
 */
export async function preflight(options: {
  context: { config: CommonConfig; clients: Clients };
  secrets: Record<string, SecretReference>;
  image?: ImageReference;
  /** The deploy's account, when the inputs tell. */
  account?: string;
}): Promise<void> {
  const { clients, config } = options.context;
  const checks: Check[] = Object.entries(options.secrets).map(([name, reference]) => ({
    what: `secret \`${name}\` points at ${reference.value}, which does not exist (input \`secrets\`).`,
    region: reference.region,
    account: reference.account,
    exists: async () =>
      reference.store === 'secretsmanager'
        ? secretExists(await clients.secretsManager(), reference.id)
        : parameterExists(await clients.ssm(), reference.name),
  }));
  const ecr = options.image?.ecr;
  if (ecr) {
    checks.push({
      what: `image ${options.image?.identifier} is not in ECR (input \`image\`): push it first, or set \`ecr-repository\` to push it here.`,
      region: ecr.region,
      account: ecr.registryId,
      exists: async () => imageExists(await clients.ecr(), ecr),
    });
  }
  const problems: string[] = [];
  for (const check of checks) {
    const elsewhere = check.account && options.account && check.account !== options.account;
    if ((check.region && check.region !== config.region) || elsewhere) {
      workflow.info(`Preflight: not checked from this region and account: ${check.what.split(',')[0]}`);
      continue;
    }
    try {
      if (!(await check.exists())) problems.push(check.what);
    } catch (error) {
      if (!/AccessDenied/.test((error as Error).name)) throw error;
      workflow.warning(`Preflight could not check (${(error as Error).name}): ${check.what.split(',')[0]}.`);
    }
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Preflight found ${problems.length} problem(s); nothing was changed:\n- ${problems.join('\n- ')}`,
    );
  }
  if (checks.length > 0) workflow.info(`Preflight: ${checks.length} check(s) passed.`);
}
