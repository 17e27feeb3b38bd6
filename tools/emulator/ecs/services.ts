/** DescribeServices and ListServices: an Express service is an ordinary ECS service underneath. */
import type { HandlerTable } from '../handler.ts';
import { epochSeconds, optInteger, optString, optStringList, type JsonObject } from '../json.ts';
import { paginate } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import { invalidParameter, missingParameter } from './errors.ts';
import { resolveCluster, serviceByReference } from './lookup.ts';
import { clusterArn, currentDeployment, serviceArn, UNDER_WAY, type EcsServiceRecord } from './model.ts';
import { runningTasks } from './tasks.ts';
import { tagList } from './views.ts';

const rolloutState = (status: string): string =>
  UNDER_WAY.has(status as never) ? 'IN_PROGRESS' : status === 'SUCCESSFUL' ? 'COMPLETED' : 'FAILED';

/** The classic `deployments` list: the PRIMARY (newest) deployment, and the revision still serving beside it. */
function deploymentsView(service: EcsServiceRecord): JsonObject[] {
  const deployment = currentDeployment(service);
  if (!deployment) return [];
  const primary: JsonObject = {
    id: deployment.legacyId,
    status: 'PRIMARY',
    taskDefinition: service.active.config.taskDefinitionArn,
    desiredCount: service.status === 'ACTIVE' ? Math.max(1, service.active.config.scalingTarget.minTaskCount) : 0,
    pendingCount: 0,
    runningCount: runningTasks(service, service.active.arn).length,
    failedTasks: deployment.circuitBreaker.failureCount,
    createdAt: epochSeconds(deployment.createdAt),
    updatedAt: epochSeconds(deployment.updatedAt),
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    rolloutState: rolloutState(deployment.status),
  };
  if (deployment.statusReason) primary.rolloutStateReason = deployment.statusReason;
  return [primary];
}

export function serviceView(state: EmulatorState, service: EcsServiceRecord, tags: boolean): JsonObject {
  const deployment = currentDeployment(service);
  const live = service.status === 'ACTIVE';
  const config = service.active.config;
  const view: JsonObject = {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: clusterArn(state, service.cluster),
    status: service.status,
    desiredCount: live ? Math.max(1, config.scalingTarget.minTaskCount) : 0,
    runningCount: runningTasks(service).length,
    pendingCount: 0,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: config.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'CANARY',
    },
    deployments: deploymentsView(service),
    events: [...service.events]
      .reverse()
      .slice(0, 100)
      .map((event) => ({ id: event.id, createdAt: epochSeconds(event.createdAt), message: event.message })),
    createdAt: epochSeconds(service.createdAt),
    networkConfiguration: {
      awsvpcConfiguration: { ...config.networkConfiguration, assignPublicIp: 'DISABLED' },
    },
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: service.infrastructureRoleArn,
    resourceManagementType: 'ECS',
  };
  if (deployment) view.currentServiceDeployment = deployment.arn;
  view.currentServiceRevisions = [service.active].map((revision) => ({
    arn: revision.arn,
    requestedTaskCount: live ? Math.max(1, revision.config.scalingTarget.minTaskCount) : 0,
    runningTaskCount: runningTasks(service, revision.arn).length,
    pendingTaskCount: 0,
  }));
  if (tags) view.tags = tagList(service.tags);
  return view;
}

function describeServices(state: EmulatorState, input: JsonObject): JsonObject {
  const cluster = resolveCluster(state, input);
  const wanted = optStringList({ obj: input, key: 'services', path: 'services' });
  if (wanted === undefined) throw missingParameter('services');
  if (wanted.length === 0) throw invalidParameter('Services cannot be empty.');
  if (wanted.length > 10) throw invalidParameter('Too many services were specified: at most 10 are allowed.');
  const include = optStringList({ obj: input, key: 'include', path: 'include' }) ?? [];
  const services: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const reference of wanted) {
    const service = serviceByReference(state, cluster, reference);
    if (service) services.push(serviceView(state, service, include.includes('TAGS')));
    else {
      const arn = reference.startsWith('arn:') ? reference : serviceArn(state, cluster, reference);
      failures.push({ arn, reason: 'MISSING' });
    }
  }
  return { services, failures };
}

function listServices(state: EmulatorState, input: JsonObject): JsonObject {
  const cluster = resolveCluster(state, input);
  // ListServices leaves INACTIVE services out, as ECS does.
  const listed = state.ecs.services.filter((item) => item.cluster === cluster && item.status !== 'INACTIVE');
  const page = paginate(listed, {
    maxResults: optInteger({ obj: input, key: 'maxResults', path: 'maxResults' }),
    nextToken: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
    min: 1,
    max: 100,
    defaultSize: 10,
    scope: `ListServices ${cluster}`,
    errorType: 'InvalidParameterException',
  });
  const output: JsonObject = { serviceArns: page.items.map((item) => item.arn) };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

export const serviceHandlers: HandlerTable = { DescribeServices: describeServices, ListServices: listServices };
