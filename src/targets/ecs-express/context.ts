import { ECSClient } from '@aws-sdk/client-ecs';
import { clientOptions, createClients, type Clients } from '../../core/aws/clients.js';
import type { Outcome } from '../../core/outcome.js';
import type { DeployContext } from '../../core/target.js';
import type { ExpressConfig } from './config.js';

/** ECS's client beside the shared ones; the options are kept for the App Runner client a migration makes. */
export interface ExpressClients extends Clients {
  readonly ecs: ECSClient;
  readonly options: ReturnType<typeof clientOptions>;
}

export function createExpressClients(region: string): ExpressClients {
  const options = clientOptions(region);
  return { ...createClients(options), ecs: new ECSClient(options), options };
}

/** What Express adds to the outcome: the revision the deployment rolled out. */
export interface ExpressOutcome extends Outcome {
  serviceRevisionArn?: string;
  /** Where the deployed container logs (not an output): what a failure's diagnosis reads. */
  logGroup?: string;
  logStreamPrefix?: string;
}

export type ExpressContext = DeployContext<ExpressConfig, ExpressClients, ExpressOutcome>;

export function expressOutputs(outcome: ExpressOutcome): Record<string, string | undefined> {
  return {
    'service-arn': outcome.serviceArn,
    'service-url': outcome.serviceUrl,
    'service-status': outcome.serviceStatus,
    'deployment-arn': outcome.operationId,
    'deployment-status': outcome.operationStatus,
    'service-revision-arn': outcome.serviceRevisionArn,
    'image-uri': outcome.imageUri,
    'image-digest': outcome.imageDigest,
  };
}
