import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  imageConfig,
  mutating,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

const SUBNETS = 'subnet-0a1b2c3d4e5f60001\nsubnet-0a1b2c3d4e5f60002';
const GROUPS = 'sg-0123456789abcdef0';

const egressOf = (name: string) =>
  harness.emulator.service(name)?.config.NetworkConfiguration.EgressConfiguration ?? {};

describe('VPC egress', () => {
  it('creates a connector for the subnets, then reuses it on the next run', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'vpc-svc', 'v1');
    const inputs = {
      service: 'vpc-svc',
      image,
      'access-role-arn': accessRole(emulator),
      'vpc-subnets': SUBNETS,
      'vpc-security-groups': GROUPS,
    };
    const first = await harness.run(inputs);

    expectSuccess(first);
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateVpcConnector', 'CreateService']);
    const connector = emulator.calls().find((call) => call.operation === 'CreateVpcConnector');
    expect(connector?.input).toMatchObject({
      VpcConnectorName: 'vpc-svc-egress',
      Subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      SecurityGroups: ['sg-0123456789abcdef0'],
    });
    const arn = first.outputs['vpc-connector-arn'];
    expect(arn).toMatch(/^arn:aws:apprunner:eu-west-1:123456789012:vpcconnector\/vpc-svc-egress\/1\/[0-9a-f]{32}$/);
    expect(egressOf('vpc-svc')).toEqual({ EgressType: 'VPC', VpcConnectorArn: arn });
    expectNoLeaks(first);

    const before = emulator.calls().length;
    const second = await harness.run(inputs);

    expectSuccess(second);
    const calls = emulator.calls().slice(before);
    expect(mutating(calls)).toEqual([]);
    expect(calls.map((call) => call.operation)).toContain('ListVpcConnectors');
    expect(second.stdout).toContain('Reusing VPC connector vpc-svc-egress (revision 1)');
    expect(second.stdout).toContain('No change to service vpc-svc');
    expect(second.outputs['vpc-connector-arn']).toBe(arn);
    expectNoLeaks(second);
  });

  it('routes egress through a connector given by ARN', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'arn-svc', 'v1');
    emulator.seedService({ name: 'arn-svc', config: imageConfig(emulator, { image }) });
    const connector = emulator.seedVpcConnector({ name: 'shared-egress', securityGroups: ['sg-0123456789abcdef0'] });
    const result = await harness.run({ service: 'arn-svc', image, 'vpc-connector-arn': connector.arn });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(egressOf('arn-svc')).toEqual({ EgressType: 'VPC', VpcConnectorArn: connector.arn });
    expect(result.outputs['vpc-connector-arn']).toBe(connector.arn);
    expect(result.stdout).toContain(`vpc-connector-arn: (none) → ${connector.arn}`);
    expectNoLeaks(result);
  });

  it('switches egress back to the default', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'back-svc', 'v1');
    const connector = emulator.seedVpcConnector({ name: 'old-egress', securityGroups: ['sg-0123456789abcdef0'] });
    emulator.seedService({
      name: 'back-svc',
      config: {
        ...imageConfig(emulator, { image }),
        NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: connector.arn } },
      },
    });
    const result = await harness.run({ service: 'back-svc', image, egress: 'default' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(egressOf('back-svc')).toEqual({ EgressType: 'DEFAULT' });
    expect(result.stdout).toContain('egress: VPC → DEFAULT');
    expect(result.outputs['vpc-connector-arn']).toBeUndefined();
    expectNoLeaks(result);
  });

  it('refuses an INACTIVE connector before any change', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'inactive-svc', 'v1');
    emulator.seedService({ name: 'inactive-svc', config: imageConfig(emulator, { image }) });
    const connector = emulator.seedVpcConnector({ name: 'gone-egress', status: 'INACTIVE' });
    const result = await harness.run({ service: 'inactive-svc', image, 'vpc-connector-arn': connector.arn });

    expectFailure(result, `VPC connector ${connector.arn} is INACTIVE, not ACTIVE`);
    expect(result.errors[0]).toContain('`vpc-connector-arn`');
    expect(mutating(emulator.calls())).toEqual([]);
    expectNoLeaks(result);
  });
});
