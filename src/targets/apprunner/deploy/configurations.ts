import type { Service } from '@aws-sdk/client-apprunner';
import type { AppRunnerContext } from '../context.js';
import type { Resolved } from '../plan/shape.js';
import { chooseXray, createXray, type ObservabilityChoice } from './observability.js';
import { chooseScaling, createScalingRevision, type ScalingChoice } from './scaling.js';

/** The shared configurations the inputs describe by value: found while reading, created in `prepare`. */
export interface ConfigurationChoices {
  scaling?: ScalingChoice;
  observability?: ObservabilityChoice;
}

/** Read-only: what `min-instances`... and `tracing: xray` resolve to. */
export async function chooseConfigurations(
  context: AppRunnerContext,
  current: Service | undefined,
): Promise<ConfigurationChoices> {
  const { clients, config } = context;
  return {
    scaling: config.scaling ? await chooseScaling(clients.apprunner, config.scaling) : undefined,
    observability:
      config.tracing === 'xray' ? await chooseXray(clients.apprunner, { service: config.service, current }) : undefined,
  };
}

/** Creates what was chosen for creation. Called only once every check has passed. */
export async function createConfigurations(
  context: AppRunnerContext,
  choices: ConfigurationChoices,
): Promise<ConfigurationChoices> {
  const client = context.clients.apprunner;
  let { scaling, observability } = choices;
  if (scaling && 'create' in scaling) scaling = { arn: await createScalingRevision(client, scaling.create) };
  if (observability && 'create' in observability)
    observability = { arn: await createXray(client, observability.create) };
  return { scaling, observability };
}

/** What the plan lays over the inputs; a configuration still to create shows as a stand-in in the draft plan. */
export function resolvedConfigurations(
  choices: ConfigurationChoices,
): Pick<Resolved, 'autoScalingConfigArn' | 'observabilityConfigArn'> {
  const { scaling, observability } = choices;
  return {
    autoScalingConfigArn: scaling && ('arn' in scaling ? scaling.arn : `(new revision of ${scaling.create.name})`),
    observabilityConfigArn:
      observability && ('arn' in observability ? observability.arn : `(new configuration ${observability.create})`),
  };
}
