/** Wire views of Express services, their revisions and deployments, as the ECS API answers them. */
import { epochSeconds, type Json, type JsonObject } from '../json.ts';
import type { EmulatorState } from '../state.ts';
import {
  clusterArn,
  currentDeployment,
  type DeploymentRecord,
  type EcsServiceRecord,
  type RevisionRecord,
} from './model.ts';

const clean = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

export const tagList = (tags: Map<string, string>): JsonObject[] => [...tags].map(([key, value]) => ({ key, value }));

/** ExpressGatewayServiceConfiguration of a revision. */
export function configurationView(service: EcsServiceRecord, revision: RevisionRecord): JsonObject {
  const { ownTaskDefinition: _own, ...config } = revision.config;
  return {
    serviceRevisionArn: revision.arn,
    ...(clean(config) as JsonObject),
    ingressPaths: [{ accessType: 'PUBLIC', endpoint: service.endpoint }],
    createdAt: epochSeconds(revision.createdAt),
  };
}

/** ECSExpressGatewayService (Create, Describe, Delete answers). */
export function expressView(service: EcsServiceRecord, options: { tags: boolean }): JsonObject {
  const view: JsonObject = {
    cluster: service.cluster,
    serviceName: service.name,
    serviceArn: service.arn,
    infrastructureRoleArn: service.infrastructureRoleArn,
    status: { statusCode: service.status },
    activeConfigurations: service.status === 'INACTIVE' ? [] : [configurationView(service, service.active)],
    createdAt: epochSeconds(service.createdAt),
    updatedAt: epochSeconds(service.updatedAt),
  };
  const deployment = currentDeployment(service);
  if (deployment) view.currentDeployment = deployment.arn;
  if (options.tags) view.tags = tagList(service.tags);
  return view;
}

/** UpdatedExpressGatewayService (the Update answer): the configuration being deployed. */
export function updatedView(service: EcsServiceRecord, target: RevisionRecord): JsonObject {
  return {
    serviceArn: service.arn,
    cluster: service.cluster,
    serviceName: service.name,
    status: { statusCode: service.status },
    targetConfiguration: configurationView(service, target),
    createdAt: epochSeconds(service.createdAt),
    updatedAt: epochSeconds(service.updatedAt),
  };
}

const optionalTimes = (deployment: DeploymentRecord, keys: ('startedAt' | 'finishedAt' | 'stoppedAt')[]) =>
  Object.fromEntries(
    keys.filter((key) => deployment[key] !== undefined).map((key) => [key, epochSeconds(deployment[key] as number)]),
  );

/** ServiceDeploymentBrief (ListServiceDeployments). */
export function deploymentBrief(state: EmulatorState, service: EcsServiceRecord, deployment: DeploymentRecord) {
  const brief: JsonObject = {
    serviceDeploymentArn: deployment.arn,
    serviceArn: service.arn,
    clusterArn: clusterArn(state, service.cluster),
    createdAt: epochSeconds(deployment.createdAt),
    ...optionalTimes(deployment, ['startedAt', 'finishedAt']),
    targetServiceRevisionArn: deployment.target.arn,
    status: deployment.status,
  };
  if (deployment.statusReason !== undefined) brief.statusReason = deployment.statusReason;
  return brief;
}

function revisionSummary(service: EcsServiceRecord, revision: RevisionRecord, weight: number): JsonObject {
  const tasks = service.tasks.filter((task) => task.revisionArn === revision.arn && task.lastStatus !== 'STOPPED');
  return {
    arn: revision.arn,
    requestedTaskCount: Math.max(1, revision.config.scalingTarget.minTaskCount),
    runningTaskCount: tasks.length,
    pendingTaskCount: 0,
    requestedTestTrafficWeight: weight,
    requestedProductionTrafficWeight: weight,
  };
}

/** ServiceDeployment (DescribeServiceDeployments). */
export function deploymentView(state: EmulatorState, service: EcsServiceRecord, deployment: DeploymentRecord) {
  const view: JsonObject = {
    ...deploymentBrief(state, service, deployment),
    ...optionalTimes(deployment, ['stoppedAt']),
    updatedAt: epochSeconds(deployment.updatedAt),
    sourceServiceRevisions: deployment.source
      ? [revisionSummary(service, deployment.source, 100 - deployment.targetWeight)]
      : [],
    targetServiceRevision: revisionSummary(service, deployment.target, deployment.targetWeight),
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      alarms: { alarmNames: [...deployment.alarms.alarmNames], enable: true, rollback: true },
      strategy: 'CANARY',
      // Whole minutes in AWS (3 and 3 for Express); fractions when the emulator compresses time, so that what the
      // action reads agrees with how long the bakes last here.
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: deployment.bakes.canaryMs / 60_000 },
      bakeTimeInMinutes: deployment.bakes.finalMs / 60_000,
    },
    deploymentCircuitBreaker: { ...deployment.circuitBreaker },
    alarms: clean(deployment.alarms),
  };
  delete view.targetServiceRevisionArn;
  if (deployment.lifecycleStage !== undefined) view.lifecycleStage = deployment.lifecycleStage;
  if (deployment.rollback) {
    view.rollback = {
      reason: deployment.rollback.reason,
      startedAt: epochSeconds(deployment.rollback.startedAt),
      serviceRevisionArn: deployment.rollback.serviceRevisionArn,
    };
  }
  return view;
}
