/**
 * Builds the configuration a CreateService/UpdateService results in and checks the rules that span members: valid
 * CPU/memory pairs, roles that secrets and private ECR need, an ACTIVE connector for VPC egress, and so on.
 */
import { invalidRequest } from '../errors.ts';
import type { EmulatorState } from '../state.ts';
import { checkConnection } from './code-source.ts';
import { defaultAutoScaling } from './configurations.ts';
import { DEFAULT_HEALTH_CHECK, type ServiceConfig } from './model.ts';
import type { ConfigInput, NetworkInput, SourceInput } from './validate-config.ts';
import { VALID_PAIRS } from './validate-fields.ts';

const SECRET_ARN = /^arn:([\w-]+):(secretsmanager|ssm):([a-z0-9-]+):([0-9]{12}):(secret:.+|parameter\/.+)$/;
const PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;

/** AutoDeploymentsEnabled when the caller leaves it out: true for same-account ECR, false otherwise. */
function defaultAutoDeployments(source: SourceInput, accountId: string): boolean {
  const image = source.ImageRepository;
  return image?.ImageRepositoryType === 'ECR' && image.ImageIdentifier?.startsWith(`${accountId}.`) === true;
}

function network(
  input: NetworkInput | undefined,
  base?: ServiceConfig['NetworkConfiguration'],
): ServiceConfig['NetworkConfiguration'] {
  return {
    EgressConfiguration: input?.EgressConfiguration ?? base?.EgressConfiguration ?? { EgressType: 'DEFAULT' },
    IngressConfiguration: input?.IngressConfiguration ?? base?.IngressConfiguration ?? { IsPubliclyAccessible: true },
    IpAddressType: input?.IpAddressType ?? base?.IpAddressType ?? 'IPV4',
  };
}

export function createConfig(input: ConfigInput, state: EmulatorState): ServiceConfig {
  const source = input.SourceConfiguration;
  if (!source?.ImageRepository && !source?.CodeRepository) {
    throw invalidRequest('SourceConfiguration must contain either ImageRepository or CodeRepository');
  }
  const sourceConfiguration: ServiceConfig['SourceConfiguration'] = {
    ...(source.ImageRepository
      ? { ImageRepository: source.ImageRepository }
      : { CodeRepository: source.CodeRepository }),
    AutoDeploymentsEnabled: source.AutoDeploymentsEnabled ?? defaultAutoDeployments(source, state.accountId),
  };
  if (source.AuthenticationConfiguration)
    sourceConfiguration.AuthenticationConfiguration = source.AuthenticationConfiguration;
  return {
    SourceConfiguration: sourceConfiguration,
    InstanceConfiguration: input.InstanceConfiguration ?? { Cpu: '1024', Memory: '2048' },
    HealthCheckConfiguration: input.HealthCheckConfiguration ?? { ...DEFAULT_HEALTH_CHECK },
    NetworkConfiguration: network(input.NetworkConfiguration),
    ObservabilityConfiguration: input.ObservabilityConfiguration ?? { ObservabilityEnabled: false },
    AutoScalingConfigurationArn: input.AutoScalingConfigurationArn ?? defaultAutoScaling(state).arn,
  };
}

/**
 * UpdateService semantics: a structure the request leaves out keeps its current value; a structure it sends replaces
 * the current one, members it leaves out taking their defaults. So an ImageRepository without RuntimeEnvironmentSecrets
 * removes the secrets, as AWS does.
 */
export function updatedConfig(current: ServiceConfig, input: ConfigInput): ServiceConfig {
  const next = structuredClone(current);
  const source = input.SourceConfiguration;
  // One source replaces the other: a service has an image or a repository, never both.
  if (source?.ImageRepository) {
    next.SourceConfiguration.ImageRepository = source.ImageRepository;
    delete next.SourceConfiguration.CodeRepository;
  }
  if (source?.CodeRepository) {
    next.SourceConfiguration.CodeRepository = source.CodeRepository;
    delete next.SourceConfiguration.ImageRepository;
  }
  if (source?.AutoDeploymentsEnabled !== undefined)
    next.SourceConfiguration.AutoDeploymentsEnabled = source.AutoDeploymentsEnabled;
  if (source?.AuthenticationConfiguration)
    next.SourceConfiguration.AuthenticationConfiguration = source.AuthenticationConfiguration;
  if (input.InstanceConfiguration) next.InstanceConfiguration = input.InstanceConfiguration;
  if (input.HealthCheckConfiguration) next.HealthCheckConfiguration = input.HealthCheckConfiguration;
  if (input.NetworkConfiguration)
    next.NetworkConfiguration = network(input.NetworkConfiguration, current.NetworkConfiguration);
  if (input.ObservabilityConfiguration) next.ObservabilityConfiguration = input.ObservabilityConfiguration;
  if (input.AutoScalingConfigurationArn) next.AutoScalingConfigurationArn = input.AutoScalingConfigurationArn;
  return next;
}

function checkSecrets(config: ServiceConfig, state: EmulatorState): void {
  const source = config.SourceConfiguration;
  const secrets =
    (source.ImageRepository?.ImageConfiguration ?? source.CodeRepository?.CodeConfiguration?.CodeConfigurationValues)
      ?.RuntimeEnvironmentSecrets ?? {};
  for (const [name, reference] of Object.entries(secrets)) {
    const arn = SECRET_ARN.exec(reference);
    if (reference.startsWith('arn:')) {
      if (!arn)
        throw invalidRequest(`Secret ${name} must be a Secrets Manager secret or SSM parameter ARN: ${reference}`);
      if (arn[1] !== state.partition) throw invalidRequest(`Secret ${name} is in another partition: ${reference}`);
      if (arn[2] === 'ssm' && arn[4] !== state.accountId) {
        throw invalidRequest(`Secret ${name}: cross-account SSM parameters are not supported: ${reference}`);
      }
    } else if (!PARAMETER_NAME.test(reference)) {
      throw invalidRequest(`Secret ${name} is neither an ARN nor an SSM parameter name: ${reference}`);
    }
  }
  if (Object.keys(secrets).length > 0 && !config.InstanceConfiguration.InstanceRoleArn) {
    throw invalidRequest(
      'RuntimeEnvironmentSecrets require an InstanceConfiguration.InstanceRoleArn that can read them',
    );
  }
}

function checkEgress(config: ServiceConfig, state: EmulatorState): void {
  const egress = config.NetworkConfiguration.EgressConfiguration ?? { EgressType: 'DEFAULT' };
  if (egress.EgressType !== 'VPC') {
    if (egress.VpcConnectorArn) throw invalidRequest('VpcConnectorArn is only valid when EgressType is VPC');
    return;
  }
  if (!egress.VpcConnectorArn) throw invalidRequest('EgressType VPC requires a VpcConnectorArn');
  const connector = state.connectors.find((item) => item.arn === egress.VpcConnectorArn);
  if (!connector) throw invalidRequest(`VPC connector ${egress.VpcConnectorArn} doesn't exist`);
  if (connector.status !== 'ACTIVE')
    throw invalidRequest(`VPC connector ${egress.VpcConnectorArn} is ${connector.status}`);
}

/** Rules the whole resulting service must satisfy, whichever request produced it. */
export function checkResultingConfig(config: ServiceConfig, state: EmulatorState): void {
  const { Cpu, Memory } = config.InstanceConfiguration;
  if (!VALID_PAIRS[Cpu]?.includes(Memory)) {
    throw invalidRequest(`The combination of Cpu ${Cpu} and Memory ${Memory} is not supported`);
  }
  const image = config.SourceConfiguration.ImageRepository;
  if (image?.ImageRepositoryType === 'ECR' && !config.SourceConfiguration.AuthenticationConfiguration?.AccessRoleArn) {
    throw invalidRequest('AuthenticationConfiguration.AccessRoleArn is required for a private ECR image repository');
  }
  if (config.SourceConfiguration.CodeRepository)
    checkConnection(state, config.SourceConfiguration.AuthenticationConfiguration?.ConnectionArn);
  checkSecrets(config, state);
  checkEgress(config, state);
}
