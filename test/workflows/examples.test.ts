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

describe('examples: the deploy environments must be restricted (GitHub restricts none by default)', () => {
  const deploying = examples.filter((file) =>
    terraformCalls(file).some(([, job]) => job.with?.apply !== false && job.uses?.endsWith('/deploy.yml@v1')),
  );

  it.each(deploying.map((file) => [file.path, file] as const))(
    '%s says to restrict its environments to protected branches or tags',
    (_, file) => {
      // The comments read as one text, whatever the line breaks.
      const text = file.text.replace(/\n#\s*/g, ' ');
      expect(text).toContain('Deployment branches and tags');
      expect(text).toContain('default is no restriction');
    },
  );

  it('the pull request plan relies on it, and on write roles that trust exact environment subjects', () => {
    const planPr = loadWorkflow(join(examplesDir, 'plan-pull-request.yml'));
    expect(planPr.text).toMatch(/restricted to protected branches/);
    expect(planPr.text).toMatch(/default is no restriction/);
    expect(planPr.text).toContain('repo:<owner>/<repo>:environment:staging');
    expect(planPr.text).toContain('examples/terraform/github-oidc.tf');
    expect(deploying.length).toBe(4);
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
    expect(examples.filter((file) => terraformCalls(file).length > 0).length).toBe(6);
  });
});

describe('examples: ECS Express Mode', () => {
  const express = loadWorkflow(join(examplesDir, 'deploy-ecs-express.yml'));
  const [, call] = terraformCalls(express)[0];

  it('deploys with deploy.yml and one more input, the target', () => {
    expect(call.uses).toMatch(/\/\.github\/workflows\/deploy\.yml@v1$/);
    expect(call.with).toMatchObject({ target: 'ecs-express', environment: 'staging', 'plan-environment': 'staging' });
  });

  it('carries the App Runner service over, and says the App Runner service is left running', () => {
    expect(typeof call.with?.['from-apprunner-service']).toBe('string');
    const text = express.text.replace(/\n#\s*/g, ' ');
    expect(text).toContain('the App Runner service is left running');
    expect(text).toContain('execution_role_arn');
    expect(text).toContain('infrastructure_role_arn');
  });
});
