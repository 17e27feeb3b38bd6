import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeTerraform } from './support/fake-terraform.ts';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import { findStep, findStepByName, runStep } from './support/run-step.ts';

// How the plan job hands its saved plan to the apply job: the save step of the plan job, then the check and apply
// steps of the apply job, with a shared RUNNER_TEMP standing in for the artifact upload and download. The artifact
// holds the plan encrypted with the PLAN_ENCRYPTION_KEY secret, and the lock file's checksum travels with the plan's.

const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
const save = findStep(infra, 'plan', 'saved');
const check = findStepByName(infra, 'apply', 'Check the saved plan');
const apply = findStepByName(infra, 'apply', 'terraform apply');

const planBytes = 'tfplan: a zip Terraform wrote\n';
const lockFile = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "6.57.1"\n}\n';
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

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
const key = 'k3y-only-the-plan-and-apply-jobs-read-0123456789';
const stack = { ...where, RUN_ATTEMPT: '3', PLAN_ENCRYPTION_KEY: key };

async function savePlan(env: Record<string, string> = {}) {
  const terraform = fakeTerraform({ version: '1.16.4' });
  try {
    return await runStep(save, {
      env: { PATH: terraform.path, RUNNER_TEMP: runnerTemp, ...stack, ...env },
      cwd: module,
    });
  } finally {
    terraform.remove();
  }
}

describe('infra.yml, plan job: saving the plan', () => {
  it('saves the plan and the lock file, and names the commit, the Terraform version and both checksums', async () => {
    const run = await savePlan();
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({
      artifact: 'terraform-plan-staging-infra-3',
      'plan-sha256': sha256(planBytes),
      'lock-sha256': sha256(lockFile),
      'artifact-sha256': sha256(readFileSync(join(runnerTemp, 'terraform-plan/plan.tar.enc'))),
      commit: head,
      'terraform-version': '1.16.4',
    });
  });

  it('uploads the plan encrypted only: no plan, lock file or key readable in the artifact', async () => {
    const run = await savePlan();
    expect(run.status).toBe(0);
    const artifact = join(runnerTemp, 'terraform-plan');
    expect(readdirSync(artifact)).toEqual(['plan.tar.enc']);
    const bytes = readFileSync(join(artifact, 'plan.tar.enc'));
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('Salted__');
    for (const clear of [planBytes, lockFile, key, 'tfplan']) expect(bytes.includes(clear)).toBe(false);
    // Nothing else left behind in RUNNER_TEMP in clear either.
    expect(readdirSync(runnerTemp)).toEqual(['terraform-plan']);
    expect(`${run.stdout}${run.stderr}`).not.toContain(key);
  });

  it('names the artifact with characters artifacts allow, and records that there was no lock file', async () => {
    rmSync(join(module, '.terraform.lock.hcl'));
    const run = await savePlan({ WORKING_DIRECTORY: 'stacks/app one' });
    expect(run.status).toBe(0);
    expect(run.outputs.artifact).toBe('terraform-plan-staging-stacks-app-one-3');
    expect(run.outputs['lock-sha256']).toBe('none');
  });

  it.each([
    ['no key', ''],
    ['a short key', 'short-key'],
  ])('refuses to save the plan with %s, and uploads nothing', async (_, PLAN_ENCRYPTION_KEY) => {
    const run = await savePlan({ PLAN_ENCRYPTION_KEY });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('::error::Saving the plan for the apply job needs the secret PLAN_ENCRYPTION_KEY');
    expect(run.outputs).toEqual({});
    expect(existsSync(join(runnerTemp, 'terraform-plan'))).toBe(false);
  });

  it('takes its key from the secret, which the apply job reads too', () => {
    expect(save.env?.PLAN_ENCRYPTION_KEY).toBe('${{ secrets.PLAN_ENCRYPTION_KEY }}');
    expect(check.env?.PLAN_ENCRYPTION_KEY).toBe('${{ secrets.PLAN_ENCRYPTION_KEY }}');
  });
});

describe('infra.yml, apply job: applying exactly the saved plan', () => {
  async function saved(): Promise<Record<string, string>> {
    const run = await savePlan();
    expect(run.status).toBe(0);
    return run.outputs;
  }

  // The apply job's own checkout of the planned commit: no plan yet, and the lock file committed with it, if any.
  function applyCheckout(lock?: string): string {
    const dir = join(work, 'apply-checkout');
    mkdirSync(dir);
    if (lock !== undefined) writeFileSync(join(dir, '.terraform.lock.hcl'), lock);
    return dir;
  }

  function checkEnv(outputs: Record<string, string>, env: Record<string, string> = {}) {
    return {
      PLAN_SHA256: outputs['plan-sha256'],
      LOCK_SHA256: outputs['lock-sha256'],
      ARTIFACT_SHA256: outputs['artifact-sha256'],
      PLAN_ENCRYPTION_KEY: key,
      RUNNER_TEMP: runnerTemp,
      ...env,
    };
  }

  it('decrypts the plan the plan job saved and restores its lock file before init', async () => {
    const outputs = await saved();
    const cwd = applyCheckout('provider "other" {}\n');
    const run = await runStep(check, { env: checkEnv(outputs), cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `Plan sha256 ${outputs['plan-sha256']} and lock file sha256 ${sha256(lockFile)} match`,
    );
    expect(readFileSync(join(cwd, '.terraform.lock.hcl'), 'utf8')).toBe(lockFile);
    expect(readFileSync(join(runnerTemp, 'terraform-plan/tfplan'), 'utf8')).toBe(planBytes);
    expect(existsSync(join(runnerTemp, 'terraform-plan-decrypted'))).toBe(false);
  });

  it('refuses a plan it cannot decrypt: another key, or an artifact changed on the way', async () => {
    const outputs = await saved();
    const cwd = applyCheckout();
    const otherKey = await runStep(check, {
      env: checkEnv(outputs, { PLAN_ENCRYPTION_KEY: 'another-key-of-at-least-32-characters!!' }),
      cwd,
    });
    expect(otherKey.status).not.toBe(0);
    expect(otherKey.stdout).toContain('::error::The saved plan does not decrypt with the secret PLAN_ENCRYPTION_KEY');

    const file = join(runnerTemp, 'terraform-plan/plan.tar.enc');
    const bytes = readFileSync(file);
    bytes[bytes.length - 40] ^= 0xff;
    writeFileSync(file, bytes);
    const tampered = await runStep(check, { env: checkEnv(outputs), cwd });
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout).toContain('::error::The downloaded artifact is not the one the plan job uploaded');
    expect(existsSync(join(runnerTemp, 'terraform-plan/tfplan'))).toBe(false);
    expect(existsSync(join(cwd, '.terraform.lock.hcl'))).toBe(false);
  });

  it('refuses a plan that differs from the saved one, and a missing one', async () => {
    const outputs = await saved();
    const cwd = applyCheckout();
    const changed = await runStep(check, { env: checkEnv(outputs, { PLAN_SHA256: sha256('another plan\n') }), cwd });
    expect(changed.status).not.toBe(0);
    expect(changed.stdout).toContain(`::error::The downloaded plan is not the one the plan job saved`);
    expect(existsSync(join(cwd, '.terraform.lock.hcl'))).toBe(false);

    rmSync(join(runnerTemp, 'terraform-plan/plan.tar.enc'));
    const missing = await runStep(check, { env: checkEnv(outputs), cwd });
    expect(missing.status).not.toBe(0);
    expect(missing.stdout).toContain('::error::The saved plan is missing from the artifact.');
  });

  it('refuses a plan whose lock file is not the one it was made with', async () => {
    const outputs = await saved();
    const cwd = applyCheckout(lockFile);
    const other = await runStep(check, { env: checkEnv(outputs, { LOCK_SHA256: sha256('provider "x" {}\n') }), cwd });
    expect(other.status).not.toBe(0);
    expect(other.stdout).toContain(
      '::error::The provider lock file saved with the plan is not the one the plan was made with',
    );
    expect(existsSync(join(runnerTemp, 'terraform-plan/tfplan'))).toBe(false);
    const none = await runStep(check, { env: checkEnv(outputs, { LOCK_SHA256: 'none' }), cwd });
    expect(none.status).not.toBe(0);
  });

  it('applies without a lock file when the plan was made without one', async () => {
    rmSync(join(module, '.terraform.lock.hcl'));
    const outputs = await saved();
    const cwd = applyCheckout(lockFile);
    const run = await runStep(check, { env: checkEnv(outputs), cwd });
    expect(run.status).toBe(0);
    expect(existsSync(join(cwd, '.terraform.lock.hcl'))).toBe(false);
    const claimed = await runStep(check, { env: checkEnv(outputs, { LOCK_SHA256: sha256(lockFile) }), cwd });
    expect(claimed.status).not.toBe(0);
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
