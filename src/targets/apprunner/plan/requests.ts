import type { CreateServiceRequest, HealthCheckConfiguration, UpdateServiceRequest } from '@aws-sdk/client-apprunner';
import type { Section } from './diff.js';
import { codeSourceConfiguration } from './shape-code.js';
import type { ServiceShape } from './shape.js';

/** Turns a desired shape back into App Runner requests. Pure. */

function sourceConfiguration(shape: ServiceShape) {
  if (shape.kind === 'code') return codeSourceConfiguration(shape);
  return {
    ImageRepository: {
      ImageIdentifier: shape.image,
      ImageRepositoryType: shape.imageRepositoryType as 'ECR' | 'ECR_PUBLIC',
      // Sent whole every time: App Runner replaces the ImageConfiguration, so anything left out would be removed.
      ImageConfiguration: {
        Port: shape.port,
        StartCommand: shape.startCommand,
        RuntimeEnvironmentVariables: shape.envVars,
        RuntimeEnvironmentSecrets: shape.secrets,
      },
    },
    // Always explicit: App Runner turns auto deployments on by default for same-account ECR.
    AutoDeploymentsEnabled: shape.autoDeployments,
    AuthenticationConfiguration: shape.accessRoleArn ? { AccessRoleArn: shape.accessRoleArn } : undefined,
  };
}

function instanceConfiguration(shape: ServiceShape) {
  return { Cpu: shape.cpu, Memory: shape.memory, InstanceRoleArn: shape.instanceRoleArn };
}

function healthCheckConfiguration(shape: ServiceShape): HealthCheckConfiguration {
  const check = shape.healthCheck;
  return {
    Protocol: check.protocol as 'TCP' | 'HTTP',
    Path: check.path,
    Interval: check.interval,
    Timeout: check.timeout,
    HealthyThreshold: check.healthyThreshold,
    UnhealthyThreshold: check.unhealthyThreshold,
  };
}

function networkConfiguration(shape: ServiceShape) {
  return {
    EgressConfiguration: {
      EgressType: shape.egress as 'DEFAULT' | 'VPC',
      VpcConnectorArn: shape.vpcConnectorArn,
    },
    IngressConfiguration: { IsPubliclyAccessible: shape.publiclyAccessible },
    IpAddressType: shape.ipAddressType as 'IPV4' | 'DUAL_STACK' | undefined,
  };
}

function observabilityConfiguration(shape: ServiceShape) {
  return shape.observabilityConfigArn
    ? { ObservabilityEnabled: true, ObservabilityConfigurationArn: shape.observabilityConfigArn }
    : { ObservabilityEnabled: false };
}

export function createRequest(request: { service: string; shape: ServiceShape }): CreateServiceRequest {
  const { shape } = request;
  return {
    ServiceName: request.service,
    SourceConfiguration: sourceConfiguration(shape),
    InstanceConfiguration: instanceConfiguration(shape),
    HealthCheckConfiguration: healthCheckConfiguration(shape),
    NetworkConfiguration: networkConfiguration(shape),
    AutoScalingConfigurationArn: shape.autoScalingConfigArn,
    ObservabilityConfiguration: shape.observabilityConfigArn ? observabilityConfiguration(shape) : undefined,
    EncryptionConfiguration: shape.kmsKeyArn ? { KmsKey: shape.kmsKeyArn } : undefined,
  };
}

/** Only the parts that changed are sent, each whole; the rest of the service stays as it is. */
export function updateRequest(request: {
  serviceArn: string;
  shape: ServiceShape;
  sections: Set<Section>;
}): UpdateServiceRequest {
  const { shape, sections } = request;
  return {
    ServiceArn: request.serviceArn,
    SourceConfiguration: sections.has('source') ? sourceConfiguration(shape) : undefined,
    InstanceConfiguration: sections.has('instance') ? instanceConfiguration(shape) : undefined,
    HealthCheckConfiguration: sections.has('healthCheck') ? healthCheckConfiguration(shape) : undefined,
    NetworkConfiguration: sections.has('network') ? networkConfiguration(shape) : undefined,
    AutoScalingConfigurationArn: sections.has('autoScaling') ? shape.autoScalingConfigArn : undefined,
    ObservabilityConfiguration: sections.has('observability') ? observabilityConfiguration(shape) : undefined,
  };
}
