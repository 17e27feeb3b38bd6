import { ECSClient, type ECSExpressGatewayService } from '@aws-sdk/client-ecs';
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
    'serving-image-uri': outcome.servingImageUri,
    'image-digest': outcome.imageDigest,
  };
}

/** Records what DescribeExpressGatewayService (or Create) answered about the service. */
export function recordExpress(outcome: ExpressOutcome, express: ECSExpressGatewayService): void {
  outcome.serviceName = express.serviceName ?? outcome.serviceName;
  outcome.serviceArn = express.serviceArn ?? outcome.serviceArn;
  outcome.serviceStatus = express.status?.statusCode ?? outcome.serviceStatus;
  const paths = express.activeConfigurations?.flatMap((active) => active.ingressPaths ?? []) ?? [];
  const endpoint = (paths.find((path) => path.accessType === 'PUBLIC') ?? paths[0])?.endpoint;
  if (endpoint) outcome.serviceUrl = `https://${endpoint.replace(/^https?:\/\//, '')}`;
}

/** The image an ACTIVE service's active configuration runs; none when the service is in any other state. */
export function servingExpressImage(express: ECSExpressGatewayService): string | undefined {
  if (express.status?.statusCode !== 'ACTIVE') return undefined;
  return express.activeConfigurations?.[0]?.primaryContainer?.image;
}
