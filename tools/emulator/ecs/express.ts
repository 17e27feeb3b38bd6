/** CreateExpressGatewayService, UpdateExpressGatewayService, DescribeExpressGatewayService, DeleteExpressGatewayService. */
import type { HandlerTable } from '../handler.ts';
import { optString, optStringList, type JsonObject } from '../json.ts';
import type { EmulatorState } from '../state.ts';
import { resolveConfig } from './config.ts';
import { startDeployment } from './deployments.ts';
import { ecsResourceNotFound, invalidParameter, missingParameter, serviceNotActive } from './errors.ts';
import { imagePullVerdict } from './image-pull.ts';
import { resolveCluster, serviceByArn, serviceByName } from './lookup.ts';
import {
  addEvent,
  currentDeployment,
  newEndpoint,
  randomToken,
  serviceArn,
  UNDER_WAY,
  type EcsServiceRecord,
  type ExpressConfig,
} from './model.ts';
import { parseTags } from './tags.ts';
import { runningTasks, stopTask } from './tasks.ts';
import { checkRoleArn, parseConfigRequest } from './validate.ts';
import { expressView, updatedView } from './views.ts';

const NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/** ACTIVE and DRAINING services hold their name; an INACTIVE one gives it back. */
function checkNameFree(state: EmulatorState, cluster: string, name: string): void {
  const existing = serviceByName(state, cluster, name);
  if (existing?.status === 'ACTIVE') throw invalidParameter('Creation of service was not idempotent.');
  if (existing?.status === 'DRAINING') throw invalidParameter('Unable to Start a service that is still Draining.');
}

export function addExpressService(
  state: EmulatorState,
  init: { cluster: string; name: string; roleArn: string; config: ExpressConfig; tags: Map<string, string> },
): EcsServiceRecord {
  const now = Date.now();
  const service: EcsServiceRecord = {
    name: init.name,
    cluster: init.cluster,
    arn: serviceArn(state, init.cluster, init.name),
    infrastructureRoleArn: init.roleArn,
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
    endpoint: newEndpoint(init.name, state.region),
    tags: init.tags,
    revisions: [],
    // Replaced by the first deployment's revision straight away (startDeployment).
    active: { arn: '', config: init.config, createdAt: now },
    deployments: [],
    events: [],
    tasks: [],
  };
  state.ecs.services.push(service);
  return service;
}

async function createExpress(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const cluster = resolveCluster(state, input);
  const roleArn = optString({ obj: input, key: 'infrastructureRoleArn', path: 'infrastructureRoleArn' });
  if (roleArn === undefined) throw missingParameter('infrastructureRoleArn');
  checkRoleArn(state, 'infrastructureRoleArn', roleArn);
  const given = optString({ obj: input, key: 'serviceName', path: 'serviceName' });
  if (given !== undefined && !NAME.test(given)) {
    throw invalidParameter(
      'serviceName can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.',
    );
  }
  const name = given ?? `express-${randomToken(10, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  const tags = parseTags(input);
  const config = resolveConfig({ name, cluster, request: parseConfigRequest(input, state) });
  checkNameFree(state, cluster, name);
  const verdict = await imagePullVerdict(state, { serviceName: name, config });
  // Everything after the await runs without yielding: no other request slips in between check and change.
  checkNameFree(state, cluster, name);
  const service = addExpressService(state, { cluster, name, roleArn, config, tags });
  startDeployment(state, service, { config, ...verdict });
  return { service: expressView(service, { tags: true }) };
}

function requireActive(service: EcsServiceRecord): void {
  if (service.status !== 'ACTIVE') throw serviceNotActive();
}

function requireNoDeployment(service: EcsServiceRecord): void {
  const deployment = currentDeployment(service);
  if (deployment && UNDER_WAY.has(deployment.status)) {
    throw invalidParameter(
      `Unable to update the service while a service deployment is ${deployment.status}: ${deployment.arn}. ` +
        'Wait for the deployment to finish.',
    );
  }
}

async function updateExpress(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const service = serviceByArn(state, input);
  requireActive(service);
  requireNoDeployment(service);
  const request = parseConfigRequest(input, state);
  const config = resolveConfig({
    name: service.name,
    cluster: service.cluster,
    request,
    previous: service.active.config,
  });
  const verdict = await imagePullVerdict(state, { serviceName: service.name, config });
  requireActive(service);
  requireNoDeployment(service);
  const deployment = startDeployment(state, service, { config, ...verdict });
  return { service: updatedView(service, deployment.target) };
}

function describeExpress(state: EmulatorState, input: JsonObject): JsonObject {
  const include = optStringList({ obj: input, key: 'include', path: 'include' }) ?? [];
  const unknown = include.find((item) => item !== 'TAGS');
  if (unknown !== undefined) throw invalidParameter(`Invalid include value '${unknown}'. Valid values: TAGS.`);
  const service = serviceByArn(state, input, () => ecsResourceNotFound('The specified service was not found.'));
  return { service: expressView(service, { tags: include.includes('TAGS') }) };
}

/** DRAINING while the tasks stop (one stage), then INACTIVE a stage later. */
export function drain(state: EmulatorState, service: EcsServiceRecord, stageMs = state.ecs.stageMs): void {
  const deployment = currentDeployment(service);
  if (deployment && UNDER_WAY.has(deployment.status)) {
    const now = Date.now();
    Object.assign(deployment, { status: 'STOPPED', statusReason: 'Service was deleted.', stoppedAt: now });
    deployment.finishedAt = now;
  }
  const reason = `Scaling activity initiated by (deployment ${deployment?.legacyId ?? 'ecs-svc/0'})`;
  state.later(stageMs, () => {
    for (const task of runningTasks(service)) stopTask(task, { code: 'ServiceSchedulerInitiated', reason });
    state.later(stageMs, () => {
      service.status = 'INACTIVE';
      service.inactiveAt = Date.now();
      service.updatedAt = service.inactiveAt;
      addEvent(service, 'has been deleted.');
    });
  });
}

function deleteExpress(state: EmulatorState, input: JsonObject): JsonObject {
  const service = serviceByArn(state, input);
  requireActive(service);
  service.status = 'DRAINING';
  service.updatedAt = Date.now();
  drain(state, service);
  return { service: expressView(service, { tags: false }) };
}

export const expressHandlers: HandlerTable = {
  CreateExpressGatewayService: createExpress,
  UpdateExpressGatewayService: updateExpress,
  DescribeExpressGatewayService: describeExpress,
  DeleteExpressGatewayService: deleteExpress,
};
