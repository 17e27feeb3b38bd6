import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  imageConfig,
  instanceRole,
  mutating,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

/** Every setting the action manages, given at once (configurations by full ARN, as they exist in the account). */
function everySetting(name: string): Record<string, string> {
  const { emulator } = harness;
  const account = emulator.accountId;
  const secret = emulator.seedSecret(`prod/${name}/database-url`);
  const connector = emulator.seedVpcConnector({ name: `${name}-egress`, securityGroups: ['sg-0123456789abcdef0'] });
  const scaling = emulator.seedAutoScalingConfiguration('high-availability');
  const tracing = emulator.seedObservabilityConfiguration('xray-tracing');
  return {
    service: name,
    image: seededImage(emulator, name, 'v1'),
    'access-role-arn': accessRole(emulator),
    'instance-role-arn': instanceRole(emulator),
    cpu: '0.5 vCPU',
    memory: '1 GB',
    port: '3000',
    'start-command': 'node server.js',
    'env-vars': 'NODE_ENV=production\nLOG_LEVEL=info',
    secrets: `DATABASE_URL=${secret.arn}`,
    'vpc-connector-arn': connector.arn,
    ingress: 'private',
    'health-check-protocol': 'HTTP',
    'health-check-path': '/healthz',
    'health-check-interval': '10',
    'health-check-timeout': '5',
    'health-check-healthy-threshold': '2',
    'health-check-unhealthy-threshold': '3',
    'auto-scaling-config-arn': scaling.arn,
    'observability-config-arn': tracing.arn,
    'kms-key-arn': `arn:aws:kms:eu-west-1:${account}:key/0123abcd-0123-abcd-0123-0123456789ab`,
    tags: 'team=web',
    'auto-deployments': 'true',
  };
}

describe('every setting', () => {
  it('lands in the service on create, and a second identical run changes nothing', async () => {
    const { emulator } = harness;
    const inputs = everySetting('full-svc');
    const first = await harness.run(inputs);

    expectSuccess(first);
    const service = emulator.service('full-svc');
    expect(service?.description).toMatchObject({
      Status: 'RUNNING',
      SourceConfiguration: {
        ImageRepository: {
          ImageIdentifier: inputs.image,
          ImageRepositoryType: 'ECR',
          ImageConfiguration: {
            Port: '3000',
            StartCommand: 'node server.js',
            RuntimeEnvironmentVariables: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
            RuntimeEnvironmentSecrets: { DATABASE_URL: inputs.secrets.split('=')[1] },
          },
        },
        AutoDeploymentsEnabled: true,
        AuthenticationConfiguration: { AccessRoleArn: inputs['access-role-arn'] },
      },
      InstanceConfiguration: { Cpu: '512', Memory: '1024', InstanceRoleArn: inputs['instance-role-arn'] },
      HealthCheckConfiguration: {
        Protocol: 'HTTP',
        Path: '/healthz',
        Interval: 10,
        Timeout: 5,
        HealthyThreshold: 2,
        UnhealthyThreshold: 3,
      },
      AutoScalingConfigurationSummary: {
        AutoScalingConfigurationArn: inputs['auto-scaling-config-arn'],
        AutoScalingConfigurationName: 'high-availability',
        AutoScalingConfigurationRevision: 1,
      },
      NetworkConfiguration: {
        EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: inputs['vpc-connector-arn'] },
        IngressConfiguration: { IsPubliclyAccessible: false },
      },
      ObservabilityConfiguration: {
        ObservabilityEnabled: true,
        ObservabilityConfigurationArn: inputs['observability-config-arn'],
      },
      EncryptionConfiguration: { KmsKey: inputs['kms-key-arn'] },
    });
    // A private service has no public URL.
    expect(first.outputs['service-url']).toBeUndefined();
    expectNoLeaks(first);

    const before = emulator.calls().length;
    const second = await harness.run(inputs);
    expectSuccess(second);
    expect(mutating(emulator.calls().slice(before))).toEqual([]);
    expect(second.stdout).toContain('No change to service full-svc: nothing to deploy.');
    expectNoLeaks(second);
  });

  it('takes configurations by name or name/revision, and sees the full ARN they resolve to as the same', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'partial-arns', 'v1');
    const high = emulator.seedAutoScalingConfiguration('high-availability');
    const tracing = emulator.seedObservabilityConfiguration('xray-tracing');
    const arn = (resource: string) => `arn:aws:apprunner:eu-west-1:${emulator.accountId}:${resource}`;
    const byName = {
      service: 'partial-arns',
      image,
      'access-role-arn': accessRole(emulator),
      'auto-scaling-config-arn': arn('autoscalingconfiguration/high-availability'),
      'observability-config-arn': arn('observabilityconfiguration/xray-tracing'),
    };
    const created = await harness.run(byName);

    expectSuccess(created);
    const service = emulator.service('partial-arns');
    expect(service?.config.AutoScalingConfigurationArn).toBe(high.arn);
    expect(service?.config.ObservabilityConfiguration.ObservabilityConfigurationArn).toBe(tracing.arn);
    expectNoLeaks(created);

    for (const partial of [
      byName,
      { ...byName, 'auto-scaling-config-arn': `${byName['auto-scaling-config-arn']}/1` },
    ]) {
      const before = emulator.calls().length;
      const again = await harness.run(partial);
      expectSuccess(again);
      expect(mutating(emulator.calls().slice(before))).toEqual([]);
      expectNoLeaks(again);
    }

    const small = emulator.seedAutoScalingConfiguration('small-fleet');
    const switched = await harness.run({
      ...byName,
      'auto-scaling-config-arn': arn('autoscalingconfiguration/small-fleet'),
    });
    expectSuccess(switched);
    expect(emulator.service('partial-arns')?.description).toMatchObject({
      AutoScalingConfigurationSummary: {
        AutoScalingConfigurationArn: small.arn,
        AutoScalingConfigurationName: 'small-fleet',
      },
    });
    expectNoLeaks(switched);
  });

  it('refuses an auto scaling configuration that does not exist, changing nothing', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'no-such-scaling', 'v1');
    emulator.seedService({ name: 'no-such-scaling', config: imageConfig(emulator, { image }) });
    const ghost = `arn:aws:apprunner:eu-west-1:${emulator.accountId}:autoscalingconfiguration/ghost-config`;
    const result = await harness.run({ service: 'no-such-scaling', image, 'auto-scaling-config-arn': ghost });

    expectFailure(result, /ghost-config/);
    expect(emulator.service('no-such-scaling')?.operations).toEqual([]);
    expectNoLeaks(result);
  });

  it('sends only the part that changed', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'one-part', 'v1');
    emulator.seedService({ name: 'one-part', config: imageConfig(emulator, { image, env: { KEEP: 'yes' } }) });
    const result = await harness.run({
      service: 'one-part',
      image,
      'health-check-protocol': 'HTTP',
      'health-check-path': '/ready',
    });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    const update = emulator.calls().find((call) => call.operation === 'UpdateService')?.input as Record<
      string,
      unknown
    >;
    expect(Object.keys(update).sort()).toEqual(['HealthCheckConfiguration', 'ServiceArn']);
    expect(emulator.service('one-part')?.config.HealthCheckConfiguration).toMatchObject({
      Protocol: 'HTTP',
      Path: '/ready',
    });
    expect(emulator.service('one-part')?.config.SourceConfiguration.ImageRepository?.ImageConfiguration).toMatchObject({
      RuntimeEnvironmentVariables: { KEEP: 'yes' },
    });
    expect(result.stdout).toContain('health-check-protocol: TCP → HTTP');
    expectNoLeaks(result);
  });

  it('refuses to change the KMS key of an existing service before any change', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'kms-svc', 'v1');
    emulator.seedService({ name: 'kms-svc', config: imageConfig(emulator, { image }) });
    const key = `arn:aws:kms:eu-west-1:${emulator.accountId}:key/0123abcd-0123-abcd-0123-0123456789ab`;
    const result = await harness.run({ service: 'kms-svc', image, 'kms-key-arn': key });

    expectFailure(result, /^Input `kms-key-arn`: can only be set when the service is created/);
    expect(mutating(emulator.calls())).toEqual([]);
    expectNoLeaks(result);
  });

  it('refuses to create from private ECR without an access role, naming the input, before any change', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'no-role', 'v1');
    const result = await harness.run({ service: 'no-role', image });

    expectFailure(result, /^Input `access-role-arn`: is required to deploy from private ECR/);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.service('no-role')).toBeUndefined();
    expectNoLeaks(result);
  });
});
