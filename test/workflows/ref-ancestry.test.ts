import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflow, workflowsDir, type Job } from './support/model.ts';
import { findStepByName, runStep } from './support/run-step.ts';

// The `ref` input of the workflows that check out the caller's code: an environment's deployment branch policy checks
// the run's own ref, so `ref` may only pick the run's commit or an older one of its history, never another branch.

const STEP = "Check that ref is the run's commit or an ancestor of it";
const app = loadWorkflow(join(workflowsDir, 'app.yml'));
const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
const jobs: Array<[string, string, Job, ReturnType<typeof loadWorkflow>]> = [
  ['app.yml', 'deploy', app.workflow.jobs.deploy, app],
  ['infra.yml', 'plan', infra.workflow.jobs.plan, infra],
];

let repo = '';
const commits: Record<string, string> = {};

beforeAll(() => {
  // main: one -> two -> three (the run's commit); feature: one -> two -> side (never on main).
  repo = mkdtempSync(join(tmpdir(), 'ref-ancestry-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo })
      .toString()
      .trim();
  git('init', '-q', '-b', 'main');
  for (const name of ['one', 'two']) {
    writeFileSync(join(repo, 'file'), name);
    git('add', 'file');
    git('commit', '-q', '-m', name);
    commits[name] = git('rev-parse', 'HEAD');
  }
  git('checkout', '-q', '-b', 'feature');
  writeFileSync(join(repo, 'file'), 'side');
  git('commit', '-q', '-a', '-m', 'side');
  commits.side = git('rev-parse', 'HEAD');
  git('checkout', '-q', 'main');
  writeFileSync(join(repo, 'file'), 'three');
  git('commit', '-q', '-a', '-m', 'three');
  commits.three = git('rev-parse', 'HEAD');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

function checkOut(commit: string): void {
  execFileSync('git', ['checkout', '-q', '--detach', commit], { cwd: repo });
}

describe.each(jobs)('%s, %s job: the ref input', (_, jobId, job, file) => {
  const step = findStepByName(file, jobId, STEP);

  it('checks right after the checkout, with the whole history when a ref is given', () => {
    const steps = job.steps ?? [];
    const index = steps.indexOf(step);
    const checkout = steps[index - 1];
    expect(checkout.uses?.startsWith('actions/checkout@')).toBe(true);
    expect(checkout.with).toMatchObject({
      ref: '${{ inputs.ref }}',
      'fetch-depth': "${{ inputs.ref == '' && 1 || 0 }}",
      'persist-credentials': false,
    });
    expect(step.env).toEqual({ REF: '${{ inputs.ref }}', RUN_SHA: '${{ github.sha }}' });
    // Nothing between the checkout and the check, and the check runs whatever happened before (no `if:`).
    expect(step.if).toBeUndefined();
  });

  it.each([
    ['the run commit itself', 'three'],
    ['an older commit of the same branch (a rollback)', 'one'],
  ])('accepts %s', async (__, name) => {
    checkOut(commits[name]);
    const run = await runStep(step, { env: { REF: commits[name], RUN_SHA: commits.three }, cwd: repo });
    expect(run.stdout).not.toContain('::error::');
    expect(run.status).toBe(0);
  });

  it('accepts no ref at all (the checkout took the run commit)', async () => {
    checkOut(commits.three);
    const run = await runStep(step, { env: { REF: '', RUN_SHA: commits.three }, cwd: repo });
    expect(run.status).toBe(0);
  });

  it('refuses a commit of another branch, which the branch policy never checked', async () => {
    checkOut(commits.side);
    const run = await runStep(step, { env: { REF: 'feature', RUN_SHA: commits.three }, cwd: repo });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      `::error::ref 'feature' ('${commits.side}') is not the run's commit '${commits.three}' or an ancestor of it`,
    );
  });

  it('refuses a newer commit than the run commit', async () => {
    checkOut(commits.three);
    const run = await runStep(step, { env: { REF: 'main', RUN_SHA: commits.two }, cwd: repo });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('is not the run');
  });

  it('refuses when the run commit is not in the fetched history', async () => {
    checkOut(commits.three);
    const run = await runStep(step, { env: { REF: 'main', RUN_SHA: 'f'.repeat(40) }, cwd: repo });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('is not in the fetched history');
  });
});

describe('the manual workflows say what ref may be', () => {
  it('deploy.yml describes ref as part of the run history', () => {
    const deploy = loadWorkflow(join(workflowsDir, 'deploy.yml'));
    const dispatch = (deploy.workflow.on?.workflow_dispatch as { inputs: Record<string, { description: string }> })
      .inputs;
    expect(dispatch.ref.description).toMatch(/in the selected branch's history/);
  });
});
