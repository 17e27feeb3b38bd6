import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectNoLeaks,
  expectSuccess,
  instanceRole,
  mutating,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { createInputs, lineWith, onlyCall, pairs, servedRevision, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/**
 * `from-apprunner-service`: an App Runner service's settings become the defaults of the Express service the action
 * creates (the way off App Runner, closed to new customers).
 */
const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const SECURITY_GROUPS = ['sg-0123456789abcdef0'];

/** An App Runner service with everything the migration carries over. */
function seedAppRunnerService(name: string) {
  const { emulator } = harness;
  const image = seededImage(emulator, name, 'v7');
  const database = emulator.seedSecret(`${name}/database-url`);
  const apiKey = emulator.seedParameter(`/${name}/api-key`, { type: 'SecureString', value: 'not-read-by-anyone' });
  const connector = emulator.seedVpcConnector({
    name: `${name}-egress`,
    subnets: SUBNETS,
    securityGroups: SECURITY_GROUPS,
  });
  emulator.seedService({
    name,
    config: {
      SourceConfiguration: {
        ImageRepository: {
          ImageIdentifier: image,
          ImageRepositoryType: 'ECR',
          ImageConfiguration: {
            Port: '3000',
            StartCommand: 'node server.js --cluster',
            RuntimeEnvironmentVariables: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
            RuntimeEnvironmentSecrets: { DATABASE_URL: database.arn, API_KEY: apiKey.arn },
          },
        },
        AutoDeploymentsEnabled: false,
        AuthenticationConfiguration: { AccessRoleArn: accessRole(emulator) },
      },
      InstanceConfiguration: { Cpu: '1024', Memory: '3072', InstanceRoleArn: instanceRole(emulator) },
      HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/healthz' },
      NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: connector.arn } },
    },
    tags: { team: 'shop', env: 'prod' },
  });
  return { image, database, apiKey };
}

/** The inputs a migration needs beyond the App Runner service: the Express service's name and its two roles. */
function migrationInputs(appRunnerName: string, expressName: string, image: string): Record<string, string> {
  const inputs = createInputs(harness.emulator, expressName, image);
  delete inputs.image;
  return { ...inputs, 'from-apprunner-service': appRunnerName };
}

describe('ECS Express: migration from an App Runner service', () => {
  it('creates the Express service with the App Runner service’s image, port, command, env, sizes, role, network, tags', async () => {
    const { emulator } = harness;
    const { image, database, apiKey } = seedAppRunnerService('legacy-web');
    const appRunnerBefore = emulator.service('legacy-web');
    const result = await harness.run(migrationInputs('legacy-web', 'legacy-web-ecs', image));

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateExpressGatewayService']);
    expect(onlyCall(emulator.calls(), 'CreateExpressGatewayService')).toMatchObject({
      serviceName: 'legacy-web-ecs',
      primaryContainer: { image, containerPort: 3000, command: ['node', 'server.js', '--cluster'] },
    });
    const config = servedRevision(emulator, 'legacy-web-ecs')?.config;
    expect(config).toMatchObject({
      cpu: '1024',
      memory: '3072',
      healthCheckPath: '/healthz',
      taskRoleArn: instanceRole(emulator),
      networkConfiguration: { subnets: SUBNETS, securityGroups: SECURITY_GROUPS },
      primaryContainer: { image, containerPort: 3000, command: ['node', 'server.js', '--cluster'] },
    });
    expect(pairs(config?.primaryContainer?.environment)).toEqual({ NODE_ENV: 'production', LOG_LEVEL: 'info' });
    expect(pairs(config?.primaryContainer?.secrets)).toEqual({ DATABASE_URL: database.arn, API_KEY: apiKey.arn });
    expect(emulator.expressService('legacy-web-ecs')?.tags).toMatchObject({ team: 'shop', env: 'prod' });
    expect(result.outputs).toMatchObject({ 'deployment-status': 'SUCCESSFUL', 'image-uri': image });
    // The App Runner service is only read, never changed.
    expect(emulator.calls().filter((call) => call.service === 'apprunner' && call.mutating)).toEqual([]);
    expect(emulator.service('legacy-web')?.config).toEqual(appRunnerBefore?.config);
    expect(result.stdout).toContain('legacy-web');
    expectNoLeaks(result, ['not-read-by-anyone']);
  });

  it('lets the inputs given override what the App Runner service has', async () => {
    const { emulator } = harness;
    const { image } = seedAppRunnerService('legacy-api');
    const v8 = seededImage(emulator, 'legacy-api', 'v8');
    const result = await harness.run({
      ...migrationInputs('legacy-api', 'legacy-api-ecs', image),
      image: v8,
      port: '8080',
      cpu: '2',
      memory: '4 GB',
      'start-command': 'node cluster.js',
      'health-check-path': '/ready',
      'env-vars': 'LOG_LEVEL=debug',
      'vpc-subnets': 'subnet-0fedcba9876543210',
      'vpc-security-groups': 'sg-0fedcba9876543210',
    });

    expectSuccess(result);
    const config = servedRevision(emulator, 'legacy-api-ecs')?.config;
    expect(config).toMatchObject({
      cpu: '2048',
      memory: '4096',
      healthCheckPath: '/ready',
      taskRoleArn: instanceRole(emulator),
      networkConfiguration: { subnets: ['subnet-0fedcba9876543210'], securityGroups: ['sg-0fedcba9876543210'] },
      primaryContainer: { image: v8, containerPort: 8080, command: ['node', 'cluster.js'] },
    });
    // Variables merge onto the App Runner ones (env-update-strategy: merge).
    expect(pairs(config?.primaryContainer?.environment)).toEqual({ NODE_ENV: 'production', LOG_LEVEL: 'debug' });
    expect(result.outputs['image-uri']).toBe(v8);
    expectNoLeaks(result, ['not-read-by-anyone']);
  });

  it('prints the Express service it would create and changes nothing in a dry run', async () => {
    const { emulator } = harness;
    const { image } = seedAppRunnerService('legacy-dry');
    const result = await harness.run({ ...migrationInputs('legacy-dry', 'legacy-dry-ecs', image), 'dry-run': 'true' });

    expectSuccess(result);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.expressService('legacy-dry-ecs')).toBeUndefined();
    expect(result.stdout).toContain('legacy-dry-ecs');
    expect(lineWith(result, image)).toBeDefined();
    expect(lineWith(result, /port/i, '3000')).toBeDefined();
    expect(lineWith(result, /health/i, '/healthz')).toBeDefined();
    expect(lineWith(result, 'DATABASE_URL')).toBeDefined();
    expect(lineWith(result, 'NODE_ENV')).toBeDefined();
    expect(lineWith(result, SUBNETS[0])).toBeDefined();
    expect(lineWith(result, /task.?role|instance.?role/i)).toBeDefined();
    expect(result.outputs['deployment-arn']).toBeUndefined();
    expect(result.summary).toMatch(/dry run/i);
    expectNoLeaks(result, ['not-read-by-anyone']);
  });
});
