/**
 * App Runner resources as the emulator keeps them, and their wire views (DescribeService, ListServices, VpcConnector).
 * Config structures reuse the SDK's own types so field names cannot drift from the API model.
 */
import { createHash, randomBytes } from 'node:crypto';
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
  failure: 'health-check' | 'image-pull';
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

/** A stable 32-hex id for resources the emulator only references (auto scaling configurations). */
export const stableId = (seed: string): string => createHash('sha256').update(seed).digest('hex').slice(0, 32);

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

export const defaultAutoScalingArn = (place: Place): string =>
  appRunnerArn(place, `autoscalingconfiguration/DefaultConfiguration/1/${stableId('DefaultConfiguration')}`);

export const isPublic = (config: ServiceConfig): boolean =>
  config.NetworkConfiguration.IngressConfiguration?.IsPubliclyAccessible !== false;

function autoScalingSummary(arn: string, createdAt: number): JsonObject {
  const [, name = 'DefaultConfiguration', revision = '1'] = arn.split(':').slice(5).join(':').split('/');
  return {
    AutoScalingConfigurationArn: arn,
    AutoScalingConfigurationName: name,
    AutoScalingConfigurationRevision: Number(revision),
    Status: 'ACTIVE',
    CreatedAt: epochSeconds(createdAt),
    HasAssociatedService: true,
    IsDefault: name === 'DefaultConfiguration',
  };
}

const clone = <T>(value: T): T => structuredClone(value);

/** The `Service` structure DescribeService, CreateService, UpdateService, DeleteService, Pause and Resume return. */
export function describeService(service: ServiceRecord, shown: ServiceConfig = service.config): JsonObject {
  const view: JsonObject = {
    ServiceName: service.name,
    ServiceId: service.id,
    ServiceArn: service.arn,
    CreatedAt: epochSeconds(service.createdAt),
    UpdatedAt: epochSeconds(service.updatedAt),
    Status: service.status,
    SourceConfiguration: clone(shown.SourceConfiguration) as JsonObject,
    InstanceConfiguration: clone(shown.InstanceConfiguration) as unknown as JsonObject,
    HealthCheckConfiguration: clone(shown.HealthCheckConfiguration) as JsonObject,
    AutoScalingConfigurationSummary: autoScalingSummary(shown.AutoScalingConfigurationArn, service.createdAt),
    NetworkConfiguration: clone(shown.NetworkConfiguration) as JsonObject,
    ObservabilityConfiguration: clone(shown.ObservabilityConfiguration) as unknown as JsonObject,
  };
  // Private services have no URL: AWS leaves the member out (aws-sdk-go#4635).
  if (isPublic(shown)) view.ServiceUrl = service.host;
  if (service.deletedAt !== undefined) view.DeletedAt = epochSeconds(service.deletedAt);
  if (service.encryption) view.EncryptionConfiguration = clone(service.encryption) as unknown as JsonObject;
  return view;
}

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
