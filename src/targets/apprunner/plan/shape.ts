import type { Service } from '@aws-sdk/client-apprunner';
import { InputError } from '../../../core/inputs/errors.js';
import { mergeEnvironment } from '../../../core/environment.js';
import type { AppRunnerConfig } from '../config.js';
import { checkPair, DEFAULT_CPU, DEFAULT_MEMORY } from '../instance.js';
import { codeSourceOf, desiredCodeSource, type CodeSource } from './shape-code.js';

export type { CodeSource };

/**
 * A service's configuration flattened to the fields this action manages, so that "what the service has" and "what
 * the inputs ask for" can be compared field by field and turned back into a request. Where the code comes from is a
 * union: an image, or a repository App Runner builds (shape-code.ts).
 */
export type ServiceShape = BaseShape & SourceShape;

export type SourceShape = ImageSource | CodeSource;

export interface ImageSource {
  kind: 'image';
  image: string;
  imageRepositoryType: string;
  accessRoleArn?: string;
}

export interface BaseShape {
  port: string;
  startCommand?: string;
  envVars: Record<string, string>;
  secrets: Record<string, string>;
  autoDeployments: boolean;
  cpu: string;
  memory: string;
  instanceRoleArn?: string;
  healthCheck: {
    protocol: string;
    path?: string;
    interval?: number;
    timeout?: number;
    healthyThreshold?: number;
    unhealthyThreshold?: number;
  };
  egress: string;
  vpcConnectorArn?: string;
  publiclyAccessible: boolean;
  /** Not an input: carried over so that a network change does not reset a dual-stack service to IPv4. */
  ipAddressType?: string;
  autoScalingConfigArn?: string;
  observabilityConfigArn?: string;
  kmsKeyArn?: string;
}

/** App Runner's own defaults for a service created without the field. */
const CREATE_DEFAULTS = { port: '8080', cpu: DEFAULT_CPU, memory: DEFAULT_MEMORY };

export function shapeOf(service: Service): ServiceShape {
  const source = service.SourceConfiguration;
  const image = source?.ImageRepository;
  // A code service's values sit in CodeConfigurationValues (absent when apprunner.yaml configures it).
  const config = image ? image.ImageConfiguration : source?.CodeRepository?.CodeConfiguration?.CodeConfigurationValues;
  const health = service.HealthCheckConfiguration;
  const observability = service.ObservabilityConfiguration;
  const kind: SourceShape = image
    ? {
        kind: 'image',
        image: image.ImageIdentifier ?? '',
        imageRepositoryType: image.ImageRepositoryType ?? 'ECR',
        accessRoleArn: source?.AuthenticationConfiguration?.AccessRoleArn,
      }
    : codeSourceOf(service);
  return {
    ...kind,
    port: config?.Port ?? CREATE_DEFAULTS.port,
    startCommand: config?.StartCommand,
    envVars: { ...config?.RuntimeEnvironmentVariables },
    secrets: { ...config?.RuntimeEnvironmentSecrets },
    autoDeployments: source?.AutoDeploymentsEnabled ?? false,
    cpu: service.InstanceConfiguration?.Cpu ?? CREATE_DEFAULTS.cpu,
    memory: service.InstanceConfiguration?.Memory ?? CREATE_DEFAULTS.memory,
    instanceRoleArn: service.InstanceConfiguration?.InstanceRoleArn,
    healthCheck: {
      protocol: health?.Protocol ?? 'TCP',
      path: health?.Protocol === 'HTTP' ? health.Path : undefined,
      interval: health?.Interval,
      timeout: health?.Timeout,
      healthyThreshold: health?.HealthyThreshold,
      unhealthyThreshold: health?.UnhealthyThreshold,
    },
    egress: service.NetworkConfiguration?.EgressConfiguration?.EgressType ?? 'DEFAULT',
    vpcConnectorArn: service.NetworkConfiguration?.EgressConfiguration?.VpcConnectorArn,
    publiclyAccessible: service.NetworkConfiguration?.IngressConfiguration?.IsPubliclyAccessible ?? true,
    ipAddressType: service.NetworkConfiguration?.IpAddressType,
    autoScalingConfigArn: service.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn,
    observabilityConfigArn: observability?.ObservabilityEnabled
      ? observability.ObservabilityConfigurationArn
      : undefined,
    kmsKeyArn: service.EncryptionConfiguration?.KmsKey,
  };
}

/** What is resolved at run time, after parsing: the image to deploy (maybe just pushed) and the connector. */
export interface Resolved {
  image?: string;
  vpcConnectorArn?: string;
  /** Found or created from `min-instances`, `max-instances`, `max-concurrency`. */
  autoScalingConfigArn?: string;
  /** Found or created for `tracing: xray`. */
  observabilityConfigArn?: string;
}

/** The shape the inputs ask for: the current one (or App Runner's defaults) with every given input laid over it. */
export function desiredShape(
  current: ServiceShape | undefined,
  config: AppRunnerConfig,
  resolved: Resolved,
): ServiceShape {
  const source = config.sourceCode
    ? desiredCodeSource(current, config)
    : desiredImageSource(current, { config, resolved });
  if (current && config.kmsKeyArn && config.kmsKeyArn !== current.kmsKeyArn) {
    throw new InputError(
      'kms-key-arn',
      'can only be set when the service is created; App Runner cannot change the key of an existing service.',
    );
  }
  const cpu = config.cpu ?? current?.cpu ?? CREATE_DEFAULTS.cpu;
  const memory = config.memory ?? current?.memory ?? CREATE_DEFAULTS.memory;
  checkPair({ cpu, memory, blame: config.cpu === undefined ? 'memory' : 'cpu' });
  const { envVars, secrets } = mergeEnvironment(current, config);
  const instanceRoleArn = config.instanceRoleArn ?? current?.instanceRoleArn;
  if (Object.keys(secrets).length > 0 && !instanceRoleArn) {
    throw new InputError(
      'instance-role-arn',
      'is required to read `secrets`: a role trusted by tasks.apprunner.amazonaws.com.',
    );
  }
  const egress = config.egress ?? current?.egress ?? 'DEFAULT';
  return {
    ...source,
    port: config.port ?? current?.port ?? CREATE_DEFAULTS.port,
    startCommand: config.startCommand ?? current?.startCommand,
    envVars,
    secrets,
    autoDeployments: config.autoDeployments,
    cpu,
    memory,
    instanceRoleArn,
    healthCheck: desiredHealthCheck(current, config),
    egress,
    vpcConnectorArn: egress === 'VPC' ? (resolved.vpcConnectorArn ?? current?.vpcConnectorArn) : undefined,
    publiclyAccessible: config.ingress ? config.ingress === 'public' : (current?.publiclyAccessible ?? true),
    ipAddressType: current?.ipAddressType,
    autoScalingConfigArn: sameConfiguration(
      resolved.autoScalingConfigArn ?? config.autoScalingConfigArn,
      current?.autoScalingConfigArn,
    ),
    // `tracing: off` turns observability off; otherwise a configuration given or found replaces the current one.
    observabilityConfigArn:
      config.tracing === 'off'
        ? undefined
        : sameConfiguration(
            resolved.observabilityConfigArn ?? config.observabilityConfigArn,
            current?.observabilityConfigArn,
          ),
    kmsKeyArn: current ? current.kmsKeyArn : config.kmsKeyArn,
  };
}

function desiredImageSource(
  current: ServiceShape | undefined,
  input: { config: AppRunnerConfig; resolved: Resolved },
): ImageSource {
  const { config, resolved } = input;
  if (current?.kind === 'code') {
    throw new InputError(
      'repo',
      `is required: service \`${config.service}\` deploys from a source code repository (${current.repository}). Give \`repo\` and \`source-connection-arn\`, or deploy the image under another service name.`,
    );
  }
  const image = resolved.image ?? config.image?.identifier ?? current?.image;
  if (!image)
    throw new InputError('image', `is required to create service \`${config.service}\`, which does not exist yet.`);
  // An image the service already runs keeps its type, even in a form our parser does not know (e.g. a FIPS host);
  // a pushed image is in private ECR.
  const imageRepositoryType =
    current && image === current.image
      ? current.imageRepositoryType
      : resolved.image
        ? 'ECR'
        : (config.image?.registry ?? 'ECR');
  const accessRoleArn = config.accessRoleArn ?? current?.accessRoleArn;
  if (imageRepositoryType === 'ECR' && !accessRoleArn) {
    throw new InputError(
      'access-role-arn',
      'is required to deploy from private ECR: a role trusted by build.apprunner.amazonaws.com.',
    );
  }
  return {
    kind: 'image',
    image,
    imageRepositoryType,
    accessRoleArn: imageRepositoryType === 'ECR' ? accessRoleArn : undefined,
  };
}

function desiredHealthCheck(current: ServiceShape | undefined, config: AppRunnerConfig): ServiceShape['healthCheck'] {
  const given = config.healthCheck;
  const protocol = given.protocol ?? current?.healthCheck.protocol ?? 'TCP';
  if (given.path !== undefined && protocol !== 'HTTP') {
    throw new InputError('health-check-path', 'needs an HTTP health check: set `health-check-protocol: HTTP`.');
  }
  const base = current?.healthCheck;
  return {
    protocol,
    path: protocol === 'HTTP' ? (given.path ?? base?.path ?? '/') : undefined,
    interval: given.interval ?? base?.interval,
    timeout: given.timeout ?? base?.timeout,
    healthyThreshold: given.healthyThreshold ?? base?.healthyThreshold,
    unhealthyThreshold: given.unhealthyThreshold ?? base?.unhealthyThreshold,
  };
}

/**
 * An App Runner configuration named by name (latest revision) or name/revision is the service's current one when
 * the current full ARN starts with it: sending it again would start a deployment for nothing.
 */
function sameConfiguration(given: string | undefined, current: string | undefined): string | undefined {
  if (given === undefined) return current;
  return current !== undefined && current.startsWith(`${given}/`) ? current : given;
}
