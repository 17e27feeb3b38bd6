import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { checkActionSource } from './support/action-source.ts';
import {
  checkActionInputs,
  checkCallerVariables,
  checkInfraOutputsPassed,
  checkReusableCalls,
  checkRunsWhenNeedsSkipped,
} from './support/calls.ts';
import {
  examplesDir,
  listWorkflows,
  loadAction,
  loadWorkflow,
  workflowCall,
  workflowsDir,
  type WorkflowFile,
} from './support/model.ts';
import {
  checkNeedsOutputReferences,
  checkStepOutputReferences,
  checkWorkflowCallOutputs,
} from './support/references.ts';

const action = loadAction();
const expressAction = loadAction('ecs-express/action.yml');
const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
const app = loadWorkflow(join(workflowsDir, 'app.yml'));
const deploy = loadWorkflow(join(workflowsDir, 'deploy.yml'));
const all: WorkflowFile[] = [...listWorkflows(workflowsDir), ...listWorkflows(examplesDir)].map(loadWorkflow);
const ownActionPaths = checkActionSource(app).actionPaths;
const expressPath = './.apprunner-deploy-action/ecs-express';
const sources = { ownActionPaths, action, actions: { [expressPath]: expressAction } };

describe('references between jobs and steps', () => {
  it.each(all.map((file) => [file.path, file] as const))('%s: every steps.<id>.outputs.<x> resolves', (_, file) => {
    expect(checkStepOutputReferences(file, sources)).toEqual([]);
  });

  it.each(all.map((file) => [file.path, file] as const))('%s: every needs.<job>.outputs.<x> resolves', (_, file) => {
    expect(checkNeedsOutputReferences(file)).toEqual([]);
  });

  it.each([infra, app, deploy].map((file) => [file.path, file] as const))(
    '%s: every workflow_call output is produced by a job',
    (_, file) => {
      expect(Object.keys(workflowCall(file)?.outputs ?? {}).length).toBeGreaterThan(0);
      expect(checkWorkflowCallOutputs(file)).toEqual([]);
    },
  );

  it('the reusable workflows expose the contract the docs promise', () => {
    expect(Object.keys(workflowCall(infra)?.outputs ?? {})).toEqual(
      expect.arrayContaining([
        'terraform-outputs',
        'vpc-connector-arn',
        'instance-role-arn',
        'access-role-arn',
        'execution-role-arn',
        'infrastructure-role-arn',
        'ecr-repository',
        'secrets',
      ]),
    );
    expect(Object.keys(workflowCall(app)?.outputs ?? {})).toEqual(
      expect.arrayContaining(['service-url', 'image-uri', 'operation-status', 'deployment-status']),
    );
    expect(Object.keys(workflowCall(deploy)?.outputs ?? {})).toEqual(
      expect.arrayContaining(['service-url', 'image-uri', 'operation-status', 'deployment-status']),
    );
  });
});

describe('the app workflow and the action', () => {
  it('runs the action of this repository, passing only inputs action.yml declares and every required one', () => {
    expect(ownActionPaths).toEqual(['./.apprunner-deploy-action', expressPath]);
    expect(checkActionInputs(app, action, ownActionPaths[0])).toEqual([]);
  });

  it('runs the ECS Express action from the same checkout, passing only inputs its action.yml declares', () => {
    expect(checkActionInputs(app, expressAction, expressPath)).toEqual([]);
  });

  it('runs exactly one of the two, chosen by the checked target', () => {
    const steps = app.workflow.jobs.deploy.steps ?? [];
    const conditions = ownActionPaths.map((path) => steps.find((step) => step.uses === path)?.if);
    expect(conditions).toEqual([
      "${{ steps.target.outputs.target == 'apprunner' }}",
      "${{ steps.target.outputs.target == 'ecs-express' }}",
    ]);
    const inputs = workflowCall(app)?.inputs ?? {};
    expect(inputs.target).toMatchObject({ type: 'string', default: 'apprunner' });
    expect(deploy.workflow.jobs.app.with?.target).toBe("${{ inputs.target || 'apprunner' }}");
    expect(workflowCall(deploy)?.inputs?.target).toMatchObject({ type: 'string', default: 'apprunner' });
  });

  it('passes every Express-only input of app.yml through, and the shared ones too', () => {
    const step = app.workflow.jobs.deploy.steps?.find((candidate) => candidate.uses === expressPath);
    const given = step?.with ?? {};
    const inputs = workflowCall(app)?.inputs ?? {};
    const expressOnly = Object.entries(inputs)
      .filter(([, input]) => input.description?.startsWith('ECS Express only.'))
      .map(([name]) => name);
    expect(expressOnly.length).toBeGreaterThanOrEqual(10);
    for (const name of expressOnly) expect(`${name}: ${String(given[name])}`).toBe(`${name}: \${{ inputs.${name} }}`);
    const shared = ['cpu', 'memory', 'port', 'start-command', 'env-vars', 'secrets', 'health-check-path', 'tags'];
    for (const name of [...shared, 'wait-timeout', 'dry-run']) {
      expect(`${name}: ${String(given[name])}`).toBe(`${name}: \${{ inputs.${name} }}`);
    }
    // The App Runner-only inputs go to the App Runner step alone.
    const appRunnerOnly = Object.entries(inputs)
      .filter(([, input]) => input.description?.startsWith('App Runner only.'))
      .map(([name]) => name);
    expect(appRunnerOnly.length).toBeGreaterThanOrEqual(9);
    for (const name of appRunnerOnly) expect(Object.keys(given)).not.toContain(name);
  });

  it('checks out the ECS Express action along with the bundles, and takes outputs from whichever step ran', () => {
    const checkout = app.workflow.jobs.deploy.steps?.find(
      (step) => step.uses?.startsWith('actions/checkout@') && step.with?.path === '.apprunner-deploy-action',
    );
    expect(String(checkout?.with?.['sparse-checkout']).trim().split('\n')).toEqual(['dist', 'ecs-express']);
    const outputs = app.workflow.jobs.deploy.outputs ?? {};
    for (const name of ['service-url', 'image-uri', 'service-arn']) {
      expect(outputs[name]).toBe(`\${{ steps.deploy.outputs.${name} || steps.express.outputs.${name} }}`);
    }
    expect(outputs['deployment-status']).toBe('${{ steps.express.outputs.deployment-status }}');
    expect(app.workflow.jobs.deploy.environment).toMatchObject({
      url: '${{ steps.deploy.outputs.service-url || steps.express.outputs.service-url }}',
    });
  });

  it('passes the key inputs through to the action', () => {
    const step = app.workflow.jobs.deploy.steps?.find((candidate) => candidate.uses === ownActionPaths[0]);
    const keyInputs = ['service', 'image', 'ecr-repository', 'cpu', 'memory', 'port', 'env-vars', 'secrets'];
    const network = ['vpc-connector-arn', 'instance-role-arn', 'access-role-arn', 'wait-timeout'];
    const health = Object.keys(action.inputs).filter((name) => name.startsWith('health-check-'));
    expect(health.length).toBe(6);
    expect(Object.keys(step?.with ?? {})).toEqual(expect.arrayContaining([...keyInputs, ...network, ...health]));
  });

  it('runs in an environment and queues deployments of one service instead of cancelling them', () => {
    const job = app.workflow.jobs.deploy;
    expect(job.environment).toMatchObject({ name: '${{ inputs.environment }}' });
    expect(job.concurrency).toEqual({
      group: expect.stringMatching(/inputs\.service.*inputs\.environment/),
      'cancel-in-progress': false,
    });
  });
});

describe('the action checkout for a private or internal copy', () => {
  const declared = (file: WorkflowFile) => workflowCall(file)?.secrets ?? {};

  it('app.yml takes an optional action-token and checks the action out with it, else with the caller token', () => {
    expect(declared(app)['action-token']).toMatchObject({ required: false });
    const checkout = app.workflow.jobs.deploy.steps?.find(
      (step) => step.uses?.startsWith('actions/checkout@') && step.with?.path === '.apprunner-deploy-action',
    );
    expect(checkout?.with?.token).toBe('${{ secrets.action-token || github.token }}');
    // Why it is needed is said where the checkout is.
    expect(app.text).toMatch(/GITHUB_TOKEN[\s\S]{0,200}public/);
  });

  it('deploy.yml takes the same secret and passes it on to app.yml', () => {
    expect(declared(deploy)['action-token']).toMatchObject({ required: false });
    expect(deploy.workflow.jobs.app.secrets).toEqual({ 'action-token': '${{ secrets.action-token }}' });
  });
});

describe('calls between workflows', () => {
  it.each(
    all.filter((file) => Object.values(file.workflow.jobs).some((job) => job.uses)).map((f) => [f.path, f] as const),
  )('%s: passes declared inputs of the right type, and every required one', (_, file) => {
    expect(checkReusableCalls(file)).toEqual([]);
  });

  it('deploy passes every infra output the app takes into the app job', () => {
    const { findings, checked } = checkInfraOutputsPassed(deploy, infra, app);
    expect(findings).toEqual([]);
    expect(checked.sort()).toEqual(
      [
        'access-role-arn',
        'ecr-repository',
        'execution-role-arn',
        'infrastructure-role-arn',
        'instance-role-arn',
        'secrets',
        'vpc-connector-arn',
      ].sort(),
    );
  });

  it('the hand-wired example passes every infra output the app takes, too', () => {
    const example = loadWorkflow(join(examplesDir, 'infra-then-app.yml'));
    expect(checkInfraOutputsPassed(example, infra, app).findings).toEqual([]);
  });

  it.each(all.map((file) => [file.path, file] as const))('%s: a job after a skippable job still runs', (_, file) => {
    expect(checkRunsWhenNeedsSkipped(file)).toEqual([]);
  });

  it('keeps the account ID unmasked where job outputs carry ARNs (GitHub drops outputs holding a masked value)', () => {
    for (const [file, jobId] of [
      [infra, 'plan'],
      [infra, 'apply'],
      [app, 'deploy'],
    ] as const) {
      const credentials = file.workflow.jobs[jobId].steps?.filter((step) =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(credentials?.map((step) => step.with?.['mask-aws-account-id'])).toEqual([false]);
    }
  });

  it.each(all.map((file) => [file.path, file] as const))(
    '%s: a job that calls a workflow reads no variables (it cannot see the environment ones)',
    (_, file) => {
      expect(checkCallerVariables(file)).toEqual([]);
    },
  );

  it('deploy leaves the variable fallbacks to the called jobs', () => {
    const given = deploy.workflow.jobs.app.with ?? {};
    expect(given.service).toBe('${{ inputs.service }}');
    expect(given['ecr-repository']).toBe('${{ inputs.ecr-repository || needs.infra.outputs.ecr-repository }}');
  });

  it('deploy can skip the infra job, and the app job then still runs', () => {
    expect(deploy.workflow.jobs.infra.if).toContain('inputs.skip-infra');
    expect(deploy.workflow.jobs.app.if).toContain("needs.infra.result == 'skipped'");
  });
});
