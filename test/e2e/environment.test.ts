import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  CANARIES,
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

/** A running service with two variables and one secret, plus a SecureString parameter holding a canary value. */
function serviceWithEnvironment(name: string) {
  const { emulator } = harness;
  const image = seededImage(emulator, name, 'v1');
  const database = emulator.seedSecret('prod/shop/database-url');
  const apiKey = emulator.seedParameter('/shop/api-key', { type: 'SecureString', value: CANARIES.parameterValue });
  emulator.seedService({
    name,
    config: imageConfig(emulator, {
      image,
      env: { KEEP_ME: 'kept', LOG_LEVEL: 'info' },
      secrets: { DATABASE_URL: database.arn },
    }),
  });
  return { image, database, apiKey };
}

const imageConfigOf = (name: string) =>
  harness.emulator.service(name)?.config.SourceConfiguration.ImageRepository?.ImageConfiguration;

describe('runtime variables and secrets', () => {
  it('merges variables and secrets into what the service has (env-update-strategy: merge, the default)', async () => {
    const { emulator } = harness;
    const { image, database, apiKey } = serviceWithEnvironment('merge-svc');
    const result = await harness.run({
      service: 'merge-svc',
      image,
      'env-vars': `LOG_LEVEL=debug\nSESSION_SIGNING_KEY=${CANARIES.envValue}`,
      secrets: `API_KEY=${apiKey.name}`,
    });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(imageConfigOf('merge-svc')).toMatchObject({
      RuntimeEnvironmentVariables: { KEEP_ME: 'kept', LOG_LEVEL: 'debug', SESSION_SIGNING_KEY: CANARIES.envValue },
      RuntimeEnvironmentSecrets: { DATABASE_URL: database.arn, API_KEY: apiKey.name },
    });
    expect(result.stdout).toMatch(/^ {2}~ env LOG_LEVEL$/m);
    expect(result.stdout).toMatch(/^ {2}\+ env SESSION_SIGNING_KEY$/m);
    expect(result.stdout).toContain(`+ secret API_KEY ${apiKey.name}`);
    // Preflight looked the references up by metadata only: never a value.
    const reads = emulator.calls().map((call) => call.operation);
    expect(reads).toEqual(expect.arrayContaining(['DescribeParameters']));
    expect(reads).not.toContain('GetParameter');
    expect(reads).not.toContain('GetSecretValue');
    expectNoLeaks(result);
  });

  it('replaces every variable and secret with env-update-strategy: overwrite', async () => {
    const { emulator } = harness;
    const { image } = serviceWithEnvironment('overwrite-svc');
    const token = emulator.seedSecret('prod/shop/payment-token');
    const result = await harness.run({
      service: 'overwrite-svc',
      image,
      'env-vars': 'LOG_LEVEL=warn',
      secrets: `PAYMENT_TOKEN=${token.arn}`,
      'env-update-strategy': 'overwrite',
    });

    expectSuccess(result);
    expect(imageConfigOf('overwrite-svc')).toMatchObject({
      RuntimeEnvironmentVariables: { LOG_LEVEL: 'warn' },
      RuntimeEnvironmentSecrets: { PAYMENT_TOKEN: token.arn },
    });
    expect(imageConfigOf('overwrite-svc')?.RuntimeEnvironmentVariables).not.toHaveProperty('KEEP_ME');
    expect(imageConfigOf('overwrite-svc')?.RuntimeEnvironmentSecrets).not.toHaveProperty('DATABASE_URL');
    expect(result.stdout).toMatch(/^ {2}- env KEEP_ME$/m);
    expect(result.stdout).toMatch(/^ {2}- secret DATABASE_URL /m);
    expectNoLeaks(result);
  });

  it('creates a service with secrets and the instance role that reads them', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'secret-svc', 'v1');
    const database = emulator.seedSecret('prod/secret-svc/database-url');
    const result = await harness.run({
      service: 'secret-svc',
      image,
      'access-role-arn': accessRole(emulator),
      'instance-role-arn': instanceRole(emulator),
      secrets: `DATABASE_URL=${database.arn}`,
      'env-vars': `FEATURE_FLAGS=${CANARIES.envValue}`,
    });

    expectSuccess(result);
    const service = emulator.service('secret-svc');
    expect(service?.config.InstanceConfiguration.InstanceRoleArn).toBe(instanceRole(emulator));
    expect(imageConfigOf('secret-svc')?.RuntimeEnvironmentSecrets).toEqual({ DATABASE_URL: database.arn });
    expectNoLeaks(result);
  });
});

describe('preflight', () => {
  it('refuses secrets that do not exist before any change, naming each', async () => {
    const { emulator } = harness;
    const { image } = serviceWithEnvironment('missing-secret');
    const missing = `arn:aws:secretsmanager:eu-west-1:${emulator.accountId}:secret:prod/shop/nope-AbCdEf`;
    const result = await harness.run({
      service: 'missing-secret',
      image,
      secrets: `STRIPE_KEY=${missing}\nSMTP_PASSWORD=/shop/smtp-password`,
    });

    expectFailure(result, 'Preflight found 2 problem(s); nothing was changed');
    expect(result.errors[0]).toContain(`secret \`STRIPE_KEY\` points at ${missing}, which does not exist`);
    expect(result.errors[0]).toContain('secret `SMTP_PASSWORD` points at /shop/smtp-password, which does not exist');
    expect(mutating(emulator.calls())).toEqual([]);
    expectNoLeaks(result);
  });

  it('refuses an image that is not in ECR before any change', async () => {
    const { emulator } = harness;
    const { image } = serviceWithEnvironment('missing-image');
    const absent = image.replace(/:v1$/, ':v9');
    const result = await harness.run({ service: 'missing-image', image: absent });

    expectFailure(result, `image ${absent} is not in ECR (input \`image\`)`);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.service('missing-image')?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(image);
    expectNoLeaks(result);
  });
});
