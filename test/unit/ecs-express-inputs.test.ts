import { describe, expect, it } from '@jest/globals';
import { ECSClient } from '@aws-sdk/client-ecs';
import { newOutcome } from '../../src/core/outcome.ts';
import { createExpressClients, expressOutputs } from '../../src/targets/ecs-express/context.ts';
import { parseExpressInputs } from '../../src/targets/ecs-express/inputs.ts';

const parse = (inputs: Record<string, string>) => {
  const all: Record<string, string> = { service: 'web', region: 'eu-west-1', ...inputs };
  return parseExpressInputs((name) => all[name] ?? '', {});
};
const refusal = (inputs: Record<string, string>) => {
  try {
    parse(inputs);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed without an error');
};

describe('parseExpressInputs', () => {
  it('answers ECS defaults for what is not given', () => {
    expect(parse({})).toMatchObject({
      service: 'web',
      cluster: 'default',
      image: undefined,
      cpu: undefined,
      memory: undefined,
      network: undefined,
      command: undefined,
      scalingMetric: undefined,
      fromAppRunnerService: undefined,
    });
  });

  it('normalises sizes, the cluster ARN, the command, the network and scaling', () => {
    const cluster = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod';
    expect(
      parse({
        cluster,
        cpu: '1 vCPU',
        memory: '3072',
        'start-command': 'node  server.js --port 80',
        'vpc-subnets': 'subnet-0bbbbbbb\nsubnet-0aaaaaaa',
        'vpc-security-groups': 'sg-0bbbbbbb, sg-0aaaaaaa',
        'scaling-metric': 'cpu',
        'scaling-target': '70',
        'min-tasks': '2',
        'max-tasks': '2',
        'from-apprunner-service': 'old-web',
        'cpu-architecture': 'X86_64',
      }),
    ).toMatchObject({
      cluster,
      cpu: '1024',
      memory: '3072',
      command: ['node', 'server.js', '--port', '80'],
      network: { subnets: ['subnet-0aaaaaaa', 'subnet-0bbbbbbb'], securityGroups: ['sg-0aaaaaaa', 'sg-0bbbbbbb'] },
      scalingMetric: 'AVERAGE_CPU',
      scalingTarget: 70,
      minTasks: 2,
      maxTasks: 2,
      fromAppRunnerService: 'old-web',
      cpuArchitecture: 'X86_64',
    });
    expect(parse({ 'start-command': '["sh", "-c", "echo hi"]' }).command).toEqual(['sh', '-c', 'echo hi']);
    expect(parse({ 'scaling-metric': 'memory' }).scalingMetric).toBe('AVERAGE_MEMORY');
  });

  it('leaves the image to the push with ecr-repository', () => {
    const config = parse({ 'ecr-repository': 'web', image: 'web:local', 'image-tags': 'v1' });
    expect(config.image).toBeUndefined();
    expect(config.push?.repository).toBe('web');
  });

  it.each([
    [{ service: 'web app' }, 'Input `service`: `web app` must be 1-255 letters, digits, hyphens or underscores.'],
    [
      { cluster: 'my cluster' },
      'Input `cluster`: `my cluster` must be 1-255 letters, digits, hyphens or underscores, or a cluster ARN.',
    ],
    [{ image: 'not an image' }, 'Input `image`: `not an image` is not an image reference'],
    [{ 'start-command': '["node"' }, 'Input `start-command`: looks like a JSON array but does not parse'],
    [{ 'start-command': '[]' }, 'Input `start-command`: must be a non-empty JSON array of strings.'],
    [{ 'start-command': '["a", 1]' }, 'Input `start-command`: must be a non-empty JSON array of strings.'],
    [{ 'start-command': '["a\\nb"]' }, 'Input `start-command`:'],
    [{ 'vpc-security-groups': 'sg-0aaaaaaa' }, 'Input `vpc-security-groups`: goes with `vpc-subnets`, which is empty.'],
    [{ 'vpc-subnets': 'subnet-0aaaaaaa' }, 'Input `vpc-subnets`: needs `vpc-security-groups` too.'],
    [
      { 'vpc-subnets': 'subnet-x', 'vpc-security-groups': 'sg-0aaaaaaa' },
      'Input `vpc-subnets`: `subnet-x` is not a subnet ID',
    ],
    [
      { 'vpc-subnets': 'subnet-0aaaaaaa', 'vpc-security-groups': 'sg-x' },
      'Input `vpc-security-groups`: `sg-x` is not a security group ID',
    ],
    [{ 'min-tasks': '3', 'max-tasks': '2' }, 'Input `min-tasks`: 3 is more than `max-tasks` (2).'],
    [{ 'scaling-metric': 'cpu', 'scaling-target': '101' }, 'Input `scaling-target`:'],
    [{ 'health-check-path': 'health' }, 'Input `health-check-path`: `health` must start with / and have no spaces.'],
    [{ 'log-group': 'bad group' }, 'Input `log-group`: `bad group` is not a log group name'],
    [{ 'from-apprunner-service': 'x' }, 'Input `from-apprunner-service`: `x` is not an App Runner service name.'],
    [{ 'execution-role-arn': 'role' }, 'Input `execution-role-arn`:'],
    [{ cpu: '8', memory: '8' }, 'Input `cpu`: 8 vCPU with 8192 MB is not a Fargate size. With 8 vCPU use 16384,'],
  ])('refuses %j', (inputs, message) => {
    expect(refusal(inputs)).toContain(message);
  });

  it('allows a request-count target above 100', () => {
    expect(parse({ 'scaling-metric': 'requests', 'scaling-target': '5000' }).scalingTarget).toBe(5000);
    expect(parse({ 'scaling-target': '5000' }).scalingTarget).toBe(5000);
  });
});

describe('ECS Express clients and outputs', () => {
  it('makes an ECS client in the region beside the shared ones', async () => {
    const clients = createExpressClients('eu-west-2');
    expect(clients.ecs).toBeInstanceOf(ECSClient);
    expect(await clients.ecs.config.region()).toBe('eu-west-2');
    expect(clients.options.region).toBe('eu-west-2');
  });

  it('names the deployment and the revision in the outputs', () => {
    const outcome = {
      ...newOutcome(0),
      serviceArn: 'arn:svc',
      operationId: 'arn:dep',
      operationStatus: 'SUCCESSFUL',
      serviceRevisionArn: 'arn:rev',
      servingImageUri: 'img:1',
    };
    expect(expressOutputs(outcome)).toMatchObject({
      'service-arn': 'arn:svc',
      'deployment-arn': 'arn:dep',
      'deployment-status': 'SUCCESSFUL',
      'service-revision-arn': 'arn:rev',
      'serving-image-uri': 'img:1',
      'service-url': undefined,
    });
  });
});
