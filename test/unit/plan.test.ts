import { describe, expect, it } from '@jest/globals';
import { describePlan } from '../../src/core/flow.ts';
import { planDeploy } from '../../src/targets/apprunner/plan/plan.ts';
import {
  CONNECTOR_ARN,
  config,
  IMAGE,
  INSTANCE_ROLE,
  ROLE,
  runningService,
  SECRET_ARN,
  SERVICE_ARN,
} from './fixtures.ts';

const NEW_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:v2';

describe('planDeploy', () => {
  it('creates with App Runner defaults and auto deployments sent explicitly', () => {
    const plan = planDeploy({ config: config(), resolved: {} });
    expect(plan.kind).toBe('create');
    if (plan.kind !== 'create') return;
    expect(plan.request).toMatchObject({
      ServiceName: 'web-app',
      SourceConfiguration: {
        ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '8080' } },
        AutoDeploymentsEnabled: false,
      },
      InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
      NetworkConfiguration: { EgressConfiguration: { EgressType: 'DEFAULT' } },
    });
    expect(plan.request.HealthCheckConfiguration).toEqual({ Protocol: 'TCP' });
    expect(describePlan(plan, 'web-app')).toContain('health-check-protocol: TCP');
    expect(describePlan(plan, 'web-app')).toContain('image: ' + IMAGE);
  });

  it('does nothing when the inputs match the service, and redeploys when forced', () => {
    expect(planDeploy({ config: config(), current: runningService(), resolved: {} }).kind).toBe('none');
    expect(planDeploy({ config: config({ forceDeploy: true }), current: runningService(), resolved: {} }).kind).toBe(
      'redeploy',
    );
  });

  it('sends the whole image configuration on an image change, keeping variables it does not name (merge)', () => {
    const plan = planDeploy({
      config: config({ image: NEW_IMAGE, envVars: { LOG: 'debug' } }),
      current: runningService(),
      resolved: {},
    });
    if (plan.kind !== 'update') throw new Error(plan.kind);
    expect(plan.request.SourceConfiguration?.ImageRepository?.ImageConfiguration).toEqual({
      Port: '8080',
      StartCommand: undefined,
      RuntimeEnvironmentVariables: { KEEP: '1', LOG: 'debug' },
      RuntimeEnvironmentSecrets: {},
    });
    expect(plan.request.InstanceConfiguration).toBeUndefined();
    const text = describePlan(plan, 'web-app');
    expect(text).toContain(`image: ${IMAGE} → ${NEW_IMAGE}`);
    expect(text).toContain('~ env LOG');
    expect(text).not.toContain('debug');
  });

  it('replaces variables and secrets with overwrite', () => {
    const plan = planDeploy({
      config: config({ envUpdateStrategy: 'overwrite', envVars: { NEW: 'x' } }),
      current: runningService(),
      resolved: {},
    });
    if (plan.kind !== 'update') throw new Error(plan.kind);
    expect(plan.request.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables).toEqual({
      NEW: 'x',
    });
    expect(plan.changes.map((c) => c.line)).toEqual(['- env KEEP', '- env LOG', '+ env NEW']);
  });

  it('moves a name from variables to secrets and needs an instance role for secrets', () => {
    expect(() =>
      planDeploy({ config: config({ secrets: { LOG: SECRET_ARN } }), current: runningService(), resolved: {} }),
    ).toThrow('Input `instance-role-arn`: is required to read `secrets`');
    const plan = planDeploy({
      config: config({ secrets: { LOG: SECRET_ARN }, instanceRoleArn: INSTANCE_ROLE }),
      current: runningService(),
      resolved: {},
    });
    if (plan.kind !== 'update') throw new Error(plan.kind);
    const image = plan.request.SourceConfiguration?.ImageRepository?.ImageConfiguration;
    expect(image?.RuntimeEnvironmentVariables).toEqual({ KEEP: '1' });
    expect(image?.RuntimeEnvironmentSecrets).toEqual({ LOG: SECRET_ARN });
    expect(plan.request.InstanceConfiguration).toEqual({ Cpu: '1024', Memory: '2048', InstanceRoleArn: INSTANCE_ROLE });
    expect(describePlan(plan, 'web-app')).toContain(`+ secret LOG ${SECRET_ARN}`);
  });

  it('checks cpu and memory as a pair against what the service keeps', () => {
    expect(() => planDeploy({ config: config({ cpu: '4096' }), current: runningService(), resolved: {} })).toThrow(
      /Input `cpu`: 4 vCPU with 2 GB is not a valid pair/,
    );
    const plan = planDeploy({
      config: config({ cpu: '2048', memory: '4096' }),
      current: runningService(),
      resolved: {},
    });
    if (plan.kind !== 'update') throw new Error(plan.kind);
    expect(plan.request.InstanceConfiguration).toEqual({ Cpu: '2048', Memory: '4096', InstanceRoleArn: undefined });
    expect(plan.request.SourceConfiguration).toBeUndefined();
    expect(describePlan(plan, 'web-app')).toContain('cpu: 1 vCPU → 2 vCPU');
  });

  it('switches egress to a VPC connector and back to default', () => {
    const toVpc = planDeploy({
      config: config({ egress: 'VPC' }),
      current: runningService(),
      resolved: { vpcConnectorArn: CONNECTOR_ARN },
    });
    if (toVpc.kind !== 'update') throw new Error(toVpc.kind);
    expect(toVpc.request.NetworkConfiguration).toEqual({
      EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: CONNECTOR_ARN },
      IngressConfiguration: { IsPubliclyAccessible: true },
    });
    const onVpc = runningService({
      NetworkConfiguration: {
        EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: CONNECTOR_ARN },
        IngressConfiguration: { IsPubliclyAccessible: true },
      },
    });
    const dualStack = planDeploy({
      config: config({ ingress: 'private' }),
      current: runningService({ NetworkConfiguration: { IpAddressType: 'DUAL_STACK' } }),
      resolved: {},
    });
    expect(dualStack.kind === 'update' && dualStack.request.NetworkConfiguration).toEqual({
      EgressConfiguration: { EgressType: 'DEFAULT', VpcConnectorArn: undefined },
      IngressConfiguration: { IsPubliclyAccessible: false },
      IpAddressType: 'DUAL_STACK',
    });
    const back = planDeploy({ config: config({ egress: 'DEFAULT' }), current: onVpc, resolved: {} });
    if (back.kind !== 'update') throw new Error(back.kind);
    expect(back.request.NetworkConfiguration?.EgressConfiguration).toEqual({
      EgressType: 'DEFAULT',
      VpcConnectorArn: undefined,
    });
    expect(planDeploy({ config: config(), current: onVpc, resolved: {} }).kind).toBe('none');
  });

  it('changes the health check field by field and refuses a path on TCP', () => {
    const plan = planDeploy({
      config: config({ healthCheck: { protocol: 'HTTP', path: '/health', interval: 10 } }),
      current: runningService(),
      resolved: {},
    });
    if (plan.kind !== 'update') throw new Error(plan.kind);
    expect(plan.request.HealthCheckConfiguration).toEqual({
      Protocol: 'HTTP',
      Path: '/health',
      Interval: 10,
      Timeout: 2,
      HealthyThreshold: 1,
      UnhealthyThreshold: 5,
    });
    expect(() =>
      planDeploy({ config: config({ healthCheck: { path: '/x' } }), current: runningService(), resolved: {} }),
    ).toThrow('Input `health-check-path`: needs an HTTP health check');
  });

  it('refuses a KMS key change on an existing service but sends one on create', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/abc';
    expect(() => planDeploy({ config: config({ kmsKeyArn: key }), current: runningService(), resolved: {} })).toThrow(
      'Input `kms-key-arn`: can only be set when the service is created',
    );
    const plan = planDeploy({ config: config({ kmsKeyArn: key }), resolved: {} });
    expect(plan.kind === 'create' && plan.request.EncryptionConfiguration).toEqual({ KmsKey: key });
  });

  it('needs an image and an access role to create from private ECR', () => {
    expect(() => planDeploy({ config: config({ image: undefined }), resolved: {} })).toThrow(
      'Input `image`: is required to create service `web-app`',
    );
    expect(() => planDeploy({ config: config({ accessRoleArn: undefined }), resolved: {} })).toThrow(
      'Input `access-role-arn`',
    );
    const plan = planDeploy({
      config: config({ image: 'public.ecr.aws/nginx/nginx:1', accessRoleArn: undefined }),
      resolved: {},
    });
    expect(plan.kind === 'create' && plan.request.SourceConfiguration?.AuthenticationConfiguration).toBeUndefined();
  });

  it('prefers a pushed image over the input and sends every part on a rebuild', () => {
    const pushed = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:${'b'.repeat(64)}`;
    const plan = planDeploy({
      config: config(),
      current: runningService({ Status: 'CREATE_FAILED' }),
      resolved: { image: pushed },
      mode: 'rebuild',
    });
    if (plan.kind !== 'update') throw new Error(plan.kind);
    expect(plan.request.ServiceArn).toBe(SERVICE_ARN);
    expect(plan.request.SourceConfiguration?.ImageRepository?.ImageIdentifier).toBe(pushed);
    expect(plan.request.InstanceConfiguration).toBeDefined();
    expect(plan.request.HealthCheckConfiguration).toBeDefined();
    expect(plan.request.NetworkConfiguration).toBeDefined();
  });

  it('recreates with what the failed service had and the inputs do not name', () => {
    const failed = runningService({ Status: 'CREATE_FAILED' });
    const plan = planDeploy({
      config: config({ accessRoleArn: undefined, envVars: { ADDED: 'yes' }, image: NEW_IMAGE }),
      current: failed,
      resolved: {},
      mode: 'recreate',
    });
    if (plan.kind !== 'create') throw new Error(plan.kind);
    expect(plan.request.SourceConfiguration?.AuthenticationConfiguration).toEqual({ AccessRoleArn: ROLE });
    expect(plan.request.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables).toEqual({
      KEEP: '1',
      LOG: 'info',
      ADDED: 'yes',
    });
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/new';
    const withKey = planDeploy({ config: config({ kmsKeyArn: key }), current: failed, resolved: {}, mode: 'recreate' });
    expect(withKey.kind === 'create' && withKey.request.EncryptionConfiguration).toEqual({ KmsKey: key });
  });

  it('refuses a service that deploys from source code', () => {
    const fromCode = runningService({
      SourceConfiguration: {
        CodeRepository: {
          RepositoryUrl: 'https://github.com/x/y',
          SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        },
      },
    });
    expect(() => planDeploy({ config: config(), current: fromCode, resolved: {} })).toThrow(
      'deploys from a source code repository',
    );
  });
});
