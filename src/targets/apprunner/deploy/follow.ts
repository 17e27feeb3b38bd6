import type { Service } from '@aws-sdk/client-apprunner';
import { lazy } from '../../../core/lazy.js';
import { DeployError, type Result } from '../../../core/outcome.js';
import { describeTimeout, formatElapsed } from '../../../core/poll.js';
import * as workflow from '../../../core/workflow.js';
import { describeService } from '../aws/services.js';
import { recordService, servingImage, type AppRunnerContext } from '../context.js';
import { waitForOperation } from '../wait.js';

const VERDICTS: Record<string, string> = {
  FAILED: 'failed',
  ROLLBACK_SUCCEEDED:
    'was rolled back (ROLLBACK_SUCCEEDED): the new version failed, and the service still serves the previous version',
  ROLLBACK_FAILED: 'failed and its rollback failed too (ROLLBACK_FAILED)',
};

function failure(label: string, status: string): Result {
  if (status === 'ROLLBACK_SUCCEEDED') return { kind: 'rolled-back', label };
  if (status === 'ROLLBACK_FAILED') return { kind: 'rollback-failed', label };
  return { kind: 'failed', label, status: status === 'FAILED' ? undefined : status };
}

/**
 * Follows an operation to its end and answers how it succeeded, or throws a DeployError that says why not.
 * `ours`: the action started it; someone else's operation is followed but not reported as the deploy's.
 */
export async function followOperation(
  context: AppRunnerContext,
  operation: { id: string; label: string; ours: boolean },
): Promise<Result> {
  const { clients, outcome, config } = context;
  const serviceArn = outcome.serviceArn ?? '';
  if (operation.ours) outcome.operationId = operation.id;
  workflow.info(`Following ${operation.label} operation ${operation.id} (timeout ${config.waitTimeoutSeconds}s).`);
  const result = await waitForOperation({
    client: clients.apprunner,
    serviceArn,
    operationId: operation.id,
    timeoutMs: config.waitTimeoutSeconds * 1000,
    clock: context.clock,
    onTransientError: (error) => workflow.info(`  (poll failed, retrying: ${error.name}: ${error.message})`),
    onChange: (entry) => {
      outcome.timeline.push({ ...entry, label: operation.label });
      workflow.info(`  ${formatElapsed(entry.elapsedMs).padStart(6)}  ${operation.label}: ${entry.status}`);
    },
  });
  if (operation.ours) outcome.operationStatus = result.status;
  const service = await describeService(clients.apprunner, serviceArn);
  recordService(outcome, service);
  // What serves once the operation ended; unknown while it goes on, and after a rollback that failed.
  const ended = !result.timedOut && result.status !== 'ROLLBACK_FAILED';
  outcome.servingImageUri = ended ? servingImage(service) : undefined;
  const headline = `Operation ${operation.id} (${operation.label})`;
  if (result.timedOut) {
    throw new DeployError(
      `${describeTimeout(result, { name: headline, waitTimeoutSeconds: config.waitTimeoutSeconds })} ` +
        'It goes on in AWS: follow it in the App Runner console, or raise `wait-timeout` (rollbacks can take over 15 minutes). ' +
        now(context, service),
      { result: { kind: 'timed-out', label: operation.label, status: result.status } },
    );
  }
  if (result.status !== 'SUCCEEDED') {
    const events = operation.ours
      ? await fetchEvents(context, { id: operation.id, startedAt: result.operation?.StartedAt })
      : [];
    throw new DeployError(
      `${headline} ${VERDICTS[result.status] ?? result.status}. ${now(context, service, result.status)} ` +
        `${causeOf(events)} ${nextStep(service.Status, result.status)}`,
      { result: operation.ours ? failure(operation.label, result.status) : undefined },
    );
  }
  return { kind: 'succeeded', label: operation.label };
}

/** The service's state now, in a sentence: its status, and what it serves when that is known. */
function now(context: AppRunnerContext, service: Service, operationStatus?: string): string {
  const where = `Service \`${context.config.service}\` is now ${service.Status ?? 'in an unknown state'}`;
  if (service.Status === 'CREATE_FAILED') return `${where}: it serves nothing, and cannot be updated as it is.`;
  if (operationStatus === 'ROLLBACK_FAILED') return `${where} and may not be serving.`;
  const serving = context.outcome.servingImageUri;
  return serving ? `${where} and serves ${serving}.` : `${where}.`;
}

/** What the user can do about a service left in `status` by an operation that ended `operationStatus`. */
function nextStep(status: string | undefined, operationStatus: string): string {
  if (status === 'CREATE_FAILED') {
    return (
      'Fix the cause, then run again with `on-create-failed: update` (rebuild it in place) or ' +
      '`on-create-failed: recreate` (delete it and create it again; its ARN and URL change).'
    );
  }
  if (status === 'DELETE_FAILED')
    return 'Delete it in the App Runner console (the events say what blocks it), then run again.';
  if (status === 'PAUSED') return 'Resume it in the App Runner console, or run again with `on-paused: resume`.';
  if (operationStatus === 'ROLLBACK_FAILED')
    return 'Check the service in the App Runner console now, then deploy a fixed version.';
  return 'Fix the image or configuration and deploy again.';
}

/** The cause in a sentence; `events` is undefined when they could not be read (a warning says why). */
function causeOf(events: string[] | undefined): string {
  const cause = events && pickCause(events);
  if (cause) return `Cause: ${cause.replace(/\.+$/, '')}.`;
  return events
    ? 'The service events name no cause: see the service in the App Runner console.'
    : 'The cause is in the service events, which could not be read (see the warning above).';
}

/** Lines that only restate that something failed: the cause is in another line. */
const RESTATES = /Deployment with ID|For details, see|Failed to deploy your application image|Rollback of deployment/i;
/** The status line says where the service landed, which the error line says already. */
const NEVER_CAUSE = /status is set to/i;
const TELLS = /fail|error|unhealthy|denied|timed? ?out|exit/i;

/**
 * The most telling event line: the last one that names a failure without merely restating it (the health check that
 * failed, the image that could not be pulled), else the last that mentions one. Without the `[AppRunner]` tag.
 */
export function pickCause(lines: string[]): string | undefined {
  const telling = lines
    .map((line) =>
      line
        .replace(/^\[AppRunner\]\s*/, '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 300),
    )
    .filter((line) => TELLS.test(line) && !NEVER_CAUSE.test(line));
  return [...telling].reverse().find((line) => !RESTATES.test(line)) ?? telling.at(-1);
}

/** `/aws/apprunner/<name>/<id>/service`: where App Runner writes service events and deployment logs. */
export function serviceLogGroup(service: { name: string; id: string }): string {
  return `/aws/apprunner/${service.name}/${service.id}/service`;
}

/**
 * Best effort: the service's event lines explain a failure better than any status. A missing permission is a hint.
 * App Runner writes a deployment's lines to its own stream `deployment/<operation id>` and again to `events`: one
 * stream is read, the operation's own when it has one (deployments do; resume and delete do not), so no line shows
 * twice; the stream names are not documented, so the whole group is the last resort.
 */
async function fetchEvents(
  context: AppRunnerContext,
  operation: { id: string; startedAt?: Date },
): Promise<string[] | undefined> {
  const { outcome } = context;
  const group = serviceLogGroup({ name: outcome.serviceName ?? '', id: outcome.serviceId ?? '' });
  try {
    // From the operation's start (a second early for clock skew): earlier deployments' lines would only mislead.
    const since = operation.startedAt
      ? new Date(operation.startedAt.getTime() - 1000)
      : new Date(outcome.startedAt - 60_000);
    const { recentLogLines } = await lazy.logs();
    const client = await context.clients.logs();
    const read = (streams?: string[]) =>
      recentLogLines(client, { group, since, limit: 40, streams }).catch((error: unknown) => {
        if ((error as Error).name === 'ResourceNotFoundException' && streams) return [];
        throw error;
      });
    let lines = await read([`deployment/${operation.id}`]);
    if (lines.length === 0) lines = await read(['events']);
    // The whole group holds each deployment line twice; one stream repeats a line only when it happened twice.
    if (lines.length === 0) lines = [...new Set(await read())];
    outcome.events = lines;
  } catch (error) {
    const name = (error as Error).name;
    const hint =
      name === 'AccessDeniedException'
        ? 'allow logs:FilterLogEvents on the log group to see why here'
        : `${name}: ${(error as Error).message}`;
    workflow.warning(`Could not read the service events from ${group} (${hint}).`);
    return undefined;
  }
  if (outcome.events.length > 0) {
    workflow.startGroup(`Service events (${group})`);
    for (const line of outcome.events) workflow.info(line);
    workflow.endGroup();
  }
  return outcome.events;
}
