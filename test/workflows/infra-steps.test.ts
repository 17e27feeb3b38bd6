import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fakeTerraform } from './support/fake-terraform.ts';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import { findStep, findStepByName, runStep, type StepRun } from './support/run-step.ts';

// The scripts of infra.yml, run as the runner would, against a stand-in terraform.

const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));

const outputs = {
  vpc_connector_arn: { sensitive: false, type: 'string', value: 'arn:aws:apprunner:eu-west-1:1:vpcconnector/app/1/a' },
  instance_role_arn: { sensitive: false, type: 'string', value: 'arn:aws:iam::1:role/instance' },
  access_role_arn: { sensitive: false, type: 'string', value: 'arn:aws:iam::1:role/access' },
  execution_role_arn: { sensitive: false, type: 'string', value: 'arn:aws:iam::1:role/execution' },
  infrastructure_role_arn: { sensitive: false, type: 'string', value: 'arn:aws:iam::1:role/infrastructure' },
  ecr_repository: { sensitive: false, type: 'string', value: 'my-app' },
  secrets: {
    sensitive: false,
    type: ['map', 'string'],
    value: {
      DATABASE_URL: 'arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf',
      API_KEY: 'arn:aws:ssm:eu-west-1:1:parameter/k',
    },
  },
  database_password: { sensitive: true, type: 'string', value: 'hunter2-do-not-print' },
  replicas: { sensitive: false, type: 'number', value: 2 },
};

function contract(run: StepRun): Record<string, string> {
  return JSON.parse(run.outputs.contract) as Record<string, string>;
}

describe.each(['plan', 'apply'])('infra.yml, %s job: reading the Terraform outputs', (job) => {
  const step = findStep(infra, job, 'outputs');

  it('passes the well-known names on, secrets as KEY=ARN lines, and leaves sensitive outputs out', async () => {
    const terraform = fakeTerraform({ outputs });
    try {
      const run = await runStep(step, { env: { PATH: terraform.path } });
      expect(run.status).toBe(0);
      // One line of JSON, so it cannot break the output file's format.
      expect(run.outputs.contract).not.toContain('\n');
      const values = contract(run);
      expect(values['vpc-connector-arn']).toBe(outputs.vpc_connector_arn.value);
      expect(values['instance-role-arn']).toBe(outputs.instance_role_arn.value);
      expect(values['access-role-arn']).toBe(outputs.access_role_arn.value);
      expect(values['execution-role-arn']).toBe(outputs.execution_role_arn.value);
      expect(values['infrastructure-role-arn']).toBe(outputs.infrastructure_role_arn.value);
      expect(values['ecr-repository']).toBe('my-app');
      expect(values.secrets.split('\n')).toEqual([
        'DATABASE_URL=arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf',
        'API_KEY=arn:aws:ssm:eu-west-1:1:parameter/k',
      ]);
      const passedOn = JSON.parse(values['terraform-outputs']) as Record<string, unknown>;
      expect(Object.keys(passedOn).sort()).toEqual(
        Object.keys(outputs)
          .filter((name) => name !== 'database_password')
          .sort(),
      );
      expect(run.stdout).toContain(
        "::warning::Terraform output 'database_password' is sensitive and is not passed on.",
      );
      expect(`${run.stdout}${run.stderr}${JSON.stringify(run.outputs)}`).not.toContain('hunter2');
      expect(terraform.calls()).toEqual(['output -json']);
    } finally {
      terraform.remove();
    }
  });

  it('gives empty values for outputs a module does not declare, and a non-empty contract even then', async () => {
    const terraform = fakeTerraform({ outputs: { replicas: outputs.replicas } });
    try {
      const run = await runStep(step, { env: { PATH: terraform.path } });
      expect(run.status).toBe(0);
      const values = contract(run);
      expect(values['vpc-connector-arn']).toBe('');
      expect(values.secrets).toBe('');
      expect(JSON.parse(values['terraform-outputs'])).toEqual({ replicas: outputs.replicas });
    } finally {
      terraform.remove();
    }
  });

  it('refuses a secrets output that is not a map', async () => {
    const terraform = fakeTerraform({ outputs: { secrets: { sensitive: false, type: 'list', value: ['a', 'b'] } } });
    try {
      const run = await runStep(step, { env: { PATH: terraform.path } });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('must be a map of KEY => ARN');
      expect(run.outputs).toEqual({});
    } finally {
      terraform.remove();
    }
  });
});

describe('infra.yml: the two jobs share their scripts', () => {
  it.each(['terraform init', 'Read the Terraform outputs'])('"%s" is the same script in plan and apply', (name) => {
    expect(findStepByName(infra, 'apply', name).run).toBe(findStepByName(infra, 'plan', name).run);
  });
});

describe('infra.yml: init and plan', () => {
  it('turns each backend-config line into a -backend-config argument, skipping blank lines', async () => {
    const terraform = fakeTerraform({});
    try {
      const step = findStepByName(infra, 'plan', 'terraform init');
      const backend = '  bucket=my-state  \n\nkey=app/staging.tfstate\nregion=eu-west-1\n';
      const run = await runStep(step, { env: { PATH: terraform.path, BACKEND_CONFIG: backend } });
      expect(run.status).toBe(0);
      expect(terraform.calls()).toEqual([
        'init -input=false -backend-config=bucket=my-state -backend-config=key=app/staging.tfstate -backend-config=region=eu-west-1',
      ]);
    } finally {
      terraform.remove();
    }
  });

  const planEnv = { VAR_FILE: 'staging.tfvars', ENVIRONMENT: 'staging', WORKING_DIRECTORY: 'infra', APPLY: 'true' };

  it.each([
    [2, 'true', 'true', 'The apply job applies exactly this plan in the `staging` environment'],
    [2, 'false', 'true', 'Plan only: nothing is applied.'],
    [0, 'true', 'false', 'No changes.'],
  ])(
    'plan exiting %i with apply=%s gives has-changes=%s and the plan in the job summary',
    async (planExit, apply, changes, text) => {
      const terraform = fakeTerraform({ planExit, planText: '  + resource "aws_apprunner_vpc_connector" "this" {' });
      try {
        const step = findStep(infra, 'plan', 'plan');
        const run = await runStep(step, { env: { PATH: terraform.path, ...planEnv, APPLY: apply } });
        expect(run.status).toBe(0);
        expect(run.outputs['has-changes']).toBe(changes);
        expect(run.summary).toContain('### Terraform plan: `infra` (staging)');
        expect(run.summary).toContain(text);
        expect(run.summary).toContain('+ resource "aws_apprunner_vpc_connector" "this" {');
        // Without the state lock, so that a read-only role can plan.
        expect(terraform.calls()[0]).toBe(
          'plan -input=false -no-color -lock=false -out=tfplan -detailed-exitcode -var-file=staging.tfvars',
        );
      } finally {
        terraform.remove();
      }
    },
  );

  it('fails the step when the plan fails, and cuts a long plan in the summary', async () => {
    const failing = fakeTerraform({ planExit: 1 });
    const long = fakeTerraform({ planExit: 2, planText: 'x'.repeat(70000) });
    try {
      const step = findStep(infra, 'plan', 'plan');
      const failed = await runStep(step, { env: { PATH: failing.path } });
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain('::error::terraform plan failed (exit status 1)');
      const cut = await runStep(step, { env: { PATH: long.path } });
      expect(cut.status).toBe(0);
      expect(cut.summary).toContain('(cut at 60000 characters');
      expect(cut.summary.length).toBeLessThan(61000);
    } finally {
      failing.remove();
      long.remove();
    }
  });
});
