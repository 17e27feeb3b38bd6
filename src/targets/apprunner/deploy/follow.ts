import { lazy } from '../../../core/lazy.js';
import { DeployError, type Result } from '../../../core/outcome.js';
import { formatElapsed } from '../../../core/poll.js';
import * as workflow from '../../../core/workflow.js';
import { describeService } from '../aws/services.js';
import { recordService, type AppRunnerContext } from '../context.js';
import { waitForOperation } from '../wait.js';

const VERDICTS: Record<string, string> = {
  FAILED: 'failed',
  ROLLBACK_SUCCEEDED:
    'was rolled back: the new version failed its health check, and the service still serves the previous version',
  ROLLBACK_FAILED: 'failed and its rollback failed too: the service may not be serving; check it in the console',
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
  recordService(outcome, await describeService(clients.apprunner, serviceArn));
  if (result.timedOut) {
    throw new DeployError(
      `Operation ${operation.id} (${operation.label}) is still ${result.status} after ${config.waitTimeoutSeconds}s. ` +
        'It goes on in AWS: follow it in the App Runner console, or raise `wait-timeout` (rollbacks can take over 15 minutes).',
      { result: { kind: 'timed-out', label: operation.label, status: result.status } },
    );
  }
  if (result.status !== 'SUCCEEDED') {
    if (operation.ours) await fetchEvents(context, result.operation?.StartedAt);
    throw new DeployError(
      `Operation ${operation.id} (${operation.label}) ${VERDICTS[result.status] ?? result.status}.`,
      {
        result: operation.ours ? failure(operation.label, result.status) : undefined,
      },
    );
  }
  return { kind: 'succeeded', label: operation.label };
}

/** `/aws/apprunner/<name>/<id>/service`: where App Runner writes service events and deployment logs. */
export function serviceLogGroup(service: { name: string; id: string }): string {
  return `/aws/apprunner/${service.name}/${service.id}/service`;
}

/** Best effort: the service's event lines explain a failure better than any status. A missing permission is a hint. */
async function fetchEvents(context: AppRunnerContext, startedAt: Date | undefined): Promise<void> {
  const { outcome } = context;
  const group = serviceLogGroup({ name: outcome.serviceName ?? '', id: outcome.serviceId ?? '' });
  try {
    // From the operation's start (a second early for clock skew): earlier deployments' lines would only mislead.
    const since = startedAt ? new Date(startedAt.getTime() - 1000) : new Date(outcome.startedAt - 60_000);
    const { recentLogLines } = await lazy.logs();
    outcome.events = await recentLogLines(await context.clients.logs(), { group, since, limit: 40 });
    if (outcome.events.length === 0) return;
    workflow.startGroup(`Service events (${group})`);
    for (const line of outcome.events) workflow.info(line);
    workflow.endGroup();
  } catch (error) {
    const name = (error as Error).name;
    const hint =
      name === 'AccessDeniedException'
        ? 'allow logs:FilterLogEvents on the log group to see why here'
        : `${name}: ${(error as Error).message}`;
    workflow.warning(`Could not read the service events from ${group} (${hint}).`);
  }
}
