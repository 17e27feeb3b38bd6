import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { calledWorkflowPath, examplesDir, listWorkflows, loadWorkflow, type WorkflowFile } from './support/model.ts';

// What the example callers show about credentials: which environment each Terraform plan runs in.

const examples = listWorkflows(examplesDir).map(loadWorkflow);

/** The jobs of a workflow that call infra.yml or deploy.yml (both plan with Terraform). */
function terraformCalls(file: WorkflowFile) {
  return Object.entries(file.workflow.jobs).filter(([, job]) =>
    /\/(infra|deploy)\.yml$/.test(calledWorkflowPath(job.uses ?? '') ?? ''),
  );
}

describe('examples: the plan of a pull request', () => {
  const planPr = loadWorkflow(join(examplesDir, 'plan-pull-request.yml'));
  const [, job] = terraformCalls(planPr)[0];

  it('plans only, in the dedicated plan environment, with the role that environment holds', () => {
    expect(Object.keys(planPr.workflow.on ?? {})).toEqual(['pull_request']);
    expect(job.with).toMatchObject({ 'plan-environment': 'plan', apply: false });
    // No role passed in: it is the `plan` environment's AWS_ROLE_ARN, which the pull request cannot change.
    expect(Object.keys(job.with ?? {})).not.toEqual(expect.arrayContaining(['role-to-assume']));
    expect(Object.keys(job.with ?? {})).not.toEqual(expect.arrayContaining(['plan-role-to-assume']));
  });

  it('says why: pull request code runs during the plan, so the role must only read', () => {
    expect(planPr.text).toMatch(/runs? (the pull request's|any program)/);
    expect(planPr.text).toMatch(/can only read/);
    expect(planPr.text).toContain('environment:plan');
  });

  it('no example run by a pull request plans in a deploy environment or applies', () => {
    const onPullRequests = examples.filter((file) => 'pull_request' in (file.workflow.on ?? {}));
    const calls = onPullRequests.flatMap(terraformCalls);
    expect(calls.length).toBeGreaterThan(0);
    for (const [, call] of calls) {
      expect(call.with).toMatchObject({ 'plan-environment': 'plan', apply: false });
    }
  });
});

describe('examples: deploys plan before the approval', () => {
  it.each(examples.map((file) => [file.path, file] as const))(
    '%s: every Terraform call names the environment its plan runs in',
    (_, file) => {
      for (const [, call] of terraformCalls(file)) {
        expect(typeof call.with?.['plan-environment']).toBe('string');
        expect(call.with?.['plan-environment']).not.toBe('');
      }
    },
  );

  it('production plans in an environment of its own, so the approval in production comes after the plan', () => {
    const production = loadWorkflow(join(examplesDir, 'deploy-production.yml'));
    const [, call] = terraformCalls(production)[0];
    expect(call.with).toMatchObject({ environment: 'production', 'plan-environment': 'production-plan' });
    const manual = loadWorkflow(join(examplesDir, 'deploy-manual.yml'));
    expect(terraformCalls(manual)[0][1].with?.['plan-environment']).toBe(
      "${{ inputs.environment == 'production' && 'production-plan' || inputs.environment }}",
    );
  });

  it('every example that calls Terraform is checked', () => {
    expect(examples.filter((file) => terraformCalls(file).length > 0).length).toBe(5);
  });
});
