/**
 * ECS Express services as the emulator keeps them: the service, its revisions (one per deployment), its service
 * deployments and its tasks. Config structures reuse the SDK's own types so field names cannot drift from the model.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type {
  ExpressCpuArchitecture,
  ExpressGatewayContainer,
  ExpressGatewayScalingTarget,
  ExpressGatewayServiceNetworkConfiguration,
  ExpressGatewayServiceStatusCode,
  ServiceDeploymentLifecycleStage,
  ServiceDeploymentRollbackMonitorsStatus,
  ServiceDeploymentStatus,
  TaskStopCode,
} from '@aws-sdk/client-ecs';
import type { Place } from '../apprunner/model.ts';
import type { EmulatorState } from '../state.ts';
import type { EcsPlan } from './plans.ts';

export type { ServiceDeploymentLifecycleStage as LifecycleStage, ServiceDeploymentStatus as DeploymentStatus };
export type ServiceStatusCode = ExpressGatewayServiceStatusCode;

/** Everything an Express service revision is configured with (what activeConfigurations reports). */
export interface ExpressConfig {
  executionRoleArn?: string;
  taskRoleArn?: string;
  /** The task definition the revision runs: ECS-managed unless the request named one. */
  taskDefinitionArn: string;
  /** True when the request brought its own task definition (no primaryContainer, cpu, memory, roles). */
  ownTaskDefinition: boolean;
  cpu?: string;
  memory?: string;
  cpuArchitecture?: ExpressCpuArchitecture;
  networkConfiguration: Required<ExpressGatewayServiceNetworkConfiguration>;
  healthCheckPath: string;
  primaryContainer?: ExpressGatewayContainer;
  scalingTarget: Required<ExpressGatewayScalingTarget>;
}

export interface RevisionRecord {
  arn: string;
  config: ExpressConfig;
  createdAt: number;
}

export interface TaskRecord {
  id: string;
  arn: string;
  revisionArn: string;
  /** `ecs-svc/<digits>` of the deployment that started it, as ECS reports in `startedBy`. */
  startedBy: string;
  image: string;
  lastStatus: 'PROVISIONING' | 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  stopCode?: TaskStopCode;
  stoppedReason?: string;
  exitCode?: number;
  containerReason?: string;
}

export interface DeploymentRecord {
  id: string;
  arn: string;
  /** The classic deployment id (`ecs-svc/<digits>`) DescribeServices and tasks' `startedBy` show. */
  legacyId: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  lifecycleStage?: ServiceDeploymentLifecycleStage;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  source?: RevisionRecord;
  target: RevisionRecord;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  circuitBreaker: { status: ServiceDeploymentRollbackMonitorsStatus; failureCount: number; threshold: number };
  alarms: { status: ServiceDeploymentRollbackMonitorsStatus; alarmNames: string[]; triggeredAlarmNames: string[] };
  /** Share of production traffic on the target revision (0-100). */
  targetWeight: number;
  /** How long its canary bake and final bake last (ms), as its deploymentConfiguration reports them (minutes). */
  bakes: { canaryMs: number; finalMs: number };
}

export interface EcsServiceRecord {
  name: string;
  cluster: string;
  arn: string;
  infrastructureRoleArn: string;
  status: ServiceStatusCode;
  createdAt: number;
  updatedAt: number;
  inactiveAt?: number;
  endpoint: string;
  tags: Map<string, string>;
  revisions: RevisionRecord[];
  /** The revision the service serves (the deployment's target while one runs). */
  active: RevisionRecord;
  /** Oldest first. */
  deployments: DeploymentRecord[];
  /** Oldest first. */
  events: { id: string; createdAt: number; message: string }[];
  tasks: TaskRecord[];
}

/** The ECS part of the emulator's world; `default` is the one cluster every account has. */
export class EcsState {
  readonly stageMs: number;
  clusters = new Set<string>(['default']);
  services: EcsServiceRecord[] = [];
  /** Per service name, how its next deployment unfolds. */
  plans = new Map<string, EcsPlan>();
  /** Task definition families are account-wide: the latest revision of each. */
  families = new Map<string, number>();

  constructor(stageMs: number) {
    this.stageMs = stageMs;
  }
}

/** The emulator's world as the ECS module sees it (ECS state lives in `state.ecs`). */
export type EcsPlace = EmulatorState;

export const ecsArn = (place: Place, resource: string): string =>
  `arn:${place.partition}:ecs:${place.region}:${place.accountId}:${resource}`;

export const clusterArn = (place: Place, cluster: string): string => ecsArn(place, `cluster/${cluster}`);

export const serviceArn = (place: Place, cluster: string, name: string): string =>
  ecsArn(place, `service/${cluster}/${name}`);

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const randomToken = (length: number, alphabet = ALPHANUMERIC): string =>
  Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');

/** Revision numbers and classic deployment ids are large opaque numbers in ECS, not a sequence. */
export const randomDigits = (length: number): string =>
  String(randomInt(1, 10)) + Array.from({ length: length - 1 }, () => String(randomInt(0, 10))).join('');

export const newTaskId = (): string => randomBytes(16).toString('hex');

export function newEndpoint(name: string, region: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40);
  return `${label}-${randomToken(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}.ecs.${region}.on.aws`;
}

/** Deployments that have not reached an end: Update and a second deployment wait for these. */
export const UNDER_WAY: ReadonlySet<ServiceDeploymentStatus> = new Set<ServiceDeploymentStatus>([
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'STOP_REQUESTED',
]);

export const currentDeployment = (service: EcsServiceRecord): DeploymentRecord | undefined =>
  service.deployments.at(-1);

export function addEvent(service: EcsServiceRecord, message: string): void {
  service.events.push({ id: randomUUID(), createdAt: Date.now(), message: `(service ${service.name}) ${message}` });
}
