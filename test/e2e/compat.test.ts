import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  CANARIES,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  imageConfig,
  instanceRole,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { OFFICIAL_IMAGE_INPUTS, OFFICIAL_SOURCE_INPUTS } from '../support/official-action.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

/** The inputs of awslabs/amazon-app-runner-deploy@v2, and only those. */
const OFFICIAL_INPUTS = new Set<string>([...OFFICIAL_IMAGE_INPUTS, ...OFFICIAL_SOURCE_INPUTS]);

function officialStep(inputs: Record<string, string>): Record<string, string> {
  const foreign = Object.keys(inputs).filter((name) => !OFFICIAL_INPUTS.has(name));
  if (foreign.length > 0) throw new Error(`Not an input of the official action: ${foreign.join(', ')}`);
  return inputs;
}

describe('a drop-in for awslabs/amazon-app-runner-deploy', () => {
  it('creates a service from the official inputs: JSON tags, copied variables and secrets, stability wait', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'compat-svc', 'v1');
    const database = emulator.seedSecret('prod/compat/database-url');
    const inputs = officialStep({
      service: 'compat-svc',
      image,
      'access-role-arn': accessRole(emulator),
      'instance-role-arn': instanceRole(emulator),
      region: 'eu-west-1',
      cpu: '1',
      memory: '2',
      port: '80',
      tags: '{ "env": "prod", "owner": "shop-team" }',
      'copy-env-vars': 'APP_MODE\nSIGNING_KEY',
      'copy-secret-env-vars': 'DATABASE_URL',
      'wait-for-service-stability': 'true',
      'wait-for-service-stability-seconds': '600',
    });
    const result = await harness.run(inputs, {
      env: { APP_MODE: 'production', SIGNING_KEY: CANARIES.envValue, DATABASE_URL: database.arn },
    });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateService']);
    const service = emulator.service('compat-svc');
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.InstanceConfiguration).toEqual({
      Cpu: '1024',
      Memory: '2048',
      InstanceRoleArn: instanceRole(emulator),
    });
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageConfiguration).toEqual({
      Port: '80',
      RuntimeEnvironmentVariables: { APP_MODE: 'production', SIGNING_KEY: CANARIES.envValue },
      RuntimeEnvironmentSecrets: { DATABASE_URL: database.arn },
    });
    expect(service?.tags).toMatchObject({ env: 'prod', owner: 'shop-team' });
    // The official action's three outputs are there under the same names.
    expect(result.outputs).toMatchObject({
      'service-id': service?.id,
      'service-arn': service?.arn,
      'service-url': expect.stringMatching(/^https:\/\//),
    });
    expect(result.stdout).toContain('(timeout 600s)');
    expectNoLeaks(result);
  });

  it('deploys from source code with the official source-code inputs', async () => {
    const { emulator } = harness;
    const connection = emulator.seedConnection('github-org');
    const result = await harness.run(
      officialStep({
        service: 'compat-source',
        repo: 'https://github.com/octo-org/shop-web',
        branch: 'release',
        'source-connection-arn': connection.arn,
        runtime: 'PYTHON_311',
        'build-command': 'pip install -r requirements.txt',
        'start-command': 'python app.py',
        port: '8000',
        region: 'eu-west-1',
      }),
    );

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateService']);
    expect(emulator.service('compat-source')?.config.SourceConfiguration.CodeRepository).toMatchObject({
      RepositoryUrl: 'https://github.com/octo-org/shop-web',
      SourceCodeVersion: { Type: 'BRANCH', Value: 'release' },
      CodeConfiguration: {
        ConfigurationSource: 'API',
        CodeConfigurationValues: {
          Runtime: 'PYTHON_311',
          BuildCommand: 'pip install -r requirements.txt',
          StartCommand: 'python app.py',
          Port: '8000',
        },
      },
    });
    expectNoLeaks(result);
  });

  it('does not wait with wait-for-service-stability: false', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'compat-nowait', 'v1');
    const v2 = seededImage(emulator, 'compat-nowait', 'v2');
    emulator.seedService({ name: 'compat-nowait', config: imageConfig(emulator, { image: v1 }) });
    emulator.planNextOperation('compat-nowait', { outcome: 'succeed', durationMs: 5000 });
    const result = await harness.run(
      officialStep({ service: 'compat-nowait', image: v2, 'wait-for-service-stability': 'false' }),
    );

    expectSuccess(result);
    expect(emulator.service('compat-nowait')?.status).toBe('OPERATION_IN_PROGRESS');
    expect(emulator.calls().map((call) => call.operation)).not.toContain('ListOperations');
    expectNoLeaks(result);
  });

  it('takes wait-for-service-stability-seconds as the wait timeout', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'compat-timeout', 'v1');
    const v2 = seededImage(emulator, 'compat-timeout', 'v2');
    emulator.seedService({ name: 'compat-timeout', config: imageConfig(emulator, { image: v1 }) });
    emulator.planNextOperation('compat-timeout', { outcome: 'never' });
    const result = await harness.run(
      officialStep({ service: 'compat-timeout', image: v2, 'wait-for-service-stability-seconds': '10' }),
    );

    const operationId = emulator.service('compat-timeout')?.operations[0].id;
    expectFailure(result, `Operation ${operationId} (update) is still IN_PROGRESS after 10s.`);
    expectNoLeaks(result);
  });
});
