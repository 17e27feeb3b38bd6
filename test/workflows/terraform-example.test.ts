import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import {
  checkTfvars,
  dataBody,
  expectedTerraformNames,
  loadModule,
  loadTfvars,
  missingOutputs,
  outputsReadByInfra,
  parseHcl,
  resourceBody,
  trustedPrincipals,
  type TerraformModule,
} from './support/terraform.ts';

const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
let module: TerraformModule;

beforeAll(async () => {
  module = await loadModule();
});

describe('examples/terraform', () => {
  it('declares every output the infra workflow reads', () => {
    const read = outputsReadByInfra(infra);
    // The script reads exactly the names its workflow outputs promise (snake_case of vpc-connector-arn, ...).
    expect(read).toEqual(expectedTerraformNames(infra));
    expect(read).toEqual(['access_role_arn', 'ecr_repository', 'instance_role_arn', 'secrets', 'vpc_connector_arn']);
    expect(missingOutputs(module, read)).toEqual([]);
  });

  it('wires each output to the resource it names', () => {
    const value = (name: string) => module.output?.[name]?.[0]?.value;
    expect(value('vpc_connector_arn')).toBe('${aws_apprunner_vpc_connector.this.arn}');
    expect(value('instance_role_arn')).toBe('${aws_iam_role.instance.arn}');
    expect(value('access_role_arn')).toBe('${aws_iam_role.access.arn}');
    expect(value('ecr_repository')).toBe('${aws_ecr_repository.app.name}');
    expect(value('secrets')).toBe('${var.secrets}');
  });

  it('puts the VPC connector over the given private subnets with its own security group', () => {
    const connector = resourceBody(module, 'aws_apprunner_vpc_connector', 'this');
    expect(connector.subnets).toBe('${var.private_subnet_ids}');
    expect(connector.security_groups).toEqual(['${aws_security_group.connector.id}']);
    expect(resourceBody(module, 'aws_security_group', 'connector').vpc_id).toBe('${var.vpc_id}');
  });

  it('trusts the right App Runner principal with each role', () => {
    expect(trustedPrincipals(dataBody(module, 'aws_iam_policy_document', 'instance_trust'))).toEqual([
      'tasks.apprunner.amazonaws.com',
    ]);
    expect(trustedPrincipals(dataBody(module, 'aws_iam_policy_document', 'access_trust'))).toEqual([
      'build.apprunner.amazonaws.com',
    ]);
    expect(resourceBody(module, 'aws_iam_role_policy_attachment', 'access_ecr').policy_arn).toMatch(
      /:iam::aws:policy\/service-role\/AWSAppRunnerServicePolicyForECRAccess$/,
    );
  });

  it('lets the instance role read the given secrets only', () => {
    const policy = dataBody(module, 'aws_iam_policy_document', 'instance_secrets') as {
      dynamic: { statement: Array<{ content: Array<{ actions: string[]; resources: string }> }> };
    };
    const statements = policy.dynamic.statement.map((statement) => statement.content[0]);
    expect(statements.map((statement) => statement.actions)).toEqual([
      ['secretsmanager:GetSecretValue'],
      ['ssm:GetParameters'],
      ['kms:Decrypt'],
    ]);
    expect(statements.map((statement) => statement.resources)).toEqual([
      '${local.secret_manager_arns}',
      '${local.ssm_parameter_arns}',
      '${var.secrets_kms_key_arns}',
    ]);
  });

  it('gives the ECR repository a lifecycle policy', () => {
    expect(resourceBody(module, 'aws_ecr_lifecycle_policy', 'app').repository).toBe('${aws_ecr_repository.app.name}');
    expect(resourceBody(module, 'aws_ecr_repository', 'app').image_scanning_configuration).toEqual([
      { scan_on_push: true },
    ]);
  });

  it.each(['staging.tfvars', 'production.tfvars'])('%s sets every required variable and nothing else', async (name) => {
    expect(checkTfvars(module, await loadTfvars(name))).toEqual([]);
  });
});

describe('the Terraform checks report a broken module', () => {
  it('reports an output the workflow reads and the module lacks', async () => {
    const partial = (await parseHcl('outputs.tf', 'output "ecr_repository" {\n  value = "x"\n}\n')) as TerraformModule;
    expect(missingOutputs(partial, outputsReadByInfra(infra))).toEqual([
      'access_role_arn',
      'instance_role_arn',
      'secrets',
      'vpc_connector_arn',
    ]);
  });

  it('reports unknown and missing variables in a .tfvars file', async () => {
    const tfvars = await parseHcl('x.tfvars', 'name = "my-app"\nsubnets = ["subnet-1"]\n');
    expect(checkTfvars(module, tfvars)).toEqual([
      '"subnets" is not a variable of the module',
      'required variable "private_subnet_ids" is not set',
      'required variable "vpc_id" is not set',
    ]);
  });

  it('refuses HCL that does not parse', async () => {
    await expect(parseHcl('broken.tf', 'output "x" {\n  value = \n')).rejects.toBeDefined();
  });
});
