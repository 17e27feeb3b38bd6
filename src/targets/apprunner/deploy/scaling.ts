import { ServiceQuotaExceededException, type AppRunnerClient } from '@aws-sdk/client-apprunner';
import { DeployError } from '../../../core/outcome.js';
import * as workflow from '../../../core/workflow.js';
import { createScaling, describeScaling, listScalingRevisions } from '../aws/configurations.js';
import type { ScalingInput } from '../config.js';

/** An existing configuration revision, or one to create once every check has passed. */
export type ScalingChoice = { arn: string } | { create: ScalingInput };

const describeValues = (wanted: ScalingInput) =>
  `min ${wanted.minSize}, max ${wanted.maxSize}, concurrency ${wanted.maxConcurrency}`;

/**
 * Read-only: the newest ACTIVE revision of the name with exactly these values, else a revision to create. Revisions
 * are immutable, so a match is what a rerun with the same inputs finds, and it creates nothing.
 */
export async function chooseScaling(client: AppRunnerClient, wanted: ScalingInput): Promise<ScalingChoice> {
  const revisions = (await listScalingRevisions(client, wanted.name))
    .filter((summary) => summary.Status === 'ACTIVE' && summary.AutoScalingConfigurationArn)
    .sort((a, b) => (b.AutoScalingConfigurationRevision ?? 0) - (a.AutoScalingConfigurationRevision ?? 0));
  for (const summary of revisions) {
    const revision = await describeScaling(client, summary.AutoScalingConfigurationArn ?? '');
    const same =
      revision.MinSize === wanted.minSize &&
      revision.MaxSize === wanted.maxSize &&
      revision.MaxConcurrency === wanted.maxConcurrency;
    if (same && revision.AutoScalingConfigurationArn) {
      workflow.info(
        `Auto scaling: using ${wanted.name} revision ${revision.AutoScalingConfigurationRevision} (${describeValues(wanted)}).`,
      );
      return { arn: revision.AutoScalingConfigurationArn };
    }
  }
  return { create: wanted };
}

/** Creates the revision; the account quota on configurations is met in real life, so its refusal says what to delete. */
export async function createScalingRevision(client: AppRunnerClient, wanted: ScalingInput): Promise<string> {
  workflow.info(`Auto scaling: creating a revision of ${wanted.name} (${describeValues(wanted)}).`);
  const created = await createScaling(client, wanted).catch(async (error: unknown) => {
    if (!(error instanceof ServiceQuotaExceededException)) throw error;
    throw new DeployError(await quotaMessage(client, wanted, error.message));
  });
  if (!created.AutoScalingConfigurationArn)
    throw new DeployError(`CreateAutoScalingConfiguration answered no ARN for ${wanted.name}.`);
  return created.AutoScalingConfigurationArn;
}

async function quotaMessage(client: AppRunnerClient, wanted: ScalingInput, why: string): Promise<string> {
  const unused = (await listScalingRevisions(client).catch(() => []))
    .filter((summary) => summary.Status === 'ACTIVE' && !summary.HasAssociatedService && !summary.IsDefault)
    .map((summary) => summary.AutoScalingConfigurationArn)
    .filter((arn): arn is string => arn !== undefined);
  const candidates =
    unused.length > 0
      ? ` Revisions no service uses, which could be deleted (\`aws apprunner delete-auto-scaling-configuration --auto-scaling-configuration-arn ARN\`): ${unused.join(', ')}.`
      : ' Every revision is in use or the default: delete one a service no longer needs.';
  return (
    `App Runner refused a new revision of auto scaling configuration ${wanted.name} (${describeValues(wanted)}): ` +
    `the account quota on auto scaling configurations (10 names, 5 revisions a name, per region) is reached (${why}). ` +
    `The service was not changed.${candidates} Or request a quota increase in Service Quotas, or set \`auto-scaling-config-arn\` to an existing configuration.`
  );
}
