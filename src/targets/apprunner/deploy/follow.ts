import * as runner from '../../../core/workflow.js';
import type { Clients } from '../../../core/aws/clients.js';
import { describeService } from '../aws/services.js';
import { waitForOperation, type Clock, type WaitResult } from '../wait.js';
import { DeployError, recordService, type Outcome } from '../../../core/outcome.js';

const VERDICTS: Record<string, string> = {
  FAILED: 'failed',
  ROLLBACK_SUCCEEDED:
    'was rolled back: the new version failed its health check, and the service still serves the previous version',
  ROLLBACK_FAILED: 'failed and its rollback failed too: the service may not be serving; check it in the console',
};

/** In a few words, for the summary's Result column. */
const RESULTS: Record<string, string> = {
  FAILED: 'failed',
  ROLLBACK_SUCCEEDED: 'rolled back: the previous version still serves',
  ROLLBACK_FAILED: 'failed, and its rollback failed',
};

function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Follows an operation to its end, records what happened, and throws a DeployError that says why when it failed. */
export async function followOperation(options: {
  clients: Clients;
  outcome: Outcome;
  /** `ours`: the action started it; someone else's operation is followed but not reported as the deploy's. */
  operation: { id: string; label: string; ours: boolean };
  timeoutSeconds: number;
  clock?: Clock;
}): Promise<WaitResult> {
  const { clients, outcome, operation } = options;
  const serviceArn = outcome.serviceArn ?? '';
  runner.info(`Following ${operation.label} operation ${operation.id} (timeout ${options.timeoutSeconds}s).`);
  const result = await waitForOperation({
    client: clients.apprunner,
    serviceArn,
    operationId: operation.id,
    timeoutMs: options.timeoutSeconds * 1000,
    clock: options.clock,
    onTransientError: (error) => runner.info(`  (poll failed, retrying: ${error.name}: ${error.message})`),
    onChange: (entry) => {
      outcome.timeline.push({ ...entry, label: operation.label });
      runner.info(`  ${formatElapsed(entry.elapsedMs).padStart(6)}  ${operation.label}: ${entry.status}`);
    },
  });
  if (operation.ours) outcome.operationStatus = result.status;
  recordService(outcome, await describeService(clients.apprunner, serviceArn));
  if (result.timedOut) {
    if (operation.ours) outcome.result = `${operation.label} still ${result.status}: wait timed out`;
    throw new DeployError(
      `Operation ${operation.id} (${operation.label}) is still ${result.status} after ${options.timeoutSeconds}s. ` +
        'It goes on in AWS: follow it in the App Runner console, or raise `wait-timeout` (rollbacks can take over 15 minutes).',
      { timedOut: true },
    );
  }
  if (result.status !== 'SUCCEEDED') {
    if (operation.ours) {
      outcome.result = `${operation.label} ${RESULTS[result.status] ?? result.status}`;
      await fetchEvents({ clients, outcome, since: result.operation?.StartedAt });
    }
    throw new DeployError(
      `Operation ${operation.id} (${operation.label}) ${VERDICTS[result.status] ?? result.status}.`,
    );
  }
  return result;
}

/** Best effort: the service's event lines explain a failure better than any status. A missing permission is a hint. */
async function fetchEvents(options: { clients: Clients; outcome: Outcome; since?: Date }): Promise<void> {
  const { outcome } = options;
  // Loaded only when a deployment failed: the logs client is not part of a good run.
  const { recentServiceEvents, serviceLogGroup } = await import('../aws/logs.js');
  const group = serviceLogGroup({ name: outcome.serviceName ?? '', id: outcome.serviceId ?? '' });
  try {
    // From the operation's start (a second early for clock skew): earlier deployments' lines would only mislead.
    const since = options.since ? new Date(options.since.getTime() - 1000) : new Date(outcome.startedAt - 60_000);
    outcome.events = await recentServiceEvents(await options.clients.logs(), { group, since, limit: 40 });
    if (outcome.events.length === 0) return;
    runner.startGroup(`Service events (${group})`);
    for (const line of outcome.events) runner.info(line);
    runner.endGroup();
  } catch (error) {
    const name = (error as Error).name;
    const hint =
      name === 'AccessDeniedException'
        ? 'allow logs:FilterLogEvents on the log group to see why here'
        : `${name}: ${(error as Error).message}`;
    runner.warning(`Could not read the service events from ${group} (${hint}).`);
  }
}
