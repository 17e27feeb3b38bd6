/** Test-side control of the ECS part: seeding clusters and Express services, planning deployments, reading state. */
import type { CreateExpressGatewayServiceRequest } from '@aws-sdk/client-ecs';
import type { JsonObject } from '../json.ts';
import type { EmulatorState } from '../state.ts';
import { resolveConfig } from './config.ts';
import { settledDeployment, startDeployment } from './deployments.ts';
import { addExpressService, drain } from './express.ts';
import { serviceByName } from './lookup.ts';
import { clusterArn, type EcsServiceRecord, type ExpressConfig, type ServiceStatusCode } from './model.ts';
import { checkEcsPlan, type EcsPlan } from './plans.ts';
import { logTarget, taskView } from './tasks.ts';
import { parseConfigRequest } from './validate.ts';
import { expressView } from './views.ts';

export type ExpressSeedConfig = Partial<Omit<CreateExpressGatewayServiceRequest, 'serviceName' | 'cluster' | 'tags'>>;

export interface SeedExpressServiceInput {
  name: string;
  /** An existing cluster (default `default`). */
  cluster?: string;
  /** Default ACTIVE. A DRAINING service stops its tasks after `drainMs`, and is INACTIVE `drainMs` later. */
  status?: ServiceStatusCode;
  /** For a DRAINING service: each drain step's length (default: the emulator's `ecsStageMs`). */
  drainMs?: number;
  /** CreateExpressGatewayService-shaped; by default an image of this account's ECR and IAM roles of this account. */
  config?: ExpressSeedConfig;
  tags?: Record<string, string>;
  /**
   * A deployment already under way (past PENDING) of an ACTIVE service: `config` members (as Update sends them) on
   * top of the seeded configuration, following `plan` (default: success).
   */
  deployment?: { config?: ExpressSeedConfig; plan?: EcsPlan };
}

export interface ExpressServiceState {
  name: string;
  cluster: string;
  arn: string;
  status: ServiceStatusCode;
  endpoint: string;
  activeRevisionArn: string;
  /** Oldest first. */
  revisions: { arn: string; config: ExpressConfig; createdAt: number }[];
  /** Newest first; times in epoch milliseconds. */
  deployments: {
    arn: string;
    status: string;
    statusReason?: string;
    lifecycleStage?: string;
    sourceRevisionArn?: string;
    targetRevisionArn: string;
    failureCount: number;
    triggeredAlarmNames: string[];
    rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  }[];
  tasks: {
    id: string;
    arn: string;
    revisionArn: string;
    lastStatus: string;
    stopCode?: string;
    stoppedReason?: string;
  }[];
  /** Where the serving revision's container logs go. */
  logGroup: string;
  tags: Record<string, string>;
  /** Service event messages, oldest first. */
  events: string[];
  /** Exactly what DescribeExpressGatewayService (include TAGS) answers (epoch-second timestamps). */
  description: JsonObject;
}

export function seedCluster(state: EmulatorState, name: string): { name: string; arn: string } {
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) throw new Error(`Invalid cluster name ${name}`);
  state.ecs.clusters.add(name);
  return { name, arn: clusterArn(state, name) };
}

function defaultSeedConfig(state: EmulatorState, name: string): JsonObject {
  const role = (role: string): string => `arn:${state.partition}:iam::${state.accountId}:role/${role}`;
  return {
    infrastructureRoleArn: role('ecsInfrastructureRoleForExpressServices'),
    executionRoleArn: role('ecsTaskExecutionRole'),
    primaryContainer: {
      image: `${state.accountId}.dkr.ecr.${state.region}.amazonaws.com/${name.toLowerCase()}:latest`,
      containerPort: 8080,
    },
  };
}

export function seedExpressService(state: EmulatorState, input: SeedExpressServiceInput): ExpressServiceState {
  const cluster = input.cluster ?? 'default';
  if (!state.ecs.clusters.has(cluster)) throw new Error(`No cluster ${cluster}; seed it first`);
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(input.name)) throw new Error(`Invalid service name ${input.name}`);
  const existing = serviceByName(state, cluster, input.name);
  if (existing && existing.status !== 'INACTIVE') throw new Error(`A service named ${input.name} already exists`);
  const status = input.status ?? 'ACTIVE';
  if (input.deployment && status !== 'ACTIVE')
    throw new Error('Only an ACTIVE service can have a deployment under way');
  if (input.deployment?.plan) checkEcsPlan(input.deployment.plan);
  const raw = { ...defaultSeedConfig(state, input.name), ...(input.config as JsonObject | undefined) };
  const config = resolveConfig({ name: input.name, cluster, request: parseConfigRequest(raw, state) });
  const next = input.deployment
    ? resolveConfig({
        name: input.name,
        cluster,
        request: parseConfigRequest((input.deployment.config ?? {}) as JsonObject, state),
        previous: config,
      })
    : undefined;
  const roleArn = String(raw.infrastructureRoleArn);
  const tags = new Map(Object.entries(input.tags ?? {}));
  const service = addExpressService(state, { cluster, name: input.name, roleArn, config, tags });
  service.status = status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE';
  if (status === 'INACTIVE') service.inactiveAt = Date.now();
  settledDeployment(state, service, config);
  if (next) {
    const plan = input.deployment?.plan ?? { outcome: 'success' };
    startDeployment(state, service, { config: next, plan, underWay: true });
  }
  if (status === 'DRAINING') {
    service.status = 'DRAINING';
    drain(state, service, input.drainMs);
  }
  return expressServiceState(service);
}

export function planNextEcsDeployment(state: EmulatorState, serviceName: string, plan: EcsPlan): void {
  checkEcsPlan(plan);
  state.ecs.plans.set(serviceName, structuredClone(plan));
}

export function findExpressService(state: EmulatorState, name: string, cluster = 'default') {
  return serviceByName(state, cluster, name);
}

export function expressServiceState(service: EcsServiceRecord): ExpressServiceState {
  return {
    name: service.name,
    cluster: service.cluster,
    arn: service.arn,
    status: service.status,
    endpoint: service.endpoint,
    activeRevisionArn: service.active.arn,
    revisions: service.revisions.map((revision) => structuredClone(revision)),
    deployments: [...service.deployments].reverse().map((deployment) => ({
      arn: deployment.arn,
      status: deployment.status,
      ...(deployment.statusReason === undefined ? {} : { statusReason: deployment.statusReason }),
      ...(deployment.lifecycleStage === undefined ? {} : { lifecycleStage: deployment.lifecycleStage }),
      ...(deployment.source ? { sourceRevisionArn: deployment.source.arn } : {}),
      targetRevisionArn: deployment.target.arn,
      failureCount: deployment.circuitBreaker.failureCount,
      triggeredAlarmNames: [...deployment.alarms.triggeredAlarmNames],
      ...(deployment.rollback ? { rollback: { ...deployment.rollback } } : {}),
    })),
    tasks: service.tasks.map((task) => ({
      id: task.id,
      arn: task.arn,
      revisionArn: task.revisionArn,
      lastStatus: task.lastStatus,
      ...(task.stopCode === undefined ? {} : { stopCode: task.stopCode, stoppedReason: task.stoppedReason }),
    })),
    logGroup: logTarget(service, service.active, '').group,
    tags: Object.fromEntries(service.tags),
    events: service.events.map((event) => event.message),
    description: expressView(service, { tags: true }),
  };
}

/** DescribeTasks views of every task of the service, oldest first. */
export function ecsTasks(state: EmulatorState, service: EcsServiceRecord): JsonObject[] {
  return service.tasks.map((task) => taskView(state, service, task, false));
}
