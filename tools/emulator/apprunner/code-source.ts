/**
 * Source-code services: connections to GitHub/Bitbucket (PENDING_HANDSHAKE until someone completes the handshake in
 * the console, then AVAILABLE), CodeRepository sources, and their builds. A build's log lines go to the deployment's
 * stream; a build planned to fail ends the deployment as a failed image pull does (CREATE_FAILED on create, a rollback
 * of a RUNNING service). The log wording follows deployment logs users have posted; callers must not depend on it.
 */
import type { CodeRepository, ConnectionStatus, ProviderType } from '@aws-sdk/client-apprunner';
import { invalidRequest } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { epochSeconds, optObject, optString, reqObject, reqString, type JsonObject } from '../json.ts';
import { paginateInput } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import {
  appRunnerArn,
  newId,
  type OperationType,
  type Place,
  type ServiceConfig,
  type ServiceStatus,
} from './model.ts';
import { canRollBack, hasPlan, type OperationPlan } from './plans.ts';

export interface ConnectionRecord {
  name: string;
  arn: string;
  provider: ProviderType;
  status: ConnectionStatus;
  createdAt: number;
}

/** The source-code part of the emulator's state. */
export class SourceCodeState {
  connections: ConnectionRecord[] = [];
  /** Per service name: the log lines of its next build, which fails. */
  failingBuilds = new Map<string, string[]>();
  /** GitHub branch heads, `owner/repo#branch` → commit SHA, for the GitHub part. */
  branchHeads = new Map<string, string>();
}

export function addConnection(
  state: EmulatorState,
  init: { name: string; provider?: ProviderType; status?: ConnectionStatus },
): ConnectionRecord {
  const record: ConnectionRecord = {
    name: init.name,
    arn: appRunnerArn(state, `connection/${init.name}/${newId()}`),
    provider: init.provider ?? 'GITHUB',
    status: init.status ?? 'AVAILABLE',
    createdAt: Date.now(),
  };
  state.sourceCode.connections.push(record);
  return record;
}

/** A CodeRepository as a request gives it, checked beyond the model: the values go with ConfigurationSource API. */
export function parseCodeRepository(obj: JsonObject, path: string): CodeRepository {
  const url = reqString({ obj, key: 'RepositoryUrl', path: `${path}.repositoryUrl` });
  const version = reqObject({ obj, key: 'SourceCodeVersion', path: `${path}.sourceCodeVersion` });
  const code = optObject({ obj, key: 'CodeConfiguration', path: `${path}.codeConfiguration` });
  const source =
    code && reqString({ obj: code, key: 'ConfigurationSource', path: `${path}.codeConfiguration.configurationSource` });
  const values =
    code &&
    optObject({ obj: code, key: 'CodeConfigurationValues', path: `${path}.codeConfiguration.codeConfigurationValues` });
  if (source === 'API' && !values)
    throw invalidRequest('CodeConfigurationValues is required when ConfigurationSource is API');
  const repository: CodeRepository = {
    RepositoryUrl: url,
    SourceCodeVersion: {
      Type: 'BRANCH',
      Value: reqString({ obj: version, key: 'Value', path: `${path}.sourceCodeVersion.value` }),
    },
    // AWS reports the repository root as "/" when none was given.
    SourceDirectory: optString({ obj, key: 'SourceDirectory', path: `${path}.sourceDirectory` }) ?? '/',
  };
  if (code) repository.CodeConfiguration = structuredClone(code) as unknown as CodeRepository['CodeConfiguration'];
  return repository;
}

/** A code source needs an AVAILABLE connection of this account. */
export function checkConnection(state: EmulatorState, arn: string | undefined): void {
  if (!arn) throw invalidRequest('AuthenticationConfiguration.ConnectionArn is required for a source code repository');
  const connection = state.sourceCode.connections.find((item) => item.arn === arn);
  if (!connection) throw invalidRequest(`The connection you specified doesn't exist. ARN: '${arn}'`);
  if (connection.status !== 'AVAILABLE') {
    throw invalidRequest(`The connection ${connection.name} isn't available. Connection status: ${connection.status}`);
  }
}

const configurationSource = (config: ServiceConfig) =>
  config.SourceConfiguration.CodeRepository?.CodeConfiguration?.ConfigurationSource;

/** What the next build of `serviceName` does; refuses a rebuild that changes the configuration source. */
export function checkBuild(
  state: EmulatorState,
  init: { serviceName: string; config: ServiceConfig; type: OperationType; serviceStatus?: ServiceStatus },
): { plan?: OperationPlan; failure?: 'build'; buildLog?: string[] } {
  const service = state.services.find((item) => item.name === init.serviceName && item.status !== 'DELETED');
  // Reported by users of the official action (its issue #47), in AWS's words.
  if (service?.status === 'CREATE_FAILED' && init.type === 'UPDATE_SERVICE') {
    const [before, after] = [configurationSource(service.config), configurationSource(init.config)];
    if (before && after && before !== after) {
      throw invalidRequest(
        `ConfigurationSource cannot be changed from ${before} to ${after} for CREATE_FAILED services`,
      );
    }
  }
  const failing = state.sourceCode.failingBuilds.get(init.serviceName);
  if (!failing) return { buildLog: SUCCESSFUL_BUILD };
  state.sourceCode.failingBuilds.delete(init.serviceName);
  const rollback = init.serviceStatus !== undefined && canRollBack(init.type, init.serviceStatus);
  if (hasPlan(state, { serviceName: init.serviceName, type: init.type, canRollBack: rollback })) return {};
  const durationMs = Math.min(state.operationMs, 500);
  return { plan: { outcome: rollback ? 'rollback' : 'fail', durationMs }, failure: 'build', buildLog: failing };
}

const SUCCESSFUL_BUILD = ['[Build] Build completed.'];

export const BUILD_STARTED = 'Starting to build your application source code.';
export const BUILD_SUCCEEDED = 'Successfully built your application source code.';
export const BUILD_FAILED = "Failed to build your application source code. Reason: Failed to execute 'build' command.";

function listConnections(state: EmulatorState, input: JsonObject): JsonObject {
  const name = optString({ obj: input, key: 'ConnectionName', path: 'connectionName' });
  const found = state.sourceCode.connections.filter((item) => name === undefined || item.name === name);
  const page = paginateInput(found, {
    input,
    min: 1,
    max: 100,
    defaultSize: 100,
    scope: `ListConnections:${name ?? ''}`,
    errorType: 'InvalidRequestException',
  });
  const output: JsonObject = {
    ConnectionSummaryList: page.items.map((item) => ({
      ConnectionName: item.name,
      ConnectionArn: item.arn,
      ProviderType: item.provider,
      Status: item.status,
      CreatedAt: epochSeconds(item.createdAt),
    })),
  };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

export const connectionHandlers: HandlerTable = { ListConnections: listConnections };

export type { Place };
