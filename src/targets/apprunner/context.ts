import { AppRunnerClient, type Service } from '@aws-sdk/client-apprunner';
import { clientOptions, createClients, type Clients } from '../../core/aws/clients.js';
import type { Outcome } from '../../core/outcome.js';
import type { DeployContext } from '../../core/target.js';
import type { AppRunnerConfig } from './config.js';

/** App Runner's client beside the shared ones: every run needs it, so it is made at once. */
export interface AppRunnerClients extends Clients {
  readonly apprunner: AppRunnerClient;
}

export function createAppRunnerClients(region: string): AppRunnerClients {
  const options = clientOptions(region);
  return { ...createClients(options), apprunner: new AppRunnerClient(options) };
}

/** What App Runner adds to the outcome: its outputs `service-id` and `vpc-connector-arn`. */
export interface AppRunnerOutcome extends Outcome {
  serviceId?: string;
  vpcConnectorArn?: string;
  /** The `custom-domain`'s association status, and its DNS records as JSON (outputs of the same names). */
  customDomainStatus?: string;
  customDomainRecords?: string;
}

export type AppRunnerContext = DeployContext<AppRunnerConfig, AppRunnerClients, AppRunnerOutcome>;

/** Records what DescribeService (or a mutating call) answered about the service. */
export function recordService(
  outcome: AppRunnerOutcome,
  service: Pick<Service, 'ServiceName' | 'ServiceArn' | 'ServiceId' | 'ServiceUrl' | 'Status'> & {
    NetworkConfiguration?: { EgressConfiguration?: { VpcConnectorArn?: string } };
  },
): void {
  outcome.serviceName = service.ServiceName ?? outcome.serviceName;
  outcome.serviceArn = service.ServiceArn ?? outcome.serviceArn;
  outcome.serviceId = service.ServiceId ?? outcome.serviceId;
  // App Runner answers the bare domain; users click and curl URLs.
  if (service.ServiceUrl) outcome.serviceUrl = `https://${service.ServiceUrl.replace(/^https?:\/\//, '')}`;
  outcome.serviceStatus = service.Status ?? outcome.serviceStatus;
  // What the service egresses through now: none after a switch back to default egress.
  if (service.NetworkConfiguration)
    outcome.vpcConnectorArn = service.NetworkConfiguration.EgressConfiguration?.VpcConnectorArn;
}

/** The image a service serves: the one in its configuration while it is RUNNING; none in any other state. */
export function servingImage(service: Pick<Service, 'Status' | 'SourceConfiguration'>): string | undefined {
  return service.Status === 'RUNNING' ? service.SourceConfiguration?.ImageRepository?.ImageIdentifier : undefined;
}

export function appRunnerOutputs(outcome: AppRunnerOutcome): Record<string, string | undefined> {
  return {
    'service-arn': outcome.serviceArn,
    'service-id': outcome.serviceId,
    'service-url': outcome.serviceUrl,
    'service-status': outcome.serviceStatus,
    'operation-id': outcome.operationId,
    'operation-status': outcome.operationStatus,
    'image-uri': outcome.imageUri,
    'serving-image-uri': outcome.servingImageUri,
    'image-digest': outcome.imageDigest,
    'vpc-connector-arn': outcome.vpcConnectorArn,
    'custom-domain-status': outcome.customDomainStatus,
    'custom-domain-records': outcome.customDomainRecords,
  };
}
