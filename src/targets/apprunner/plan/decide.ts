import type { OperationSummary } from '@aws-sdk/client-apprunner';
import type { AppRunnerConfig } from '../config.js';

/** What to do with the service as it stands. Pure: status + the user's choices → a step. */
export type Step =
  | { kind: 'create' }
  | { kind: 'update' }
  | { kind: 'rebuild' }
  | { kind: 'recreate' }
  | { kind: 'resume' }
  | { kind: 'wait-for-busy' }
  | { kind: 'refuse'; message: string };

type Choices = Pick<AppRunnerConfig, 'service' | 'onCreateFailed' | 'onPaused' | 'onBusy'>;

export function decideStep(input: { status?: string; lastOperation?: OperationSummary; choices: Choices }): Step {
  const { status, choices } = input;
  const where = `Service \`${choices.service}\` is ${status}`;
  const last = describeOperation(input.lastOperation);
  const refuse = (advice: string): Step => ({
    kind: 'refuse',
    message: `${where}${last}. Nothing was changed. ${advice}`,
  });
  switch (status) {
    case undefined:
      return { kind: 'create' };
    case 'RUNNING':
      return { kind: 'update' };
    case 'OPERATION_IN_PROGRESS':
      return choices.onBusy === 'wait'
        ? { kind: 'wait-for-busy' }
        : refuse('Wait for that operation to end and run again, or set `on-busy: wait`.');
    case 'CREATE_FAILED':
      if (choices.onCreateFailed === 'update') return { kind: 'rebuild' };
      if (choices.onCreateFailed === 'recreate') return { kind: 'recreate' };
      return refuse(
        'Its creation failed (see its logs in the console). Set `on-create-failed: update` to rebuild it in place with UpdateService, ' +
          'or `on-create-failed: recreate` to delete and create it again (its ARN and URL change).',
      );
    case 'PAUSED':
      return choices.onPaused === 'resume'
        ? { kind: 'resume' }
        : refuse(
            'Resume it in the console or with `aws apprunner resume-service`, or set `on-paused: resume` to resume it and deploy.',
          );
    case 'DELETE_FAILED':
      return refuse('Its deletion failed: delete it again in the console, or deploy under another service name.');
    case 'DELETED':
      return refuse('Wait until it is gone from the service list, or deploy under another service name.');
    default:
      return refuse('The action does not know this status and will not touch the service.');
  }
}

export function describeOperation(operation: OperationSummary | undefined): string {
  if (!operation) return '';
  const when = operation.EndedAt ?? operation.UpdatedAt ?? operation.StartedAt;
  const at = when ? ` at ${when.toISOString()}` : '';
  return `; its last operation, ${operation.Type} ${operation.Id}, is ${operation.Status}${at}`;
}
