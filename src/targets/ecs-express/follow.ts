import type { ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import { lazy } from '../../core/lazy.js';
import { DeployError, type Result } from '../../core/outcome.js';
import { describeTimeout, formatElapsed, pollUntilEnd } from '../../core/poll.js';
import * as workflow from '../../core/workflow.js';
import { describeDeployment, describeExpress, stoppedTasks } from './aws.js';
import { recordExpress, servingExpressImage, type ExpressContext } from './context.js';
import { expressSchedule } from './schedule.js';

const TERMINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);

const statusOf = (deployment: ServiceDeployment | undefined) =>
  [deployment?.status ?? 'PENDING', deployment?.lifecycleStage].filter(Boolean).join(' ');

/**
 * Follows a service deployment through canary and bakes to its end: a line per status or lifecycle-stage change.
 * Answers how it succeeded, or throws a DeployError that says why not (for ours, with the stopped tasks and logs).
 */
export async function followDeployment(
  context: ExpressContext,
  deployment: { id: string; label: string; ours: boolean },
): Promise<Result> {
  const { clients, config, outcome } = context;
  workflow.info(`Following ${deployment.label} ${deployment.id} (timeout ${config.waitTimeoutSeconds}s).`);
  const result = await pollUntilEnd({
    read: (abortSignal) => describeDeployment(clients.ecs, { arn: deployment.id, abortSignal }),
    statusOf,
    isTerminal: (answer) => TERMINAL.has(answer?.status ?? ''),
    timeoutMs: config.waitTimeoutSeconds * 1000,
    clock: context.clock,
    // Reads timed by the answer: about one a bake, not one every 4 s (see schedule.ts).
    delayMs: expressSchedule(),
    onTransientError: (error) => workflow.info(`  (poll failed, retrying: ${error.name}: ${error.message})`),
    onChange: (entry) => {
      outcome.timeline.push({ ...entry, label: deployment.label });
      workflow.info(`  ${formatElapsed(entry.elapsedMs).padStart(6)}  ${deployment.label}: ${entry.status}`);
    },
  });
  const status = result.last?.status ?? 'PENDING';
  if (deployment.ours) {
    // What serves is known again once the deployment ended (recordServing); not while it goes on.
    outcome.servingImageUri = undefined;
    outcome.operationStatus = status;
    outcome.serviceRevisionArn = result.last?.targetServiceRevision?.arn ?? outcome.serviceRevisionArn;
  }
  if (result.timedOut) {
    throw new DeployError(
      `${describeTimeout(result, { name: `Deployment ${deployment.id}`, waitTimeoutSeconds: config.waitTimeoutSeconds })} It goes on in AWS: ` +
        'follow it in the ECS console, or raise `wait-timeout` (a healthy Express update takes at least ~6 minutes).',
      { result: { kind: 'timed-out', label: deployment.label, status: result.status } },
    );
  }
  if (deployment.ours) await recordServing(context, { label: deployment.label, status });
  if (status === 'SUCCESSFUL') return { kind: 'succeeded', label: deployment.label };
  const task = deployment.ours ? await diagnose(context) : undefined;
  const why = [reasons(result.last), task && `a task stopped: ${task}`].filter(Boolean).join('; ');
  const now = deployment.ours ? ` ${serving(context, { label: deployment.label, status })}` : '';
  throw new DeployError(
    `${verdict(deployment.id, status)}${now} ${why ? `Why: ${why}.` : 'ECS gave no reason.'} ${advice(status)}`,
    { result: deployment.ours ? failure(deployment.label, status) : undefined },
  );
}

/**
 * Best effort, once the deployment ended: the image the service's active configuration runs (output
 * `serving-image-uri`). Nothing serves after a create that failed; a rollback that failed may leave nothing serving.
 */
async function recordServing(context: ExpressContext, deployment: { label: string; status: string }): Promise<void> {
  const { outcome } = context;
  if (deployment.status === 'ROLLBACK_FAILED') return;
  if ((deployment.label === 'create' && deployment.status !== 'SUCCESSFUL') || !outcome.serviceArn) return;
  try {
    const express = await describeExpress(context.clients.ecs, outcome.serviceArn);
    recordExpress(outcome, express);
    outcome.servingImageUri = servingExpressImage(express);
  } catch (error) {
    workflow.info(`(Could not read which image the service serves now: ${(error as Error).name}.)`);
  }
}

/** The service's state now, in a sentence: its status, and what it serves when that is known. */
function serving(context: ExpressContext, deployment: { label: string; status: string }): string {
  const { outcome, config } = context;
  const where = `Service \`${config.service}\` is ${outcome.serviceStatus ?? 'in an unknown state'}`;
  if (deployment.status === 'ROLLBACK_FAILED') return `${where} and may not be serving.`;
  if (deployment.label === 'create') return `${where} and serves nothing: its first deployment failed.`;
  return outcome.servingImageUri ? `${where} and serves ${outcome.servingImageUri}.` : `${where}.`;
}

function failure(label: string, status: string): Result {
  if (status === 'ROLLBACK_SUCCESSFUL') return { kind: 'rolled-back', label };
  if (status === 'ROLLBACK_FAILED') return { kind: 'rollback-failed', label };
  return { kind: 'failed', label, status };
}

function verdict(id: string, status: string): string {
  if (status === 'ROLLBACK_SUCCESSFUL') {
    return `Deployment ${id} was rolled back (ROLLBACK_SUCCESSFUL): the service still serves the previous revision.`;
  }
  if (status === 'ROLLBACK_FAILED') return `Deployment ${id} failed and its rollback failed too (ROLLBACK_FAILED).`;
  return `Deployment ${id} ended ${status}.`;
}

/** The error line is written last, after the group of stopped tasks and logs: they are above it. */
function advice(status: string): string {
  return status === 'ROLLBACK_FAILED'
    ? 'Check the service in the ECS console now; the stopped tasks and container logs above say more.'
    : 'Fix the image or configuration and deploy again; the stopped tasks and container logs above say more.';
}

/** Everything ECS says about why: status reason, rollback reason, circuit breaker count and threshold, alarms. */
function reasons(deployment: ServiceDeployment | undefined): string {
  if (!deployment) return '';
  const parts = [deployment.statusReason, deployment.rollback?.reason];
  const breaker = deployment.deploymentCircuitBreaker;
  if (breaker?.status === 'TRIGGERED' || (breaker?.failureCount ?? 0) > 0) {
    parts.push(
      `circuit breaker ${breaker?.status ?? ''}: ${breaker?.failureCount ?? 0} failed task(s) of a threshold of ${breaker?.threshold ?? '?'}`,
    );
  }
  const alarms = deployment.alarms?.triggeredAlarmNames ?? [];
  if (alarms.length > 0) parts.push(`alarm(s) ${alarms.join(', ')} triggered`);
  const clean = parts.filter((part): part is string => Boolean(part)).map((part) => part.trim().replace(/\.+$/, ''));
  return [...new Set(clean)].join('; ');
}

/** Why a task stopped, in one line: its stop code and reason, and each container's exit code. */
function describeTask(task: Task): string {
  const exits = (task.containers ?? []).map(
    (c) => `container ${c.name} exit code ${c.exitCode ?? '-'}${c.reason ? ` (${c.reason})` : ''}`,
  );
  return [`${task.stopCode ?? 'stopped'}: ${task.stoppedReason ?? ''}`.trim(), ...exits].join(', ');
}

/**
 * Best effort: the stopped tasks of the service and the container's last log lines, in a group and the summary.
 * Answers why the first task that failed stopped, for the error line.
 */
async function diagnose(context: ExpressContext): Promise<string | undefined> {
  const { clients, config, outcome } = context;
  const lines: string[] = [];
  let cause: string | undefined;
  try {
    const tasks = await stoppedTasks(clients.ecs, { cluster: config.cluster, service: config.service });
    // Tasks the scheduler stopped on purpose (scale-in, replacement) say nothing about the failure.
    const failed = tasks.filter((task) => task.stopCode !== 'ServiceSchedulerInitiated');
    cause = failed[0] && describeTask(failed[0]);
    for (const task of (failed.length > 0 ? failed : tasks).slice(0, 3)) {
      lines.push(`task ${task.taskArn?.split('/').pop()}: ${describeTask(task)}`);
    }
    // Only the failed tasks' own streams (awslogs names them PREFIX/CONTAINER/TASK-ID): lines of the old, healthy
    // tasks are no reason and must not pose as one; a task whose image was never pulled has none.
    const prefix = outcome.logStreamPrefix ?? 'ecs';
    const streams = failed
      .slice(0, 10)
      .flatMap((task) => (task.containers ?? []).map((c) => `${prefix}/${c.name}/${task.taskArn?.split('/').pop()}`));
    const group = outcome.logGroup ?? `/aws/ecs/${config.cluster}/${config.service}`;
    const since = new Date(outcome.startedAt - 60_000);
    const logs =
      streams.length > 0
        ? await (await lazy.logs()).recentLogLines(await clients.logs(), { group, since, limit: 30, streams })
        : [];
    if (logs.length > 0) lines.push(`last lines of ${group}:`, ...logs.map((line) => `  ${line}`));
  } catch (error) {
    const { name, message } = error as Error;
    const hint = /AccessDenied/.test(name)
      ? 'allow ecs:ListTasks, ecs:DescribeTasks and logs:FilterLogEvents to see why here'
      : `${name}: ${message}`;
    workflow.warning(`Could not read the stopped tasks or container logs (${hint}).`);
  }
  outcome.events = lines;
  if (lines.length > 0) {
    workflow.startGroup('Stopped tasks and container logs');
    for (const line of lines) workflow.info(line);
    workflow.endGroup();
  }
  return cause;
}
