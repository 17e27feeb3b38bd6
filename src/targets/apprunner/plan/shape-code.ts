import type { Runtime, Service } from '@aws-sdk/client-apprunner';
import { InputError } from '../../../core/inputs/errors.js';
import type { AppRunnerConfig } from '../config.js';
import type { ServiceShape } from './shape.js';

/** A service App Runner builds from a branch of a repository, reached through a connection. */
export interface CodeSource {
  kind: 'code';
  repository: string;
  branch: string;
  sourceDirectory?: string;
  connectionArn: string;
  /** `API`: the runtime and commands below; `REPOSITORY`: the repository's apprunner.yaml. */
  configurationSource: string;
  runtime?: string;
  buildCommand?: string;
}

export function codeSourceOf(service: Service): CodeSource {
  const source = service.SourceConfiguration;
  const code = source?.CodeRepository;
  const values = code?.CodeConfiguration?.CodeConfigurationValues;
  return {
    kind: 'code',
    repository: code?.RepositoryUrl ?? '',
    branch: code?.SourceCodeVersion?.Value ?? '',
    // App Runner reports the repository root as "/" when none was given.
    sourceDirectory: code?.SourceDirectory === '/' ? undefined : code?.SourceDirectory,
    connectionArn: source?.AuthenticationConfiguration?.ConnectionArn ?? '',
    configurationSource: code?.CodeConfiguration?.ConfigurationSource ?? 'REPOSITORY',
    runtime: values?.Runtime,
    buildCommand: values?.BuildCommand,
  };
}

/** The code source the inputs ask for. A service cannot switch between an image and source code here. */
export function desiredCodeSource(current: ServiceShape | undefined, config: AppRunnerConfig): CodeSource {
  const wanted = config.sourceCode;
  if (!wanted) throw new Error('desiredCodeSource needs source-code inputs');
  if (current?.kind === 'image') {
    throw new InputError(
      'repo',
      `service \`${config.service}\` deploys an image (${current.image}); deploy the source code under another service name, or drop \`repo\`.`,
    );
  }
  const api = wanted.configurationSource === 'API';
  return {
    kind: 'code',
    repository: wanted.repositoryUrl,
    branch: wanted.branch,
    sourceDirectory: wanted.sourceDirectory,
    connectionArn: wanted.connectionArn,
    configurationSource: wanted.configurationSource,
    runtime: api ? wanted.runtime : undefined,
    buildCommand: api ? wanted.buildCommand : undefined,
  };
}

/**
 * A CREATE_FAILED service is rebuilt with UpdateService, which App Runner refuses when the configuration source
 * changes ("ConfigurationSource cannot be changed from REPOSITORY to API for CREATE_FAILED services"): said before
 * the call, with the way out.
 */
export function checkRebuildSource(before: ServiceShape, after: ServiceShape): void {
  if (before.kind !== 'code' || after.kind !== 'code') return;
  if (before.configurationSource === after.configurationSource) return;
  throw new InputError(
    'configuration-source',
    `ConfigurationSource cannot be changed from ${before.configurationSource} to ${after.configurationSource} for CREATE_FAILED services: ` +
      'App Runner refuses that rebuild. Nothing was changed. Set `on-create-failed: recreate` to delete the service and create it again (its ARN and URL change), or keep the configuration source it has.',
  );
}

/** The SourceConfiguration of a code service; the build values only when the API holds them. */
export function codeSourceConfiguration(shape: ServiceShape & CodeSource) {
  const api = shape.configurationSource === 'API';
  return {
    CodeRepository: {
      RepositoryUrl: shape.repository,
      SourceCodeVersion: { Type: 'BRANCH' as const, Value: shape.branch },
      SourceDirectory: shape.sourceDirectory,
      CodeConfiguration: {
        ConfigurationSource: shape.configurationSource as 'API' | 'REPOSITORY',
        // Sent whole every time, as for an image: App Runner replaces the values, so anything left out is removed.
        CodeConfigurationValues: api
          ? {
              Runtime: shape.runtime as Runtime,
              BuildCommand: shape.buildCommand,
              StartCommand: shape.startCommand,
              Port: shape.port,
              RuntimeEnvironmentVariables: shape.envVars,
              RuntimeEnvironmentSecrets: shape.secrets,
            }
          : undefined,
      },
    },
    AutoDeploymentsEnabled: shape.autoDeployments,
    AuthenticationConfiguration: { ConnectionArn: shape.connectionArn },
  };
}

/** What a plan says the service runs: the image, or the repository and branch it builds. */
export function describeSource(shape: ServiceShape): string {
  return shape.kind === 'image' ? shape.image : `${shape.repository} (branch ${shape.branch})`;
}
