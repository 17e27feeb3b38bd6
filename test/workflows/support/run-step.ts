import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Step, WorkflowFile } from './model.ts';

/** Variables the runner itself provides to every step; a test may set them without the step declaring them. */
const RUNNER_VARIABLES = new Set([
  'PATH',
  'HOME',
  'RUNNER_TEMP',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
]);

export interface StepRun {
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export function findStep(file: WorkflowFile, jobId: string, stepId: string): Step {
  const step = file.workflow.jobs[jobId]?.steps?.find((candidate) => candidate.id === stepId);
  if (!step?.run) throw new Error(`${file.path}: no run step ${jobId}.${stepId}`);
  return step;
}

export function findStepByName(file: WorkflowFile, jobId: string, name: string): Step {
  const step = file.workflow.jobs[jobId]?.steps?.find((candidate) => candidate.name === name);
  if (!step?.run) throw new Error(`${file.path}: no run step named "${name}" in ${jobId}`);
  return step;
}

/** Parses $GITHUB_OUTPUT the way the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2], index + 1);
      if (end < 0) throw new Error(`unterminated output block ${block[1]}`);
      outputs[block[1]] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/**
 * Runs a step's `run:` script the way a GitHub runner does (`bash --noprofile --norc -eo pipefail`), with the
 * literal values of its `env:` and the values of its expressions given by the test. Only names the step declares
 * may be given, so a test cannot pass by setting a variable the workflow never sets.
 */
export async function runStep(
  step: Step,
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<StepRun> {
  const declared = new Set(Object.keys(step.env ?? {}));
  for (const name of Object.keys(options.env ?? {})) {
    if (!declared.has(name) && !RUNNER_VARIABLES.has(name)) {
      throw new Error(`the step does not declare env ${name}`);
    }
  }
  const temp = mkdtempSync(join(tmpdir(), 'step-'));
  try {
    const script = join(temp, 'step.sh');
    const outputFile = join(temp, 'output');
    const summaryFile = join(temp, 'summary');
    writeFileSync(script, step.run ?? '');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    // Literal values come from the workflow itself; values of expressions are the test's to give.
    const literals = Object.entries(step.env ?? {}).filter(([, value]) => !String(value).includes('${{'));
    const env = {
      ...Object.fromEntries(literals.map(([name, value]) => [name, String(value)])),
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: temp,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...options.env,
    };
    const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', script],
        { env, cwd: options.cwd ?? temp, timeout: options.timeoutMs ?? 20000 },
        (error, stdout, stderr) => {
          const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
          resolve({ status: code, stdout, stderr });
        },
      );
    });
    return {
      ...result,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
