import {
  CreateAutoScalingConfigurationCommand,
  CreateObservabilityConfigurationCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeObservabilityConfigurationCommand,
  paginateListAutoScalingConfigurations,
  paginateListObservabilityConfigurations,
  type AppRunnerClient,
  type AutoScalingConfiguration,
  type AutoScalingConfigurationSummary,
  type ObservabilityConfiguration,
  type ObservabilityConfigurationSummary,
} from '@aws-sdk/client-apprunner';

/**
 * Auto scaling and observability configuration calls. Both are revisions under a name; List answers summaries
 * (without the values), so a revision's values come from Describe.
 */

/** Every ACTIVE revision of `name`, or of every name when it is left out. */
export async function listScalingRevisions(
  client: AppRunnerClient,
  name?: string,
): Promise<AutoScalingConfigurationSummary[]> {
  const found: AutoScalingConfigurationSummary[] = [];
  const request = { AutoScalingConfigurationName: name, LatestOnly: false };
  for await (const page of paginateListAutoScalingConfigurations({ client, pageSize: 100 }, request)) {
    found.push(...(page.AutoScalingConfigurationSummaryList ?? []));
  }
  return found;
}

export async function describeScaling(client: AppRunnerClient, arn: string): Promise<AutoScalingConfiguration> {
  const answer = await client.send(new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
  if (!answer.AutoScalingConfiguration)
    throw new Error(`DescribeAutoScalingConfiguration returned nothing for ${arn}.`);
  return answer.AutoScalingConfiguration;
}

export async function createScaling(
  client: AppRunnerClient,
  request: { name: string; minSize: number; maxSize: number; maxConcurrency: number },
): Promise<AutoScalingConfiguration> {
  const answer = await client.send(
    new CreateAutoScalingConfigurationCommand({
      AutoScalingConfigurationName: request.name,
      MinSize: request.minSize,
      MaxSize: request.maxSize,
      MaxConcurrency: request.maxConcurrency,
    }),
  );
  if (!answer.AutoScalingConfiguration) throw new Error('CreateAutoScalingConfiguration returned nothing.');
  return answer.AutoScalingConfiguration;
}

export async function listObservabilityRevisions(
  client: AppRunnerClient,
  name: string,
): Promise<ObservabilityConfigurationSummary[]> {
  const found: ObservabilityConfigurationSummary[] = [];
  const request = { ObservabilityConfigurationName: name, LatestOnly: false };
  for await (const page of paginateListObservabilityConfigurations({ client, pageSize: 100 }, request)) {
    found.push(...(page.ObservabilityConfigurationSummaryList ?? []));
  }
  return found;
}

export async function describeObservability(client: AppRunnerClient, arn: string): Promise<ObservabilityConfiguration> {
  const answer = await client.send(
    new DescribeObservabilityConfigurationCommand({ ObservabilityConfigurationArn: arn }),
  );
  if (!answer.ObservabilityConfiguration)
    throw new Error(`DescribeObservabilityConfiguration returned nothing for ${arn}.`);
  return answer.ObservabilityConfiguration;
}

export async function createXrayObservability(
  client: AppRunnerClient,
  name: string,
): Promise<ObservabilityConfiguration> {
  const answer = await client.send(
    new CreateObservabilityConfigurationCommand({
      ObservabilityConfigurationName: name,
      TraceConfiguration: { Vendor: 'AWSXRAY' },
    }),
  );
  if (!answer.ObservabilityConfiguration) throw new Error('CreateObservabilityConfiguration returned nothing.');
  return answer.ObservabilityConfiguration;
}
