import type { Result } from '../outcome.js';

/** The result in a few words, for the log's last line, the summary's Result column and the GitHub deployment. */
export function describeResult(result: Result | undefined): string | undefined {
  if (!result) return undefined;
  switch (result.kind) {
    case 'dry-run':
      return 'dry run: nothing changed';
    case 'no-change':
      return 'no change';
    case 'refused':
      return 'refused';
    case 'not-waiting':
      return `${result.label} started; not waiting (wait: false)`;
    case 'succeeded':
      return `${result.label} succeeded`;
    case 'timed-out':
      return `${result.label} still ${result.status}: wait timed out`;
    case 'rolled-back':
      return `${result.label} rolled back: the previous version still serves`;
    case 'rollback-failed':
      return `${result.label} failed, and its rollback failed`;
    case 'failed':
      if (!result.label) return 'failed';
      return `${result.label} ${result.status ?? 'failed'}`;
  }
}
