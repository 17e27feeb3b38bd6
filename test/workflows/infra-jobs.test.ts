import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fakeTerraform } from './support/fake-terraform.ts';
import {
  examplesDir,
  listWorkflows,
  loadWorkflow,
  workflowCall,
  workflowsDir,
  type Job,
  type Step,
} from './support/model.ts';
import { findStep, runStep } from './support/run-step.ts';

// infra.yml plans in one job and applies in another, in the environment, so that an approval there comes after the
// plan it approves, and the apply applies exactly the saved plan.

const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
const deploy = loadWorkflow(join(workflowsDir, 'deploy.yml'));
const { plan, apply } = infra.workflow.jobs;

function stepUsing(job: Job, action: string): Step {
  const step = job.steps?.find((candidate) => candidate.uses?.startsWith(`${action}@`));
  if (!step) throw new Error(`no step uses ${action}`);
  return step;
}

function indexOf(job: Job, name: string): number {
  return (job.steps ?? []).findIndex((step) => step.name === name);
}

describe('infra.yml: the approval comes after the plan', () => {
  it('plans outside the approval environment and applies nothing there', () => {
    expect(plan.environment).toBe('${{ inputs.plan-environment }}');
    expect(plan.needs).toBeUndefined();
    expect((plan.steps ?? []).some((step) => /terraform apply/.test(step.run ?? ''))).toBe(false);
  });

  it('applies in the environment, after the plan, only when asked and when there are changes', () => {
    expect(apply.environment).toBe('${{ inputs.environment }}');
    expect(apply.needs).toBe('plan');
    expect(apply.if).toBe("${{ inputs.apply && needs.plan.outputs.has-changes == 'true' }}");
  });

  it('uploads the saved plan when it will be applied, and the apply job downloads that artifact', () => {
    const upload = stepUsing(plan, 'actions/upload-artifact');
    const download = stepUsing(apply, 'actions/download-artifact');
    const saved = findStep(infra, 'plan', 'saved');
    expect(upload.if).toBe(apply.if?.replace('needs.plan.outputs', 'steps.plan.outputs'));
    expect(saved.if).toBe(upload.if);
    expect(upload.with).toMatchObject({
      name: '${{ steps.saved.outputs.artifact }}',
      path: '${{ runner.temp }}/terraform-plan',
      'if-no-files-found': 'error',
    });
    expect(download.with).toEqual({ name: '${{ needs.plan.outputs.artifact }}', path: upload.with?.path });
    expect(plan.outputs).toMatchObject({
      artifact: '${{ steps.saved.outputs.artifact }}',
      'plan-sha256': '${{ steps.saved.outputs.plan-sha256 }}',
      'lock-sha256': '${{ steps.saved.outputs.lock-sha256 }}',
      'artifact-sha256': '${{ steps.saved.outputs.artifact-sha256 }}',
      commit: '${{ steps.saved.outputs.commit }}',
      'terraform-version': '${{ steps.saved.outputs.terraform-version }}',
    });
  });

  it('applies with the planned commit, Terraform version and checksum, in that order', () => {
    expect(stepUsing(apply, 'actions/checkout').with?.ref).toBe('${{ needs.plan.outputs.commit }}');
    expect(stepUsing(apply, 'hashicorp/setup-terraform').with?.terraform_version).toBe(
      '${{ needs.plan.outputs.terraform-version }}',
    );
    const checkStep = apply.steps?.[indexOf(apply, 'Check the saved plan')];
    expect(checkStep?.env).toEqual({
      PLAN_SHA256: '${{ needs.plan.outputs.plan-sha256 }}',
      LOCK_SHA256: '${{ needs.plan.outputs.lock-sha256 }}',
      ARTIFACT_SHA256: '${{ needs.plan.outputs.artifact-sha256 }}',
      PLAN_ENCRYPTION_KEY: '${{ secrets.PLAN_ENCRYPTION_KEY }}',
    });
    const order = ['Download the saved plan', 'Check the saved plan', 'terraform init', 'terraform apply'];
    const positions = order.map((name) => indexOf(apply, name));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('queues a plan that will be applied with the applies of its stack, and a plan-only run apart', () => {
    const applyGroup = (apply.concurrency as { group: string }).group;
    const planGroup = (plan.concurrency as { group: string }).group;
    expect(applyGroup).toBe('apprunner-infra-${{ inputs.environment }}-${{ inputs.working-directory }}');
    expect(planGroup.startsWith(applyGroup)).toBe(true);
    expect(planGroup.slice(applyGroup.length)).toMatch(/^\$\{\{ !inputs\.apply && format\(.+\) \|\| '' \}\}$/);
  });
});

/**
 * Evaluates a workflow output the way GitHub does for the one shape infra.yml uses:
 * `fromJSON(jobs.apply.outputs.contract || jobs.plan.outputs.contract).<name>`. `||` returns its left side when
 * that is a non-empty string.
 */
function evaluateOutput(value: string, contracts: { plan: string; apply: string }): unknown {
  const shape = /^\$\{\{ fromJSON\(jobs\.apply\.outputs\.contract \|\| jobs\.plan\.outputs\.contract\)\.([\w-]+) \}\}$/;
  const match = shape.exec(value);
  if (!match) throw new Error(`unexpected output expression ${value}`);
  return (JSON.parse(contracts.apply || contracts.plan) as Record<string, unknown>)[match[1]];
}

describe('infra.yml: the encryption key of the saved plan', () => {
  it('is a secret of the workflow, passed on by deploy.yml and by every example that applies', () => {
    expect(workflowCall(infra)?.secrets?.PLAN_ENCRYPTION_KEY).toMatchObject({ required: false });
    expect(workflowCall(deploy)?.secrets?.PLAN_ENCRYPTION_KEY).toMatchObject({ required: false });
    expect(deploy.workflow.jobs.infra.secrets).toEqual({ PLAN_ENCRYPTION_KEY: '${{ secrets.PLAN_ENCRYPTION_KEY }}' });
    const appliers = listWorkflows(examplesDir)
      .map(loadWorkflow)
      .flatMap((file) => Object.values(file.workflow.jobs))
      .filter((job) => /\/(deploy|infra)\.yml@/.test(job.uses ?? '') && job.with?.apply !== false);
    expect(appliers.length).toBe(5);
    for (const job of appliers) {
      expect(job.secrets).toEqual({ PLAN_ENCRYPTION_KEY: '${{ secrets.PLAN_ENCRYPTION_KEY }}' });
    }
  });

  it('never reaches the artifact: the upload takes the folder the save step encrypts into', () => {
    expect(stepUsing(plan, 'actions/upload-artifact').with?.path).toBe('${{ runner.temp }}/terraform-plan');
    const script = findStep(infra, 'plan', 'saved').run ?? '';
    expect(script).toContain('-pass env:PLAN_ENCRYPTION_KEY');
    expect(script).not.toMatch(/cp tfplan|\$dir\/tfplan/);
  });
});

describe('infra.yml: the outputs come from the apply when it ran, else from the plan job', () => {
  const declared = Object.entries(workflowCall(infra)?.outputs ?? {}).filter(([name]) => name !== 'has-changes');

  it('reads every contract output from the apply job first', () => {
    expect(declared.length).toBe(8);
    const before = Object.fromEntries(declared.map(([name]) => [name, `${name} before the apply`]));
    // The apply changed one output and emptied another.
    const after: Record<string, string> = { ...before, 'vpc-connector-arn': 'arn:new', secrets: '' };
    const skipped = { plan: JSON.stringify(before), apply: '' };
    const applied = { plan: JSON.stringify(before), apply: JSON.stringify(after) };
    for (const [name, output] of declared) {
      expect(evaluateOutput(output.value ?? '', skipped)).toBe(before[name]);
      // An emptied output stays empty rather than falling back to its value from before the apply.
      expect(evaluateOutput(output.value ?? '', applied)).toBe(after[name]);
    }
  });

  it('finds every declared output in the contract the jobs write', async () => {
    const terraform = fakeTerraform({ outputs: {} });
    try {
      const run = await runStep(findStep(infra, 'plan', 'outputs'), { env: { PATH: terraform.path } });
      expect(Object.keys(JSON.parse(run.outputs.contract) as object).sort()).toEqual(
        declared.map(([name]) => name).sort(),
      );
    } finally {
      terraform.remove();
    }
  });
});

describe('the Terraform version is pinned', () => {
  const infraDefault = workflowCall(infra)?.inputs?.['terraform-version']?.default;

  it('defaults to one minor version in infra.yml and in deploy.yml, never to latest', () => {
    expect(infraDefault).toMatch(/^1\.\d+\.(x|\d+)$/);
    expect(workflowCall(deploy)?.inputs?.['terraform-version']?.default).toBe(infraDefault);
    // deploy.yml's own workflow_dispatch has no such input and falls back to the same version.
    expect(deploy.workflow.jobs.infra.with?.['terraform-version']).toBe(
      `\${{ inputs.terraform-version || '${String(infraDefault)}' }}`,
    );
    expect(`${infra.text}${deploy.text}`).not.toMatch(/\blatest\b.*terraform|terraform.*\blatest\b/i);
  });

  it('installs that version in the plan job', () => {
    expect(stepUsing(plan, 'hashicorp/setup-terraform').with?.terraform_version).toBe(
      '${{ inputs.terraform-version }}',
    );
  });
});
