import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
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
  terraformExampleDir,
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
    expect(read).toEqual([
      'access_role_arn',
      'ecr_repository',
      'execution_role_arn',
      'infrastructure_role_arn',
      'instance_role_arn',
      'secrets',
      'vpc_connector_arn',
    ]);
    expect(missingOutputs(module, read)).toEqual([]);
  });

  it('wires each output to the resource it names', () => {
    const value = (name: string) => module.output?.[name]?.[0]?.value;
    expect(value('vpc_connector_arn')).toBe('${aws_apprunner_vpc_connector.this.arn}');
    expect(value('instance_role_arn')).toBe('${aws_iam_role.instance.arn}');
    expect(value('access_role_arn')).toBe('${aws_iam_role.access.arn}');
    expect(value('execution_role_arn')).toBe('${aws_iam_role.execution.arn}');
    expect(value('infrastructure_role_arn')).toBe('${aws_iam_role.infrastructure.arn}');
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

  it('gives ECS Express its two roles: infrastructure (ecs.amazonaws.com) and task execution (ecs-tasks)', () => {
    expect(trustedPrincipals(dataBody(module, 'aws_iam_policy_document', 'infrastructure_trust'))).toEqual([
      'ecs.amazonaws.com',
    ]);
    expect(trustedPrincipals(dataBody(module, 'aws_iam_policy_document', 'execution_trust'))).toEqual([
      'ecs-tasks.amazonaws.com',
    ]);
    expect(resourceBody(module, 'aws_iam_role', 'infrastructure').assume_role_policy).toBe(
      '${data.aws_iam_policy_document.infrastructure_trust.json}',
    );
    expect(resourceBody(module, 'aws_iam_role', 'execution').assume_role_policy).toBe(
      '${data.aws_iam_policy_document.execution_trust.json}',
    );
    const attached = (name: string) => resourceBody(module, 'aws_iam_role_policy_attachment', name);
    expect(attached('infrastructure_express').role).toBe('${aws_iam_role.infrastructure.name}');
    expect(attached('infrastructure_express').policy_arn).toMatch(
      /:iam::aws:policy\/service-role\/AmazonECSInfrastructureRoleforExpressGatewayServices$/,
    );
    expect(attached('execution_ecs').role).toBe('${aws_iam_role.execution.name}');
    expect(attached('execution_ecs').policy_arn).toMatch(
      /:iam::aws:policy\/service-role\/AmazonECSTaskExecutionRolePolicy$/,
    );
  });

  it('lets the task execution role read the same secrets as the instance role, and only when there are some', () => {
    const policy = resourceBody(module, 'aws_iam_role_policy', 'execution_secrets');
    expect(policy.count).toBe('${length(var.secrets) > 0 ? 1 : 0}');
    expect(policy.role).toBe('${aws_iam_role.execution.id}');
    expect(policy.policy).toBe('${data.aws_iam_policy_document.instance_secrets.json}');
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

interface LifecycleRule {
  selection: { tagStatus: string; tagPrefixList?: unknown; countType: string; countNumber: unknown };
}

describe('examples/terraform: the ECR lifecycle policy never expires an image a service may run', () => {
  const rules = () => {
    const policy = String(resourceBody(module, 'aws_ecr_lifecycle_policy', 'app').policy);
    const locals = Object.assign({}, ...(module.locals ?? [])) as Record<string, LifecycleRule>;
    const names = [...policy.matchAll(/\blocal\.(\w+)/g)].map((match) => match[1]);
    return { policy, names, rules: names.map((name) => locals[name]) };
  };

  it('builds the policy from named rules only, so each can be checked', () => {
    const { policy, names, rules: found } = rules();
    expect(names).toEqual(['expire_untagged', 'expire_prefixed']);
    expect(found.every((rule) => rule?.selection !== undefined)).toBe(true);
    expect(policy).not.toMatch(/tagStatus/);
  });

  it('expires untagged images after a grace period, and tagged ones only with a prefix', () => {
    const { rules: found } = rules();
    expect(found.map((rule) => rule.selection.tagStatus).sort()).toEqual(['tagged', 'untagged']);
    const untagged = found.find((rule) => rule.selection.tagStatus === 'untagged');
    expect(untagged?.selection).toMatchObject({
      countType: 'sinceImagePushed',
      countNumber: '${var.untagged_image_expiry_days}',
    });
    const tagged = found.find((rule) => rule.selection.tagStatus === 'tagged');
    expect(tagged?.selection).toMatchObject({
      tagPrefixList: '${var.expire_tag_prefixes}',
      countType: 'imageCountMoreThan',
      countNumber: '${var.keep_images}',
    });
  });

  it('leaves the prefix rule out without prefixes, and by default, so that no tagged image expires', () => {
    expect(rules().policy).toContain('if length(var.expire_tag_prefixes) > 0');
    expect(module.variable?.expire_tag_prefixes?.[0]?.default).toEqual([]);
  });

  it('keeps enough to roll back to: floors on the counts, and the reason in a comment', () => {
    const condition = (name: string) =>
      (module.variable?.[name]?.[0]?.validation as Array<{ condition: string }> | undefined)?.[0]?.condition;
    expect(condition('keep_images')).toBe('${var.keep_images >= 10}');
    expect(condition('untagged_image_expiry_days')).toBe('${var.untagged_image_expiry_days >= 14}');
    const ecr = readFileSync(join(terraformExampleDir, 'ecr.tf'), 'utf8');
    expect(ecr).toMatch(/No rule counts images across all tags/);
    expect(ecr).toMatch(/rolled-back deployment/);
  });
});

interface TrustStatement {
  actions?: string[];
  principals?: Array<{ type: string; identifiers: string[] }>;
  condition?: Array<{ test: string; variable: string; values: unknown }>;
}

describe('examples/terraform: the roles GitHub assumes trust one set of environments each', () => {
  const statement = (name: string) =>
    (dataBody(module, 'aws_iam_policy_document', name).statement as TrustStatement[])[0];

  it.each([
    ['github_deploy_trust', 'github_deploy_environments'],
    ['github_plan_trust', 'github_plan_environments'],
  ])('%s: the OIDC provider, audience sts.amazonaws.com, and the environment: subjects of %s only', (name, list) => {
    const trust = statement(name);
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.principals).toEqual([{ type: 'Federated', identifiers: ['${local.github_oidc_provider_arn}'] }]);
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
      {
        test: 'StringEquals',
        variable: 'token.actions.githubusercontent.com:sub',
        values: `\${[for environment in var.${list} : "repo:\${var.github_repository}:environment:\${environment}"]}`,
      },
    ]);
  });

  it('never lets the plan environments assume the deploy role, and gives the plan role read access only', async () => {
    const variable = (name: string) => module.variable?.[name]?.[0] as { default?: string[]; validation?: unknown };
    expect(variable('github_deploy_environments').default).toEqual(['staging']);
    expect(variable('github_plan_environments').default).toEqual(['plan']);
    for (const name of ['staging.tfvars', 'production.tfvars']) {
      const tfvars = (await loadTfvars(name)) as Record<string, string[]>;
      const deployEnvironments = tfvars.github_deploy_environments;
      expect(deployEnvironments.length).toBeGreaterThan(0);
      expect(tfvars.github_plan_environments.filter((env) => deployEnvironments.includes(env))).toEqual([]);
    }
    expect(resourceBody(module, 'aws_iam_role', 'github_plan').assume_role_policy).toBe(
      '${data.aws_iam_policy_document.github_plan_trust.json}',
    );
    expect(resourceBody(module, 'aws_iam_role', 'github_deploy').assume_role_policy).toBe(
      '${data.aws_iam_policy_document.github_deploy_trust.json}',
    );
    const attachments = Object.values(module.resource?.aws_iam_role_policy_attachment ?? {}).map((body) => body[0]);
    const plan = attachments.filter((body) => String(body.role).includes('aws_iam_role.github_plan'));
    expect(plan.map((body) => body.policy_arn)).toEqual([
      'arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess',
    ]);
  });

  it('says why: environments restricted to protected branches', () => {
    const text = readFileSync(join(terraformExampleDir, 'github-oidc.tf'), 'utf8');
    expect(text).toMatch(/restrict the\s+(#\s+)?stage's environment to protected branches/);
    expect(text).toMatch(/never a wildcard/);
  });
});

describe('examples/terraform: versions', () => {
  it('pins the AWS provider to one major version and Terraform below 2.0', () => {
    const settings = Object.assign({}, ...(module.terraform ?? [])) as {
      required_version?: string;
      required_providers?: Array<Record<string, { source: string; version: string }>>;
    };
    expect(settings.required_providers?.[0]?.aws).toEqual({ source: 'hashicorp/aws', version: '~> 6.0' });
    expect(settings.required_version).toMatch(/< 2\.0/);
  });

  it('says to commit the dependency lock file', () => {
    const readme = readFileSync(join(terraformExampleDir, 'README.md'), 'utf8');
    expect(readme).toMatch(/commit the `\.terraform\.lock\.hcl`/i);
    expect(readFileSync(join(terraformExampleDir, 'versions.tf'), 'utf8')).toMatch(
      /Commit the\s+(#\s+)?\.terraform\.lock\.hcl/,
    );
  });
});

describe('the Terraform checks report a broken module', () => {
  it('reports an output the workflow reads and the module lacks', async () => {
    const partial = (await parseHcl('outputs.tf', 'output "ecr_repository" {\n  value = "x"\n}\n')) as TerraformModule;
    expect(missingOutputs(partial, outputsReadByInfra(infra))).toEqual([
      'access_role_arn',
      'execution_role_arn',
      'infrastructure_role_arn',
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
