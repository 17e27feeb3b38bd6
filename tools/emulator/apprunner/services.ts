/** CreateService, UpdateService, DescribeService, ListServices and the lookups the other App Runner calls share. */
import { invalidRequest, invalidState, resourceNotFound } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { optObject, optObjectList, optString, reqObject, reqString, type JsonObject } from '../json.ts';
import { paginateInput } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import {
  appRunnerArn,
  newId,
  newServiceHost,
  summarizeService,
  type ServiceConfig,
  type ServiceRecord,
} from './model.ts';
import { checkImagePull } from './image-pull.ts';
import { startOperation } from './operations.ts';
import { checkResultingConfig, createConfig, updatedConfig } from './service-rules.ts';
import { parseConfigInput } from './validate-config.ts';
import { describeService } from './views.ts';
import { checkAppRunnerArn, checkKmsKeyArn, checkName, checkTag } from './validate-fields.ts';

export function findService(state: EmulatorState, input: JsonObject, key = 'ServiceArn'): ServiceRecord {
  const path = key[0].toLowerCase() + key.slice(1);
  const arn = reqString({ obj: input, key, path });
  checkAppRunnerArn(path, arn);
  const service = state.services.find((item) => item.arn === arn);
  if (!service) throw resourceNotFound(`No service found for the ARN ${arn}`);
  return service;
}

/** Refusal for calls InvalidStateException is declared for (Update, Delete, Pause, Resume, Tag, Untag). */
export function requireSettled(service: ServiceRecord, action: string): void {
  if (service.status === 'OPERATION_IN_PROGRESS') {
    throw invalidState(`You can't ${action} the service ${service.name} while an operation is in progress`);
  }
  if (service.status === 'DELETED')
    throw invalidState(`You can't ${action} the service ${service.name}: it is deleted`);
}

export function parseTags(input: JsonObject, path: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const [index, tag] of (optObjectList({ obj: input, key: 'Tags', path }) ?? []).entries()) {
    const key = optString({ obj: tag, key: 'Key', path: `${path}.${index + 1}.member.key` });
    const value = optString({ obj: tag, key: 'Value', path: `${path}.${index + 1}.member.value` });
    checkTag({ path: `${path}.${index + 1}.member`, key, value });
    tags.set(key as string, value ?? '');
  }
  if (tags.size > 50) throw invalidRequest(`${path}: a resource can have at most 50 tags`);
  return tags;
}

export interface NewService {
  name: string;
  config: ServiceConfig;
  tags: Map<string, string>;
  encryption?: { KmsKey: string };
}

export function addService(state: EmulatorState, init: NewService): ServiceRecord {
  const id = newId();
  const now = Date.now();
  const service: ServiceRecord = {
    name: init.name,
    id,
    arn: appRunnerArn(state, `service/${init.name}/${id}`),
    host: newServiceHost(state.region),
    createdAt: now,
    updatedAt: now,
    status: 'OPERATION_IN_PROGRESS',
    config: init.config,
    tags: init.tags,
    operations: [],
  };
  if (init.encryption) service.encryption = init.encryption;
  state.services.push(service);
  return service;
}

export const nameTaken = (state: EmulatorState, name: string): boolean =>
  state.services.some((item) => item.name === name && item.status !== 'DELETED');

async function createService(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const name = reqString({ obj: input, key: 'ServiceName', path: 'serviceName' });
  checkName('serviceName', name);
  reqObject({ obj: input, key: 'SourceConfiguration', path: 'sourceConfiguration' });
  const config = createConfig(parseConfigInput(input, state), state);
  const tags = parseTags(input, 'tags');
  const encryption = optObject({ obj: input, key: 'EncryptionConfiguration', path: 'encryptionConfiguration' });
  let kmsKey: string | undefined;
  if (encryption) {
    kmsKey = reqString({ obj: encryption, key: 'KmsKey', path: 'encryptionConfiguration.kmsKey' });
    checkKmsKeyArn({ path: 'encryptionConfiguration.kmsKey', value: kmsKey, place: state });
  }
  checkResultingConfig(config, state);
  const pull = await checkImagePull(state, { serviceName: name, config, type: 'CREATE_SERVICE' });
  // Everything after the await runs without yielding, so no other request can slip in between check and change.
  if (nameTaken(state, name)) throw invalidRequest('Service with the provided name already exists');
  const service = addService(state, { name, config, tags, encryption: kmsKey ? { KmsKey: kmsKey } : undefined });
  const operation = startOperation(state, service, { type: 'CREATE_SERVICE', target: config, ...pull });
  return { Service: describeService(state, service), OperationId: operation.id };
}

async function updateService(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const service = findService(state, input);
  // EncryptionConfiguration is not a member of UpdateServiceRequest: like AWS, the emulator never reads it here.
  const request = parseConfigInput(input, state);
  checkResultingConfig(updatedConfig(service.config, request), state);
  const pull = await checkImagePull(state, {
    serviceName: service.name,
    config: updatedConfig(service.config, request),
    type: 'UPDATE_SERVICE',
    serviceStatus: service.status,
  });
  requireSettled(service, 'update');
  if (service.status === 'PAUSED' || service.status === 'DELETE_FAILED') {
    throw invalidState(`You can't update the service ${service.name} in status ${service.status}`);
  }
  const config = updatedConfig(service.config, request);
  checkResultingConfig(config, state);
  const operation = startOperation(state, service, { type: 'UPDATE_SERVICE', target: config, ...pull });
  return { Service: describeService(state, service), OperationId: operation.id };
}

function describe(state: EmulatorState, input: JsonObject): JsonObject {
  return { Service: describeService(state, findService(state, input)) };
}

function listServices(state: EmulatorState, input: JsonObject): JsonObject {
  const live = state.services.filter((item) => item.status !== 'DELETED');
  const page = paginateInput(live, {
    input,
    min: 1,
    max: 20,
    // AWS documents "all results" without MaxResults; pages of 20 here catch callers that never follow NextToken.
    defaultSize: 20,
    scope: 'ListServices',
    errorType: 'InvalidRequestException',
  });
  const output: JsonObject = { ServiceSummaryList: page.items.map(summarizeService) };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

export const serviceHandlers: HandlerTable = {
  CreateService: createService,
  UpdateService: updateService,
  DescribeService: describe,
  ListServices: listServices,
};
