/**
 * App Runner resources as the emulator keeps them, and their wire views (DescribeService, ListServices, VpcConnector).
 * Config structures reuse the SDK's own types so field names cannot drift from the API model.
 */
import { randomBytes } from 'node:crypto';
import type {
  EncryptionConfiguration,
  HealthCheckConfiguration,
  NetworkConfiguration,
  OperationStatus,
  OperationType,
  ServiceObservabilityConfiguration,
  ServiceStatus,
  SourceConfiguration,
  VpcConnectorStatus,
} from '@aws-sdk/client-apprunner';
import { epochSeconds, type JsonObject } from '../json.ts';

export type { OperationStatus, OperationType, ServiceStatus, VpcConnectorStatus };

export interface InstanceSettings {
  /** Always in units ("1024"), as AWS answers. */
  Cpu: string;
  /** Always in MB ("2048"), as AWS answers. */
  Memory: string;
  InstanceRoleArn?: string;
}

/** Everything DescribeService reports that UpdateService can change. */
export interface ServiceConfig {
  SourceConfiguration: SourceConfiguration;
  InstanceConfiguration: InstanceSettings;
  HealthCheckConfiguration: Required<HealthCheckConfiguration>;
  NetworkConfiguration: NetworkConfiguration;
  ObservabilityConfiguration: ServiceObservabilityConfiguration;
  AutoScalingConfigurationArn: string;
}

export interface OperationRecord {
  id: string;
  type: OperationType;
  status: OperationStatus;
  targetArn: string;
  startedAt: number;
  updatedAt: number;
  endedAt?: number;
  /** What the service goes back to when the operation fails or rolls back. */
  previous: { status: ServiceStatus; config: ServiceConfig };
  target: ServiceConfig;
  /** Why a failing deployment fails, for the service event log. */
  failure: 'health-check' | 'image-pull' | 'build';
  /** A source-code deployment's build output, written to its deployment log. */
  buildLog?: string[];
}

export interface ServiceRecord {
  name: string;
  id: string;
  arn: string;
  /** Generated once; reported only while the service is publicly accessible. */
  host: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  status: ServiceStatus;
  config: ServiceConfig;
  encryption?: EncryptionConfiguration;
  tags: Map<string, string>;
  /** Oldest first. */
  operations: OperationRecord[];
}

export interface ConnectorRecord {
  name: string;
  arn: string;
  revision: number;
  subnets: string[];
  securityGroups: string[];
  status: VpcConnectorStatus;
  createdAt: number;
  deletedAt?: number;
  tags: Map<string, string>;
}

export interface Place {
  region: string;
  accountId: string;
  partition: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export const newId = (): string => randomBytes(16).toString('hex');

export const appRunnerArn = (place: Place, resource: string): string =>
  `arn:${place.partition}:apprunner:${place.region}:${place.accountId}:${resource}`;

export function newServiceHost(region: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(10);
  const label = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
  return `${label}.${region}.awsapprunner.com`;
}

export const DEFAULT_HEALTH_CHECK: Required<HealthCheckConfiguration> = {
  Protocol: 'TCP',
  Path: '/',
  Interval: 5,
  Timeout: 2,
  HealthyThreshold: 1,
  UnhealthyThreshold: 5,
};

export const isPublic = (config: ServiceConfig): boolean =>
  config.NetworkConfiguration.IngressConfiguration?.IsPubliclyAccessible !== false;

export function summarizeService(service: ServiceRecord): JsonObject {
  const summary: JsonObject = {
    ServiceName: service.name,
    ServiceId: service.id,
    ServiceArn: service.arn,
    CreatedAt: epochSeconds(service.createdAt),
    UpdatedAt: epochSeconds(service.updatedAt),
    Status: service.status,
  };
  if (isPublic(service.config)) summary.ServiceUrl = service.host;
  return summary;
}

export function describeConnector(connector: ConnectorRecord): JsonObject {
  const view: JsonObject = {
    VpcConnectorName: connector.name,
    VpcConnectorArn: connector.arn,
    VpcConnectorRevision: connector.revision,
    Subnets: [...connector.subnets],
    SecurityGroups: [...connector.securityGroups],
    Status: connector.status,
    CreatedAt: epochSeconds(connector.createdAt),
  };
  if (connector.deletedAt !== undefined) view.DeletedAt = epochSeconds(connector.deletedAt);
  return view;
}

export function summarizeOperation(operation: OperationRecord): JsonObject {
  const summary: JsonObject = {
    Id: operation.id,
    Type: operation.type,
    Status: operation.status,
    TargetArn: operation.targetArn,
    StartedAt: epochSeconds(operation.startedAt),
    UpdatedAt: epochSeconds(operation.updatedAt),
  };
  if (operation.endedAt !== undefined) summary.EndedAt = epochSeconds(operation.endedAt);
  return summary;
}
