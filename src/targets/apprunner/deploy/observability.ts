import { ServiceQuotaExceededException, type AppRunnerClient, type Service } from '@aws-sdk/client-apprunner';
import { DeployError } from '../../../core/outcome.js';
import * as workflow from '../../../core/workflow.js';
import { createXrayObservability, describeObservability, listObservabilityRevisions } from '../aws/configurations.js';

/** An observability configuration with X-Ray tracing that exists, or the name to create one under. */
export type ObservabilityChoice = { arn: string } | { create: string };

/** Ours, so it never meets AWS's reserved `DefaultConfiguration`; 27 + 5 characters keep within the 32 allowed. */
export const xrayConfigurationName = (service: string): string => `${service.slice(0, 27)}-xray`;

const isXray = (configuration: { Status?: string; TraceConfiguration?: { Vendor?: string } }) =>
  configuration.Status === 'ACTIVE' && configuration.TraceConfiguration?.Vendor === 'AWSXRAY';

/**
 * Read-only, for `tracing: xray`: the configuration the service has when it already traces with X-Ray (so a rerun
 * changes nothing), else the newest X-Ray revision of our name, else one to create.
 */
export async function chooseXray(
  client: AppRunnerClient,
  input: { service: string; current?: Service },
): Promise<ObservabilityChoice> {
  const observability = input.current?.ObservabilityConfiguration;
  if (observability?.ObservabilityEnabled && observability.ObservabilityConfigurationArn) {
    const current = await describeObservability(client, observability.ObservabilityConfigurationArn);
    if (isXray(current)) return { arn: observability.ObservabilityConfigurationArn };
  }
  const name = xrayConfigurationName(input.service);
  const revisions = (await listObservabilityRevisions(client, name)).sort(
    (a, b) => (b.ObservabilityConfigurationRevision ?? 0) - (a.ObservabilityConfigurationRevision ?? 0),
  );
  for (const summary of revisions) {
    if (!summary.ObservabilityConfigurationArn) continue;
    const revision = await describeObservability(client, summary.ObservabilityConfigurationArn);
    if (isXray(revision)) {
      workflow.info(
        `Tracing: using observability configuration ${name} revision ${summary.ObservabilityConfigurationRevision} (X-Ray).`,
      );
      return { arn: summary.ObservabilityConfigurationArn };
    }
  }
  return { create: name };
}

export async function createXray(client: AppRunnerClient, name: string): Promise<string> {
  workflow.info(`Tracing: creating observability configuration ${name} with X-Ray tracing.`);
  const created = await createXrayObservability(client, name).catch((error: unknown) => {
    if (!(error instanceof ServiceQuotaExceededException)) throw error;
    throw new DeployError(
      `App Runner refused observability configuration ${name}: the account quota on observability configurations is reached (${error.message}). ` +
        'The service was not changed. Delete observability configurations no service uses (App Runner console, or `aws apprunner delete-observability-configuration`), ' +
        'or set `observability-config-arn` to an existing one with X-Ray tracing instead of `tracing: xray`.',
    );
  });
  if (!created.ObservabilityConfigurationArn)
    throw new DeployError(`CreateObservabilityConfiguration answered no ARN for ${name}.`);
  return created.ObservabilityConfigurationArn;
}
