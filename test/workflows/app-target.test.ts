import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { checkActionSource } from './support/action-source.ts';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import { findStep, runStep } from './support/run-step.ts';

// app.yml resolves the service and the ECR repository inside its job, which runs in the environment, so that
// environment-level APPRUNNER_SERVICE / APPRUNNER_ECR_REPOSITORY variables count; and it checks both names before
// they reach GITHUB_OUTPUT.

const app = loadWorkflow(join(workflowsDir, 'app.yml'));
const job = app.workflow.jobs.deploy;
const target = findStep(app, 'deploy', 'target');
const none = {
  TARGET: 'apprunner',
  INPUT_SERVICE: '',
  VARIABLE_SERVICE: '',
  INPUT_ECR_REPOSITORY: '',
  VARIABLE_ECR_REPOSITORY: '',
};

describe('app.yml: the service and ECR repository', () => {
  it('reads the variables inside the job that runs in the environment', () => {
    expect(job.environment).toMatchObject({ name: '${{ inputs.environment }}' });
    expect(target.env).toEqual({
      TARGET: '${{ inputs.target }}',
      INPUT_SERVICE: '${{ inputs.service }}',
      VARIABLE_SERVICE: '${{ vars.APPRUNNER_SERVICE }}',
      INPUT_ECR_REPOSITORY: '${{ inputs.ecr-repository }}',
      VARIABLE_ECR_REPOSITORY: '${{ vars.APPRUNNER_ECR_REPOSITORY }}',
    });
  });

  it('hands the checked names to the image build and the action, never the raw inputs', () => {
    const steps = job.steps ?? [];
    const action = steps.find((step) => step.uses === checkActionSource(app).actionPaths[0]);
    expect(action?.with).toMatchObject({
      service: '${{ steps.target.outputs.service }}',
      'ecr-repository': '${{ steps.target.outputs.ecr-repository }}',
    });
    expect(findStep(app, 'deploy', 'image').env?.SERVICE).toBe('${{ steps.target.outputs.service }}');
    // The variable fallback is no longer needed from callers, so the inputs are optional.
    const inputs = (app.workflow.on?.workflow_call as { inputs: Record<string, { required?: boolean }> }).inputs;
    expect([inputs.service.required, inputs['ecr-repository'].required]).toEqual([undefined, undefined]);
  });

  it('prefers the inputs and falls back to the variables', async () => {
    const fromInputs = await runStep(target, {
      env: {
        TARGET: 'apprunner',
        INPUT_SERVICE: 'my-app-staging',
        VARIABLE_SERVICE: 'from-variable',
        INPUT_ECR_REPOSITORY: 'team/my-app',
        VARIABLE_ECR_REPOSITORY: 'other',
      },
    });
    expect(fromInputs.status).toBe(0);
    expect(fromInputs.outputs).toEqual({
      target: 'apprunner',
      service: 'my-app-staging',
      'ecr-repository': 'team/my-app',
    });
    const fromVariables = await runStep(target, {
      env: { ...none, VARIABLE_SERVICE: 'My_Service-1', VARIABLE_ECR_REPOSITORY: 'my-app' },
    });
    expect(fromVariables.outputs).toEqual({ target: 'apprunner', service: 'My_Service-1', 'ecr-repository': 'my-app' });
  });

  it.each([
    ['an unknown target', 'ecs', "target must be 'apprunner' or 'ecs-express', not 'ecs'."],
    ['an empty target', '', "target must be 'apprunner' or 'ecs-express', not ''."],
    [
      'a newline that would inject an output',
      'ecs-express\nservice=x',
      "target must be 'apprunner' or 'ecs-express', not $'ecs-express\\nservice=x'.",
    ],
  ])('refuses %s before any output', async (_, TARGET, message) => {
    const run = await runStep(target, { env: { ...none, TARGET, INPUT_SERVICE: 'my-app', INPUT_ECR_REPOSITORY: 'a' } });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(`::error::${message}`);
    expect(run.outputs).toEqual({});
  });

  it.each([
    ['a one-character name', 'a'],
    ['a name longer than App Runner allows', `a${'b'.repeat(60)}`],
    ['the longest name ECS allows', `a${'b'.repeat(254)}`],
  ])('takes ECS Express names App Runner would refuse: %s', async (_, service) => {
    const env = { ...none, TARGET: 'ecs-express', INPUT_SERVICE: service, INPUT_ECR_REPOSITORY: 'my-app' };
    const run = await runStep(target, { env });
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ target: 'ecs-express', service, 'ecr-repository': 'my-app' });
  });

  it.each([
    ['a newline that would inject an output', 'my-app\ninjected=yes'],
    ['a name too long', `a${'b'.repeat(255)}`],
    ['a leading hyphen (the image build is named after it)', '-my-app'],
    ['a dot', 'my.app'],
  ])('refuses an ECS Express service name with %s', async (_, service) => {
    const env = { ...none, TARGET: 'ecs-express', INPUT_SERVICE: service, INPUT_ECR_REPOSITORY: 'my-app' };
    const run = await runStep(target, { env });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('is not an ECS Express service name');
    expect(run.outputs).toEqual({});
  });

  it.each([
    [{ ...none, VARIABLE_ECR_REPOSITORY: 'my-app' }, "No service name: pass 'service' or set the APPRUNNER_SERVICE"],
    [{ ...none, VARIABLE_SERVICE: 'my-app' }, "No ECR repository: declare the Terraform output 'ecr_repository'"],
  ])('says which name is missing (%p)', async (env, message) => {
    const run = await runStep(target, { env });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(`::error::${message}`);
    expect(run.outputs).toEqual({});
  });

  it.each([
    ['a newline that would inject an output', 'my-app\ninjected=yes'],
    ['a name too short', 'app'],
    ['a name too long', `a${'b'.repeat(40)}`],
    ['a leading hyphen', '-my-app'],
    ['a dot', 'my.app'],
  ])('refuses a service name with %s', async (_, service) => {
    const run = await runStep(target, { env: { ...none, INPUT_SERVICE: service, INPUT_ECR_REPOSITORY: 'my-app' } });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('is not an App Runner service name');
    expect(run.outputs).toEqual({});
  });

  it.each([
    ['a newline that would inject an output', 'my-app\nservice=other'],
    ['upper case', 'My-App'],
    ['a tag', 'my-app:latest'],
  ])('refuses an ECR repository name with %s', async (_, repository) => {
    const run = await runStep(target, {
      env: { ...none, INPUT_SERVICE: 'my-app', INPUT_ECR_REPOSITORY: repository },
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('is not an ECR repository name');
    expect(run.outputs).toEqual({});
  });

  it('prints a refused name on one line, so it cannot issue a workflow command', async () => {
    const run = await runStep(target, {
      env: { ...none, INPUT_SERVICE: 'my-app\n::add-mask::x', INPUT_ECR_REPOSITORY: 'my-app' },
    });
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'))).toEqual([]);
  });
});

describe('app.yml: names GitHub evaluates before the job enters its environment', () => {
  it('queues per service and environment, with the service from the input or a repository variable', () => {
    expect(job.concurrency).toEqual({
      group: 'apprunner-deploy-${{ inputs.service || vars.APPRUNNER_SERVICE }}-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    expect(job.name).toContain('inputs.service || vars.APPRUNNER_SERVICE');
  });
});
