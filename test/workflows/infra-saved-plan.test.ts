import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeTerraform } from './support/fake-terraform.ts';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import { findStep, findStepByName, runStep } from './support/run-step.ts';

// How the plan job hands its saved plan to the apply job: the save step of the plan job, then the check and apply
// steps of the apply job, with a shared RUNNER_TEMP standing in for the artifact upload and download.

const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
const save = findStep(infra, 'plan', 'saved');
const check = findStepByName(infra, 'apply', 'Check the saved plan');
const apply = findStepByName(infra, 'apply', 'terraform apply');

const planBytes = 'tfplan: a zip Terraform wrote\n';
const lockFile = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "6.57.1"\n}\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let work = '';
let module = '';
let runnerTemp = '';
let head = '';

beforeEach(() => {
  // A checked-out repository with the Terraform root module in infra/, after init and plan.
  work = mkdtempSync(join(tmpdir(), 'saved-plan-'));
  module = join(work, 'repo/infra');
  runnerTemp = join(work, 'runner-temp');
  mkdirSync(module, { recursive: true });
  mkdirSync(runnerTemp);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: module })
      .toString()
      .trim();
  git('init', '-q');
  writeFileSync(join(module, 'main.tf'), 'terraform {}\n');
  git('add', 'main.tf');
  git('commit', '-q', '-m', 'infra');
  head = git('rev-parse', 'HEAD');
  writeFileSync(join(module, 'tfplan'), planBytes);
  writeFileSync(join(module, '.terraform.lock.hcl'), lockFile);
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const where = { ENVIRONMENT: 'staging', WORKING_DIRECTORY: 'infra' };
const stack = { ...where, RUN_ATTEMPT: '3' };

describe('infra.yml, plan job: saving the plan', () => {
  it('saves the plan and the lock file, and names the commit, the Terraform version and the checksum', async () => {
    const terraform = fakeTerraform({ version: '1.16.4' });
    try {
      const run = await runStep(save, {
        env: { PATH: terraform.path, RUNNER_TEMP: runnerTemp, ...stack },
        cwd: module,
      });
      expect(run.status).toBe(0);
      expect(run.outputs).toEqual({
        artifact: 'terraform-plan-staging-infra-3',
        'plan-sha256': sha256(planBytes),
        commit: head,
        'terraform-version': '1.16.4',
      });
      expect(readFileSync(join(runnerTemp, 'terraform-plan/tfplan'), 'utf8')).toBe(planBytes);
      expect(readFileSync(join(runnerTemp, 'terraform-plan/terraform.lock.hcl'), 'utf8')).toBe(lockFile);
    } finally {
      terraform.remove();
    }
  });

  it('names the artifact with characters artifacts allow, and saves no lock file when there is none', async () => {
    rmSync(join(module, '.terraform.lock.hcl'));
    const terraform = fakeTerraform({});
    try {
      const env = { PATH: terraform.path, RUNNER_TEMP: runnerTemp, ...stack, WORKING_DIRECTORY: 'stacks/app one' };
      const run = await runStep(save, { env, cwd: module });
      expect(run.status).toBe(0);
      expect(run.outputs.artifact).toBe('terraform-plan-staging-stacks-app-one-3');
      expect(existsSync(join(runnerTemp, 'terraform-plan/terraform.lock.hcl'))).toBe(false);
    } finally {
      terraform.remove();
    }
  });
});

describe('infra.yml, apply job: applying exactly the saved plan', () => {
  async function saved(): Promise<Record<string, string>> {
    const terraform = fakeTerraform({});
    try {
      const run = await runStep(save, {
        env: { PATH: terraform.path, RUNNER_TEMP: runnerTemp, ...stack },
        cwd: module,
      });
      expect(run.status).toBe(0);
      return run.outputs;
    } finally {
      terraform.remove();
    }
  }

  // The apply job's own checkout of the planned commit: no plan and no lock file of its own yet.
  function applyCheckout(): string {
    const dir = join(work, 'apply-checkout');
    mkdirSync(dir);
    return dir;
  }

  it('accepts the plan the plan job saved and restores its lock file before init', async () => {
    const { 'plan-sha256': sha } = await saved();
    const cwd = applyCheckout();
    const run = await runStep(check, { env: { PLAN_SHA256: sha, RUNNER_TEMP: runnerTemp }, cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Plan sha256 ${sha} matches`);
    expect(readFileSync(join(cwd, '.terraform.lock.hcl'), 'utf8')).toBe(lockFile);
  });

  it('refuses a plan that differs from the saved one, and a missing one', async () => {
    const { 'plan-sha256': sha } = await saved();
    writeFileSync(join(runnerTemp, 'terraform-plan/tfplan'), 'another plan\n');
    const cwd = applyCheckout();
    const changed = await runStep(check, { env: { PLAN_SHA256: sha, RUNNER_TEMP: runnerTemp }, cwd });
    expect(changed.status).not.toBe(0);
    expect(changed.stdout).toContain(`::error::The downloaded plan is not the one the plan job saved`);
    expect(existsSync(join(cwd, '.terraform.lock.hcl'))).toBe(false);

    rmSync(join(runnerTemp, 'terraform-plan/tfplan'));
    const missing = await runStep(check, { env: { PLAN_SHA256: sha, RUNNER_TEMP: runnerTemp }, cwd });
    expect(missing.status).not.toBe(0);
    expect(missing.stdout).toContain('::error::The saved plan is missing from the artifact.');
  });

  it('applies the saved plan file, not a new plan, and records it in the summary', async () => {
    const { 'plan-sha256': sha } = await saved();
    const terraform = fakeTerraform({});
    try {
      const env = { PATH: terraform.path, RUNNER_TEMP: runnerTemp, PLAN_SHA256: sha, ...where };
      const run = await runStep(apply, { env, cwd: applyCheckout() });
      expect(run.status).toBe(0);
      expect(terraform.calls()).toEqual([`apply -input=false ${runnerTemp}/terraform-plan/tfplan`]);
      expect(run.summary).toContain('### Terraform apply: `infra` (staging)');
      expect(run.summary).toContain(`Applied the saved plan shown in the plan job's summary (sha256 \`${sha}\`)`);
    } finally {
      terraform.remove();
    }
  });

  it('fails, and claims nothing in the summary, when the apply fails', async () => {
    const terraform = fakeTerraform({ applyExit: 1 });
    try {
      const env = { PATH: terraform.path, RUNNER_TEMP: runnerTemp, PLAN_SHA256: 'x', ...where };
      const run = await runStep(apply, { env, cwd: applyCheckout() });
      expect(run.status).not.toBe(0);
      expect(run.summary).toBe('');
    } finally {
      terraform.remove();
    }
  });
});
