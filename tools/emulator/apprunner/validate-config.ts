/**
 * Reads and checks the configuration structures of CreateService/UpdateService, member by member, the way the API
 * model constrains them. Cross-member rules about the resulting service live in service-rules.ts.
 */
import type {
  AuthenticationConfiguration,
  CodeRepository,
  EgressConfiguration,
  ImageRepository,
  IngressConfiguration,
  IpAddressType,
  ServiceObservabilityConfiguration,
} from '@aws-sdk/client-apprunner';
import { invalidRequest, missingMember } from '../errors.ts';
import { checkShape } from '../model/check.ts';
import { optBoolean, optInteger, optObject, optString, optStringMap, reqString, type JsonObject } from '../json.ts';
import { parseCodeRepository } from './code-source.ts';
import { resolveConfiguration, type ConfigurationPlace } from './configurations.ts';
import { DEFAULT_HEALTH_CHECK, type InstanceSettings, type Place, type ServiceConfig } from './model.ts';
import { checkOwnArn, checkPort, checkRoleArn, imageKind, normalizeCpu, normalizeMemory } from './validate-fields.ts';

export interface SourceInput {
  ImageRepository?: ImageRepository;
  CodeRepository?: CodeRepository;
  AutoDeploymentsEnabled?: boolean;
  AuthenticationConfiguration?: AuthenticationConfiguration;
}

export interface NetworkInput {
  EgressConfiguration?: EgressConfiguration;
  IngressConfiguration?: IngressConfiguration;
  IpAddressType?: IpAddressType;
}

/** The structures a request carried, each already filled with AWS defaults for the members it left out. */
export interface ConfigInput {
  SourceConfiguration?: SourceInput;
  InstanceConfiguration?: InstanceSettings;
  HealthCheckConfiguration?: ServiceConfig['HealthCheckConfiguration'];
  NetworkConfiguration?: NetworkInput;
  ObservabilityConfiguration?: ServiceObservabilityConfiguration;
  AutoScalingConfigurationArn?: string;
}

const ENV_RESERVED_PREFIX = 'AWSAPPRUNNER';

function parseImageConfiguration(obj: JsonObject | undefined, path: string): ImageRepository['ImageConfiguration'] {
  const port = obj ? optString({ obj, key: 'Port', path: `${path}.port` }) : undefined;
  if (port !== undefined) checkPort(`${path}.port`, port);
  const result: NonNullable<ImageRepository['ImageConfiguration']> = { Port: port ?? '8080' };
  if (!obj) return result;
  const start = optString({ obj, key: 'StartCommand', path: `${path}.startCommand` });
  if (start !== undefined) result.StartCommand = start;
  const variables = optStringMap({
    obj,
    key: 'RuntimeEnvironmentVariables',
    path: `${path}.runtimeEnvironmentVariables`,
  });
  const secrets = optStringMap({ obj, key: 'RuntimeEnvironmentSecrets', path: `${path}.runtimeEnvironmentSecrets` });
  for (const name of [...Object.keys(variables ?? {}), ...Object.keys(secrets ?? {})]) {
    if (name.length === 0) throw invalidRequest(`${path}: environment variable names can't be empty`);
    if (name.startsWith(ENV_RESERVED_PREFIX)) {
      throw invalidRequest(`${path}: environment variable names can't start with ${ENV_RESERVED_PREFIX}: ${name}`);
    }
    if (variables?.[name] !== undefined && secrets?.[name] !== undefined) {
      throw invalidRequest(`${path}: '${name}' is both a runtime environment variable and a secret`);
    }
  }
  if (variables && Object.keys(variables).length > 0) result.RuntimeEnvironmentVariables = { ...variables };
  if (secrets && Object.keys(secrets).length > 0) result.RuntimeEnvironmentSecrets = { ...secrets };
  return result;
}

function parseImageRepository(obj: JsonObject, path: string): ImageRepository {
  const identifier = reqString({ obj, key: 'ImageIdentifier', path: `${path}.imageIdentifier` });
  const type = reqString({ obj, key: 'ImageRepositoryType', path: `${path}.imageRepositoryType` });
  const kind = imageKind(identifier);
  if (kind !== type) {
    throw invalidRequest(
      `ImageRepositoryType ${type} doesn't match the image identifier ${identifier} (a ${kind} image)`,
    );
  }
  const config = optObject({ obj, key: 'ImageConfiguration', path: `${path}.imageConfiguration` });
  return {
    ImageIdentifier: identifier,
    ImageConfiguration: parseImageConfiguration(config, `${path}.imageConfiguration`),
    ImageRepositoryType: kind,
  };
}

function parseSource(obj: JsonObject, place: Place): SourceInput {
  const path = 'sourceConfiguration';
  const source: SourceInput = {};
  const image = optObject({ obj, key: 'ImageRepository', path: `${path}.imageRepository` });
  const code = optObject({ obj, key: 'CodeRepository', path: `${path}.codeRepository` });
  if (image && code)
    throw invalidRequest('SourceConfiguration can contain either ImageRepository or CodeRepository, not both');
  if (image) source.ImageRepository = parseImageRepository(image, `${path}.imageRepository`);
  if (code) source.CodeRepository = parseCodeRepository(code, `${path}.codeRepository`);
  const auto = optBoolean({ obj, key: 'AutoDeploymentsEnabled', path: `${path}.autoDeploymentsEnabled` });
  if (auto !== undefined) source.AutoDeploymentsEnabled = auto;
  const auth = optObject({ obj, key: 'AuthenticationConfiguration', path: `${path}.authenticationConfiguration` });
  if (auth) {
    const authPath = `${path}.authenticationConfiguration`;
    const role = optString({ obj: auth, key: 'AccessRoleArn', path: `${authPath}.accessRoleArn` });
    if (role !== undefined) checkRoleArn({ path: `${authPath}.accessRoleArn`, value: role, place });
    const connection = optString({ obj: auth, key: 'ConnectionArn', path: `${authPath}.connectionArn` });
    if (connection !== undefined && !code) {
      throw invalidRequest('ConnectionArn applies to source code repositories only');
    }
    source.AuthenticationConfiguration = {
      ...(role === undefined ? {} : { AccessRoleArn: role }),
      ...(connection === undefined ? {} : { ConnectionArn: connection }),
    };
  }
  return source;
}

function parseInstance(obj: JsonObject, place: Place): InstanceSettings {
  const path = 'instanceConfiguration';
  const cpu = optString({ obj, key: 'Cpu', path: `${path}.cpu` });
  const memory = optString({ obj, key: 'Memory', path: `${path}.memory` });
  const role = optString({ obj, key: 'InstanceRoleArn', path: `${path}.instanceRoleArn` });
  const settings: InstanceSettings = {
    Cpu: cpu === undefined ? '1024' : normalizeCpu(`${path}.cpu`, cpu),
    Memory: memory === undefined ? '2048' : normalizeMemory(`${path}.memory`, memory),
  };
  if (role !== undefined) {
    checkRoleArn({ path: `${path}.instanceRoleArn`, value: role, place });
    settings.InstanceRoleArn = role;
  }
  return settings;
}

function parseHealthCheck(obj: JsonObject): ServiceConfig['HealthCheckConfiguration'] {
  const path = 'healthCheckConfiguration';
  const health = { ...DEFAULT_HEALTH_CHECK };
  const protocol = optString({ obj, key: 'Protocol', path: `${path}.protocol` });
  if (protocol) health.Protocol = protocol as 'TCP' | 'HTTP';
  const healthPath = optString({ obj, key: 'Path', path: `${path}.path` });
  if (healthPath !== undefined) health.Path = healthPath;
  for (const key of ['Interval', 'Timeout', 'HealthyThreshold', 'UnhealthyThreshold'] as const) {
    const value = optInteger({ obj, key, path: `${path}.${key[0].toLowerCase()}${key.slice(1)}` });
    if (value !== undefined) health[key] = value;
  }
  return health;
}

function parseNetwork(obj: JsonObject, place: Place): NetworkInput {
  const path = 'networkConfiguration';
  const network: NetworkInput = {};
  const egress = optObject({ obj, key: 'EgressConfiguration', path: `${path}.egressConfiguration` });
  if (egress) {
    const egressPath = `${path}.egressConfiguration`;
    const type = optString({ obj: egress, key: 'EgressType', path: `${egressPath}.egressType` }) as
      'DEFAULT' | 'VPC' | undefined;
    const arn = optString({ obj: egress, key: 'VpcConnectorArn', path: `${egressPath}.vpcConnectorArn` });
    if (arn !== undefined)
      checkOwnArn({ path: `${egressPath}.vpcConnectorArn`, value: arn, kind: 'vpcconnector', place });
    network.EgressConfiguration =
      arn === undefined ? { EgressType: type ?? 'DEFAULT' } : { EgressType: type ?? 'DEFAULT', VpcConnectorArn: arn };
  }
  const ingress = optObject({ obj, key: 'IngressConfiguration', path: `${path}.ingressConfiguration` });
  if (ingress) {
    const open = optBoolean({
      obj: ingress,
      key: 'IsPubliclyAccessible',
      path: `${path}.ingressConfiguration.isPubliclyAccessible`,
    });
    network.IngressConfiguration = { IsPubliclyAccessible: open ?? true };
  }
  const ipType = optString({ obj, key: 'IpAddressType', path: `${path}.ipAddressType` }) as IpAddressType | undefined;
  if (ipType) network.IpAddressType = ipType;
  return network;
}

function parseObservability(obj: JsonObject, place: ConfigurationPlace): ServiceObservabilityConfiguration {
  const path = 'observabilityConfiguration';
  const enabled = optBoolean({ obj, key: 'ObservabilityEnabled', path: `${path}.observabilityEnabled` });
  if (enabled === undefined) throw missingMember(`${path}.observabilityEnabled`);
  const arn = optString({ obj, key: 'ObservabilityConfigurationArn', path: `${path}.observabilityConfigurationArn` });
  if (enabled && arn === undefined) {
    throw invalidRequest('ObservabilityConfigurationArn is required when ObservabilityEnabled is true');
  }
  if (!enabled && arn !== undefined) {
    throw invalidRequest('ObservabilityConfigurationArn is specified only when ObservabilityEnabled is true');
  }
  if (arn === undefined) return { ObservabilityEnabled: false };
  const { arn: full } = resolveConfiguration(place, {
    path: `${path}.observabilityConfigurationArn`,
    value: arn,
    kind: 'observabilityconfiguration',
  });
  return { ObservabilityEnabled: true, ObservabilityConfigurationArn: full };
}

/** Request member → its model shape. */
const MODEL_SHAPES: Record<string, string> = {
  SourceConfiguration: 'SourceConfiguration',
  InstanceConfiguration: 'InstanceConfiguration',
  HealthCheckConfiguration: 'HealthCheckConfiguration',
  NetworkConfiguration: 'NetworkConfiguration',
  ObservabilityConfiguration: 'ServiceObservabilityConfiguration',
  AutoScalingConfigurationArn: 'AppRunnerResourceArn',
};

/**
 * A request has passed the model check at the front end already; a seed has not. Checking here too keeps a seed
 * from holding anything a request could not.
 */
function checkModel(body: JsonObject): void {
  for (const [key, shape] of Object.entries(MODEL_SHAPES)) {
    const value = body[key];
    const path = key[0].toLowerCase() + key.slice(1);
    if (value !== undefined && value !== null) checkShape({ service: 'apprunner', shape, path, value });
  }
}

/** Parses a request's configuration; configuration ARNs resolve against `place` to the full ARNs AWS records. */
export function parseConfigInput(body: JsonObject, place: ConfigurationPlace): ConfigInput {
  checkModel(body);
  const input: ConfigInput = {};
  const source = optObject({ obj: body, key: 'SourceConfiguration', path: 'sourceConfiguration' });
  if (source) input.SourceConfiguration = parseSource(source, place);
  const instance = optObject({ obj: body, key: 'InstanceConfiguration', path: 'instanceConfiguration' });
  if (instance) input.InstanceConfiguration = parseInstance(instance, place);
  const health = optObject({ obj: body, key: 'HealthCheckConfiguration', path: 'healthCheckConfiguration' });
  if (health) input.HealthCheckConfiguration = parseHealthCheck(health);
  const network = optObject({ obj: body, key: 'NetworkConfiguration', path: 'networkConfiguration' });
  if (network) input.NetworkConfiguration = parseNetwork(network, place);
  const observability = optObject({ obj: body, key: 'ObservabilityConfiguration', path: 'observabilityConfiguration' });
  if (observability) input.ObservabilityConfiguration = parseObservability(observability, place);
  const scaling = optString({ obj: body, key: 'AutoScalingConfigurationArn', path: 'autoScalingConfigurationArn' });
  if (scaling !== undefined) {
    const path = 'autoScalingConfigurationArn';
    input.AutoScalingConfigurationArn = resolveConfiguration(place, {
      path,
      value: scaling,
      kind: 'autoscalingconfiguration',
    }).arn;
  }
  return input;
}
