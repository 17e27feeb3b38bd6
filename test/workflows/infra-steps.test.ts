import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fakeTerraform } from './support/fake-terraform.ts';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import { findStep, findStepByName, runStep } from './support/run-step.ts';

// The scripts of infra.yml, run as the runner would, against a stand-in terraform.

const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));

const outputs = {
  vpc_connector_arn: { sensitive: false, type: 'string', value: 'arn:aws:apprunner:eu-west-1:1:vpcconnector/app/1/a' },
  instance_role_arn: { sensitive: false, type: 'string', value: 'arn:aws:iam::1:role/instance' },
  access_role_arn: { sensitive: false, type: 'string', value: 'arn:aws:iam::1:role/access' },
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

describe('infra.yml: reading the Terraform outputs', () => {
  const step = findStep(infra, 'terraform', 'outputs');

  it('passes the well-known names on, secrets as KEY=ARN lines, and leaves sensitive outputs out', async () => {
    const terraform = fakeTerraform({ outputs });
    try {
      const run = await runStep(step, { env: { PATH: terraform.path } });
      expect(run.status).toBe(0);
      expect(run.outputs['vpc-connector-arn']).toBe(outputs.vpc_connector_arn.value);
      expect(run.outputs['instance-role-arn']).toBe(outputs.instance_role_arn.value);
      expect(run.outputs['access-role-arn']).toBe(outputs.access_role_arn.value);
      expect(run.outputs['ecr-repository']).toBe('my-app');
      expect(run.outputs.secrets.split('\n')).toEqual([
        'DATABASE_URL=arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf',
        'API_KEY=arn:aws:ssm:eu-west-1:1:parameter/k',
      ]);
      const passedOn = JSON.parse(run.outputs['terraform-outputs']) as Record<string, unknown>;
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

  it('gives empty values for outputs a module does not declare', async () => {
    const terraform = fakeTerraform({ outputs: { replicas: outputs.replicas } });
    try {
      const run = await runStep(step, { env: { PATH: terraform.path } });
      expect(run.status).toBe(0);
      expect(run.outputs['vpc-connector-arn']).toBe('');
      expect(run.outputs.secrets).toBe('');
      expect(JSON.parse(run.outputs['terraform-outputs'])).toEqual({ replicas: outputs.replicas });
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
    } finally {
      terraform.remove();
    }
  });
});

describe('infra.yml: init and plan', () => {
  it('turns each backend-config line into a -backend-config argument, skipping blank lines', async () => {
    const terraform = fakeTerraform({});
    try {
      const step = findStepByName(infra, 'terraform', 'terraform init');
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

  it.each([
    [2, 'true', 'The plan has changes.'],
    [0, 'false', 'No changes.'],
  ])('plan exiting %i gives has-changes=%s and the plan in the job summary', async (planExit, changes, text) => {
    const terraform = fakeTerraform({ planExit, planText: '  + resource "aws_apprunner_vpc_connector" "this" {' });
    try {
      const step = findStep(infra, 'terraform', 'plan');
      const env = {
        PATH: terraform.path,
        VAR_FILE: 'staging.tfvars',
        ENVIRONMENT: 'staging',
        WORKING_DIRECTORY: 'infra',
      };
      const run = await runStep(step, { env });
      expect(run.status).toBe(0);
      expect(run.outputs['has-changes']).toBe(changes);
      expect(run.summary).toContain('### Terraform plan: `infra` (staging)');
      expect(run.summary).toContain(text);
      expect(run.summary).toContain('+ resource "aws_apprunner_vpc_connector" "this" {');
      expect(terraform.calls()[0]).toBe(
        'plan -input=false -no-color -out=tfplan -detailed-exitcode -var-file=staging.tfvars',
      );
    } finally {
      terraform.remove();
    }
  });

  it('fails the step when the plan fails, and cuts a long plan in the summary', async () => {
    const failing = fakeTerraform({ planExit: 1 });
    const long = fakeTerraform({ planExit: 2, planText: 'x'.repeat(70000) });
    try {
      const step = findStep(infra, 'terraform', 'plan');
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

  it('applies only when asked and when the plan has changes', () => {
    const apply = infra.workflow.jobs.terraform.steps?.find((step) => step.name === 'terraform apply');
    expect(apply?.if).toBe("${{ inputs.apply && steps.plan.outputs.has-changes == 'true' }}");
    expect(apply?.run).toBe('terraform apply -input=false -auto-approve tfplan');
  });
});
