/**
 * Tasks of Express services: started and stopped by deployments, each writing its container's output to the
 * service's awslogs group (stream `<prefix>/Main/<task id>`), and the ListTasks / DescribeTasks answers.
 */
import { appendLogEvents } from '../logstore.ts';
import { epochSeconds, optInteger, optString, optStringList, type JsonObject } from '../json.ts';
import { paginate } from '../pagination.ts';
import type { HandlerTable } from '../handler.ts';
import type { EmulatorState } from '../state.ts';
import { defaultLogs } from './config.ts';
import { invalidParameter, missingParameter, serviceNotFound } from './errors.ts';
import { resolveCluster, serviceByName } from './lookup.ts';
import {
  clusterArn,
  ecsArn,
  newTaskId,
  type DeploymentRecord,
  type EcsPlace,
  type EcsServiceRecord,
  type RevisionRecord,
  type TaskRecord,
} from './model.ts';

/** Express names the one container of a managed task definition `Main` (and wants it so in one's own). */
export const CONTAINER = 'Main';

export function logTarget(service: EcsServiceRecord, revision: RevisionRecord, taskId: string) {
  const logs = revision.config.primaryContainer?.awsLogsConfiguration ?? defaultLogs(service);
  return { group: logs.logGroup as string, stream: `${logs.logStreamPrefix}/${CONTAINER}/${taskId}` };
}

/** The error line a crashing container writes before it exits 1. */
export const CRASH_LINE = 'Error: the application failed to start and exits with code 1';

export type TaskFate = 'runs' | 'crashes' | 'cannot-pull';

/** Starts a task of `revision`; `crashes` writes an error line and exits 1, `cannot-pull` never starts. */
export function startTask(
  place: EcsPlace,
  init: {
    service: EcsServiceRecord;
    revision: RevisionRecord;
    deployment: DeploymentRecord;
    fate: TaskFate;
    /** What a crashing container logs (default: CRASH_LINE). */
    crashLines?: string[];
  },
): TaskRecord {
  const { service, revision, fate } = init;
  const id = newTaskId();
  const now = Date.now();
  const image = revision.config.primaryContainer?.image ?? revision.config.taskDefinitionArn;
  const task: TaskRecord = {
    id,
    arn: ecsArn(place, `task/${service.cluster}/${id}`),
    revisionArn: revision.arn,
    startedBy: init.deployment.legacyId,
    image,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    createdAt: now,
    startedAt: now,
  };
  service.tasks.push(task);
  if (fate === 'cannot-pull') {
    const reason =
      `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${image}: ` +
      `${image}: not found`;
    delete task.startedAt;
    stopTask(task, { code: 'TaskFailedToStart', reason, containerReason: reason });
    return task;
  }
  const port = revision.config.primaryContainer?.containerPort ?? 80;
  const lines = [`Starting ${CONTAINER} from ${image}`, `Listening on 0.0.0.0:${port}`];
  if (fate === 'crashes') lines.push(...(init.crashLines ?? [CRASH_LINE]));
  else lines.push(`GET ${revision.config.healthCheckPath} 200`);
  appendLogEvents(place, logTarget(service, revision, id), lines);
  if (fate === 'crashes') {
    stopTask(task, { code: 'EssentialContainerExited', reason: 'Essential container in task exited', exitCode: 1 });
    task.containerReason = 'Exit code 1';
  }
  return task;
}

export function stopTask(
  task: TaskRecord,
  init: { code: NonNullable<TaskRecord['stopCode']>; reason: string; exitCode?: number; containerReason?: string },
): void {
  if (task.lastStatus === 'STOPPED') return;
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppedAt = Date.now();
  task.stopCode = init.code;
  task.stoppedReason = init.reason;
  if (init.exitCode !== undefined) task.exitCode = init.exitCode;
  if (init.containerReason !== undefined) task.containerReason = init.containerReason;
}

export const runningTasks = (service: EcsServiceRecord, revisionArn?: string): TaskRecord[] =>
  service.tasks.filter(
    (task) => task.lastStatus !== 'STOPPED' && (revisionArn === undefined || task.revisionArn === revisionArn),
  );

export function taskView(place: EcsPlace, service: EcsServiceRecord, task: TaskRecord, tags: boolean): JsonObject {
  const revision = service.revisions.find((item) => item.arn === task.revisionArn);
  const config = revision?.config;
  const container: JsonObject = {
    containerArn: ecsArn(place, `container/${service.cluster}/${task.id}/${task.id.slice(0, 8)}`),
    taskArn: task.arn,
    name: CONTAINER,
    image: task.image,
    lastStatus: task.lastStatus,
  };
  if (task.exitCode !== undefined) container.exitCode = task.exitCode;
  if (task.containerReason !== undefined) container.reason = task.containerReason;
  const view: JsonObject = {
    taskArn: task.arn,
    clusterArn: clusterArn(place, service.cluster),
    taskDefinitionArn: config?.taskDefinitionArn ?? '',
    group: `service:${service.name}`,
    startedBy: task.startedBy,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    createdAt: epochSeconds(task.createdAt),
    containers: [container],
    version: task.lastStatus === 'STOPPED' ? 3 : 2,
  };
  if (config?.cpu !== undefined) Object.assign(view, { cpu: config.cpu, memory: config.memory });
  if (task.startedAt !== undefined) view.startedAt = epochSeconds(task.startedAt);
  if (task.stoppedAt !== undefined) {
    Object.assign(view, {
      stoppingAt: epochSeconds(task.stoppedAt),
      executionStoppedAt: epochSeconds(task.stoppedAt),
      stoppedAt: epochSeconds(task.stoppedAt),
      stopCode: task.stopCode ?? 'ServiceSchedulerInitiated',
      stoppedReason: task.stoppedReason ?? '',
    });
  }
  if (tags) view.tags = [];
  return view;
}

function listTasks(state: EmulatorState, input: JsonObject): JsonObject {
  const cluster = resolveCluster(state, input);
  const serviceName = optString({ obj: input, key: 'serviceName', path: 'serviceName' });
  const desired = optString({ obj: input, key: 'desiredStatus', path: 'desiredStatus' }) ?? 'RUNNING';
  if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desired)) throw invalidParameter(`Invalid desiredStatus ${desired}.`);
  const startedBy = optString({ obj: input, key: 'startedBy', path: 'startedBy' });
  let services = state.ecs.services.filter((item) => item.cluster === cluster);
  if (serviceName !== undefined) {
    const service = serviceByName(state, cluster, serviceName);
    if (!service) throw serviceNotFound();
    services = [service];
  }
  const tasks = services
    .flatMap((service) => service.tasks)
    .filter((task) => task.desiredStatus === (desired === 'STOPPED' ? 'STOPPED' : 'RUNNING'))
    .filter((task) => startedBy === undefined || task.startedBy === startedBy);
  const page = paginate(tasks, {
    maxResults: optInteger({ obj: input, key: 'maxResults', path: 'maxResults' }),
    nextToken: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
    min: 1,
    max: 100,
    defaultSize: 100,
    scope: `ListTasks ${cluster} ${serviceName ?? ''} ${desired}`,
    errorType: 'InvalidParameterException',
  });
  const output: JsonObject = { taskArns: page.items.map((task) => task.arn) };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

function describeTasks(state: EmulatorState, input: JsonObject): JsonObject {
  const cluster = resolveCluster(state, input);
  const wanted = optStringList({ obj: input, key: 'tasks', path: 'tasks' });
  if (wanted === undefined) throw missingParameter('tasks');
  if (wanted.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (wanted.length > 100) throw invalidParameter('Too many tasks were specified: at most 100 are allowed.');
  const include = optStringList({ obj: input, key: 'include', path: 'include' }) ?? [];
  const tasks: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const reference of wanted) {
    const id = reference.split('/').at(-1) ?? reference;
    const service = state.ecs.services.find(
      (item) => item.cluster === cluster && item.tasks.some((task) => task.id === id),
    );
    const task = service?.tasks.find((item) => item.id === id);
    if (service && task) tasks.push(taskView(state, service, task, include.includes('TAGS')));
    else failures.push({ arn: ecsArn(state, `task/${cluster}/${id}`), reason: 'MISSING' });
  }
  return { tasks, failures };
}

export const taskHandlers: HandlerTable = { ListTasks: listTasks, DescribeTasks: describeTasks };
