/**
 * One demo run: a title, the action and its inputs, what to prepare just before, and how to tell whether it behaved.
 * `runSteps` prints each run's log and job summary as a person reads them on GitHub, and collects what went wrong.
 */
import type { Emulator } from '../tools/emulator/index.ts';
import { readableLog, runAction, type ActionName, type RunResult } from '../tools/runner/run-action.ts';
import { summaryAsText } from './summary.ts';

export interface Step {
  title: string;
  /** Default `apprunner`. */
  action?: ActionName;
  inputs: Record<string, string>;
  /** Prepares the emulator (e.g. plans the rollback) just before the run. */
  before?: () => void;
  /** Why the run did not behave as expected, or undefined when it did. `calls` are the AWS calls of this run. */
  check: (result: RunResult, calls: ReturnType<Emulator['calls']>) => string | undefined;
}

export const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
export const banner = (text: string) => `\n${bold(`━━━━ ${text} `.padEnd(100, '━'))}\n`;

/** Exit code `expected`, else why not. */
export const exitCode = (result: RunResult, expected: number): string | undefined =>
  result.exitCode === expected ? undefined : `exit code ${result.exitCode}, expected ${expected}`;

/** Runs the steps in order against the emulator; answers the problems (`<title>: <why>`), none when all behaved. */
export async function runSteps(emulator: Emulator, steps: Step[]): Promise<string[]> {
  const problems: string[] = [];
  for (const step of steps) {
    step.before?.();
    process.stdout.write(banner(step.title));
    const seen = emulator.calls().length;
    const result = await runAction({ action: step.action, inputs: step.inputs, awsEnv: emulator.env() });
    process.stdout.write(`${readableLog(result.stdout)}\n`);
    if (result.stderr.trim()) process.stdout.write(`${bold('stderr:')}\n${result.stderr.trim()}\n`);
    process.stdout.write(`\n${bold('── Job summary ──')}\n${summaryAsText(result.summary)}\n`);
    const problem = step.check(result, emulator.calls().slice(seen));
    const verdict = problem ? `✗ not as expected: ${problem}` : `✓ as expected (exit code ${result.exitCode})`;
    process.stdout.write(`\n${bold(`── ${verdict}, ${(result.durationMs / 1000).toFixed(1)}s`)}\n`);
    if (problem) problems.push(`${step.title}: ${problem}`);
  }
  return problems;
}
