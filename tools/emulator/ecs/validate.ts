/**
 * Reading and checking the configuration members Create/UpdateExpressGatewayService share. Wrong JSON types are a
 * SerializationException (json.ts); everything ECS itself refuses is an InvalidParameterException, except CPU/memory
 * combinations, which ECS refuses with a ClientException naming the valid values.
 */
import type { ExpressGatewayContainer, ExpressGatewayScalingTarget } from '@aws-sdk/client-ecs';
import { optInteger, optObject, optObjectList, optString, optStringList, reqString, type JsonObject } from '../json.ts';
import type { Place } from '../apprunner/model.ts';
import { invalidParameter, missingParameter } from './errors.ts';
import type { ExpressConfig } from './model.ts';

/** The configuration members a request sent (undefined: left out). */
export interface ConfigRequest {
  executionRoleArn?: string;
  taskRoleArn?: string;
  taskDefinitionArn?: string;
  cpu?: string;
  memory?: string;
  cpuArchitecture?: 'X86_64' | 'ARM64';
  networkConfiguration?: { subnets: string[]; securityGroups: string[] };
  healthCheckPath?: string;
  primaryContainer?: ExpressGatewayContainer;
  scalingTarget?: ExpressGatewayScalingTarget;
}

export function checkRoleArn(place: Place, path: string, value: string | undefined): void {
  if (value === undefined) return;
  const role = new RegExp(`^arn:${place.partition}:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$`);
  if (!role.test(value)) throw invalidParameter(`${path} must be a valid IAM role ARN, got '${value}'.`);
}

function parseContainer(obj: JsonObject, path: string): ExpressGatewayContainer {
  const image = reqStringOf(obj, 'image', `${path}.image`);
  if (image.trim() === '') throw invalidParameter(`${path}.image must not be empty.`);
  const container: ExpressGatewayContainer = { image };
  const port = optInteger({ obj, key: 'containerPort', path: `${path}.containerPort` });
  if (port !== undefined && (port < 1 || port > 65535)) {
    throw invalidParameter(`${path}.containerPort must be between 1 and 65535, got ${port}.`);
  }
  if (port !== undefined) container.containerPort = port;
  const logs = optObject({ obj, key: 'awsLogsConfiguration', path: `${path}.awsLogsConfiguration` });
  if (logs) {
    container.awsLogsConfiguration = {
      logGroup: reqStringOf(logs, 'logGroup', `${path}.awsLogsConfiguration.logGroup`),
      logStreamPrefix: reqStringOf(logs, 'logStreamPrefix', `${path}.awsLogsConfiguration.logStreamPrefix`),
    };
  }
  const credentials = optObject({ obj, key: 'repositoryCredentials', path: `${path}.repositoryCredentials` });
  if (credentials) {
    const parameter = optString({ obj: credentials, key: 'credentialsParameter', path: `${path}.credentials` });
    container.repositoryCredentials = parameter === undefined ? {} : { credentialsParameter: parameter };
  }
  const command = optStringList({ obj, key: 'command', path: `${path}.command` });
  if (command) container.command = command;
  const environment = optObjectList({ obj, key: 'environment', path: `${path}.environment` });
  if (environment) container.environment = environment.map((item, index) => pair(item, `${path}.environment.${index}`));
  const secrets = optObjectList({ obj, key: 'secrets', path: `${path}.secrets` });
  if (secrets) {
    container.secrets = secrets.map((item, index) => ({
      name: reqStringOf(item, 'name', `${path}.secrets.${index}.name`),
      valueFrom: reqStringOf(item, 'valueFrom', `${path}.secrets.${index}.valueFrom`),
    }));
  }
  return container;
}

const reqStringOf = (obj: JsonObject, key: string, path: string): string => {
  const value = optString({ obj, key, path });
  if (value === undefined) throw missingParameter(path);
  return value;
};

function pair(item: JsonObject, path: string): { name?: string; value?: string } {
  const name = optString({ obj: item, key: 'name', path: `${path}.name` });
  const value = optString({ obj: item, key: 'value', path: `${path}.value` });
  return { ...(name === undefined ? {} : { name }), ...(value === undefined ? {} : { value }) };
}

const METRICS: ReadonlySet<string> = new Set(['AVERAGE_CPU', 'AVERAGE_MEMORY', 'REQUEST_COUNT_PER_TARGET']);

function parseScaling(obj: JsonObject): ExpressGatewayScalingTarget {
  const min = optInteger({ obj, key: 'minTaskCount', path: 'scalingTarget.minTaskCount' });
  const max = optInteger({ obj, key: 'maxTaskCount', path: 'scalingTarget.maxTaskCount' });
  const metric = optString({ obj, key: 'autoScalingMetric', path: 'scalingTarget.autoScalingMetric' });
  const target = optInteger({ obj, key: 'autoScalingTargetValue', path: 'scalingTarget.autoScalingTargetValue' });
  if (metric !== undefined && !METRICS.has(metric)) {
    throw invalidParameter(`scalingTarget.autoScalingMetric must be one of ${[...METRICS].join(', ')}.`);
  }
  if (min !== undefined && min < 0) throw invalidParameter('scalingTarget.minTaskCount must be at least 0.');
  if (max !== undefined && max < 1) throw invalidParameter('scalingTarget.maxTaskCount must be at least 1.');
  if (target !== undefined && target <= 0)
    throw invalidParameter('scalingTarget.autoScalingTargetValue must be positive.');
  return {
    ...(min === undefined ? {} : { minTaskCount: min }),
    ...(max === undefined ? {} : { maxTaskCount: max }),
    ...(metric === undefined ? {} : { autoScalingMetric: metric as ExpressGatewayScalingTarget['autoScalingMetric'] }),
    ...(target === undefined ? {} : { autoScalingTargetValue: target }),
  };
}

function parseNetwork(obj: JsonObject): { subnets: string[]; securityGroups: string[] } {
  const subnets = optStringList({ obj, key: 'subnets', path: 'networkConfiguration.subnets' }) ?? [];
  const groups = optStringList({ obj, key: 'securityGroups', path: 'networkConfiguration.securityGroups' }) ?? [];
  for (const subnet of subnets) {
    if (!/^subnet-[0-9a-f]{8,17}$/.test(subnet)) throw invalidParameter(`Invalid subnet ID '${subnet}'.`);
  }
  for (const group of groups) {
    if (!/^sg-[0-9a-f]{8,17}$/.test(group)) throw invalidParameter(`Invalid security group ID '${group}'.`);
  }
  if (subnets.length > 16) throw invalidParameter('networkConfiguration.subnets can have at most 16 subnets.');
  if (groups.length > 5) throw invalidParameter('networkConfiguration.securityGroups can have at most 5 groups.');
  return { subnets, securityGroups: groups };
}

/** The configuration members of a Create/Update request, each checked on its own. */
export function parseConfigRequest(input: JsonObject, place: Place): ConfigRequest {
  const request: ConfigRequest = {};
  const str = (key: string): string | undefined => optString({ obj: input, key, path: key });
  request.executionRoleArn = str('executionRoleArn');
  request.taskRoleArn = str('taskRoleArn');
  checkRoleArn(place, 'executionRoleArn', request.executionRoleArn);
  checkRoleArn(place, 'taskRoleArn', request.taskRoleArn);
  request.taskDefinitionArn = str('taskDefinitionArn');
  const taskDefinition = new RegExp(
    `^arn:${place.partition}:ecs:${place.region}:[0-9]{12}:task-definition/[\\w-]{1,255}:[0-9]+$`,
  );
  if (request.taskDefinitionArn !== undefined && !taskDefinition.test(request.taskDefinitionArn)) {
    throw invalidParameter(`Invalid revision number. Number: ${request.taskDefinitionArn}`);
  }
  request.cpu = str('cpu');
  request.memory = str('memory');
  const architecture = str('cpuArchitecture');
  if (architecture !== undefined && architecture !== 'X86_64' && architecture !== 'ARM64') {
    throw invalidParameter(`cpuArchitecture must be X86_64 or ARM64, got '${architecture}'.`);
  }
  request.cpuArchitecture = architecture;
  const health = str('healthCheckPath');
  if (health !== undefined && (!health.startsWith('/') || health.length > 1024)) {
    throw invalidParameter(`healthCheckPath must start with '/' and be at most 1024 characters, got '${health}'.`);
  }
  request.healthCheckPath = health;
  const container = optObject({ obj: input, key: 'primaryContainer', path: 'primaryContainer' });
  if (container) request.primaryContainer = parseContainer(container, 'primaryContainer');
  const network = optObject({ obj: input, key: 'networkConfiguration', path: 'networkConfiguration' });
  if (network) request.networkConfiguration = parseNetwork(network);
  const scaling = optObject({ obj: input, key: 'scalingTarget', path: 'scalingTarget' });
  if (scaling) request.scalingTarget = parseScaling(scaling);
  for (const key of Object.keys(request) as (keyof ConfigRequest)[])
    if (request[key] === undefined) delete request[key];
  return request;
}

/** Members that make the revision's own task definition: none may come with a task definition of one's own. */
const TASK_MEMBERS = [
  'primaryContainer',
  'executionRoleArn',
  'taskRoleArn',
  'cpu',
  'memory',
  'cpuArchitecture',
] as const;

export function checkExclusive(request: ConfigRequest): void {
  if (request.taskDefinitionArn === undefined) return;
  const clash = TASK_MEMBERS.filter((key) => request[key] !== undefined);
  if (clash.length > 0) {
    throw invalidParameter(`taskDefinitionArn cannot be specified together with ${clash.join(', ')}.`);
  }
}

export { reqString };
export type { ExpressConfig };
