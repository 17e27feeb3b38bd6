import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_GITHUB_TOKEN, parseFileCommand, readableLog, runAction } from '../../tools/runner/run-action.ts';

/** The runner helper itself: if it set up the child differently from GitHub's runner, every scenario would lie. */

/** A stand-in action that reports what it got, in the file-command formats a real action uses. */
const PROBE = `
const fs = require('node:fs');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== '_'));
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'env<<EOF_1\\n' + JSON.stringify(env) + '\\nEOF_1\\n');
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'multi<<EOF_2\\nline one\\nline two\\nEOF_2\\n');
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## probe\\n');
console.log('::error::first%0Asecond');
console.log('::warning file=x.ts::careful');
process.exitCode = 3;
`;

/** An action that never ends, with a child of its own that would outlive it if only the action were killed. */
const HANGING = `
const child = require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });
console.log('grandchild=' + child.pid);
setInterval(() => {}, 1000);
`;

/** Whether the process has ended (polled for `ms`, as its reaping takes a moment). */
async function gone(pid: number, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the runner helper', () => {
  it('sets inputs and runner variables as GitHub does, and nothing of this process beyond PATH and HOME', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-probe-'));
    const bundle = join(dir, 'probe.cjs');
    writeFileSync(bundle, PROBE);
    process.env.E2E_RUNNER_LEAK_PROBE = 'leaked';
    try {
      const result = await runAction({
        inputs: { service: 'shop-web', 'access-role-arn': 'arn:aws:iam::123456789012:role/R' },
        awsEnv: { AWS_REGION: 'eu-west-1' },
        env: { EXTRA: 'yes' },
        bundle,
      });
      const env = JSON.parse(result.outputs.env) as Record<string, string>;
      expect(result.exitCode).toBe(3);
      expect(env['INPUT_SERVICE']).toBe('shop-web');
      expect(env['INPUT_ACCESS-ROLE-ARN']).toBe('arn:aws:iam::123456789012:role/R');
      // Defaults from action.yml, with `${{ github.token }}` resolved.
      expect(env['INPUT_ON-BUSY']).toBe('wait');
      expect(env['INPUT_WAIT-TIMEOUT']).toBe('1800');
      expect(env['INPUT_GITHUB-TOKEN']).toBe(FAKE_GITHUB_TOKEN);
      expect(env).not.toHaveProperty('INPUT_IMAGE');
      expect(env).toMatchObject({ AWS_REGION: 'eu-west-1', EXTRA: 'yes', GITHUB_ACTIONS: 'true' });
      expect(env).not.toHaveProperty('E2E_RUNNER_LEAK_PROBE');
      expect(env).not.toHaveProperty('NODE_OPTIONS');
      expect(result.outputs.multi).toBe('line one\nline two');
      expect(result.summary).toBe('## probe\n');
      expect(result.errors).toEqual(['first\nsecond']);
      expect(result.warnings).toEqual(['careful']);
    } finally {
      delete process.env.E2E_RUNNER_LEAK_PROBE;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kills a run that outlives timeoutMs, with everything it started, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-hang-'));
    const bundle = join(dir, 'hang.cjs');
    writeFileSync(bundle, HANGING);
    let grandchild: number | undefined;
    try {
      const result = await runAction({ inputs: { service: 'shop-web' }, bundle, timeoutMs: 1500 });
      grandchild = Number(/grandchild=(\d+)/.exec(result.stdout)?.[1]);
      expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: null });
      expect(result.durationMs).toBeLessThan(10_000);
      expect(grandchild).toBeGreaterThan(0);
      expect(await gone(grandchild)).toBe(true);
    } finally {
      if (grandchild && !(await gone(grandchild, 0))) process.kill(grandchild, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses both file-command forms and refuses an unterminated value', () => {
    expect(parseFileCommand('a<<D\nx\ny\nD\nb=plain\n')).toEqual({ a: 'x\ny', b: 'plain' });
    expect(() => parseFileCommand('a<<D\nx\n')).toThrow('Unterminated');
  });

  it('renders the log as GitHub shows it', () => {
    const log = '::add-mask::s3cr3t\n::group::Events\nline\n::endgroup::\n::error::bad%0Aworse\n::debug::hidden';
    expect(readableLog(log)).toBe('▼ Events\nline\nError: bad\nworse');
  });
});
