import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AppRunnerClient, ListServicesCommand } from '@aws-sdk/client-apprunner';
import { ECSClient, ListServicesCommand as ListEcsServicesCommand } from '@aws-sdk/client-ecs';
import { startEmulator, TEST_CREDENTIALS, type Emulator } from '../../tools/emulator/index.ts';
import { runAction } from '../../tools/runner/run-action.ts';
import { expectNoLeaks, mutatingOperations, seedRunningService } from './support/harness.ts';

/** App Runner throttled at 2 requests/s for the whole account, as a busy account sees it; ECS at 4. */
const RATE = { apprunner: 2, ecs: 4 };
const MATRIX = 16;

let emulator: Emulator;
beforeAll(async () => {
  // Short operations: the wait is not what is tested, the shared rate is.
  emulator = await startEmulator({ operationMs: 200, lifetimeMs: 5 * 60_000, rateLimits: RATE });
});
afterAll(() => emulator?.stop());
beforeEach(() => emulator.reset());

/** Sends `count` calls at once with no retry: the answers (or error names) the emulator gave. */
async function burst(send: () => Promise<unknown>, count: number) {
  const settled = await Promise.allSettled(Array.from({ length: count }, send));
  return settled.map((answer) => (answer.status === 'fulfilled' ? 'ok' : (answer.reason as Error)));
}

describe('an account-level request rate (emulator)', () => {
  const options = () => ({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });

  it('answers App Runner calls past the burst with 400 ThrottlingException "Rate exceeded", applying none', async () => {
    const client = new AppRunnerClient(options());
    const answers = await burst(() => client.send(new ListServicesCommand({})), 6);
    client.destroy();

    expect(answers.slice(0, 2)).toEqual(['ok', 'ok']);
    const refused = answers.filter((answer): answer is Error => answer !== 'ok');
    expect(refused).toHaveLength(4);
    for (const error of refused) {
      expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    }
    expect(emulator.calls().filter((call) => call.error === 'ThrottlingException')).toHaveLength(4);
  });

  it('limits each API with a bucket of its own (ECS at 4 requests/s)', async () => {
    const client = new ECSClient(options());
    const answers = await burst(() => client.send(new ListEcsServicesCommand({ cluster: 'default' })), 8);
    client.destroy();

    expect(answers.filter((answer) => answer === 'ok')).toHaveLength(4);
    const refused = answers.filter((answer): answer is Error => answer !== 'ok');
    expect(refused.map((error) => [error.name, error.message])).toEqual(
      Array.from({ length: 4 }, () => ['ThrottlingException', 'Rate exceeded']),
    );
  });

  it('refills at its rate', async () => {
    const client = new AppRunnerClient(options());
    await burst(() => client.send(new ListServicesCommand({})), 3);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await burst(() => client.send(new ListServicesCommand({})), 2);
    client.destroy();
    expect(later).toEqual(['ok', 'ok']);
  });
});

describe('a monorepo matrix against a throttled account', () => {
  it(`deploys ${MATRIX} services at once through App Runner throttled at ${RATE.apprunner} requests/s`, async () => {
    const services = Array.from({ length: MATRIX }, (_, index) => `matrix-${index}`);
    const images = services.map((name) => seedRunningService(emulator, name).v2);
    const results = await Promise.all(
      services.map((service, index) =>
        runAction({ inputs: { service, image: images[index] }, awsEnv: emulator.env(), timeoutMs: 100_000 }),
      ),
    );

    const calls = emulator.calls();
    // The limit was reached (else the test proves nothing), and every run rode it out.
    expect(calls.filter((call) => call.error === 'ThrottlingException').length).toBeGreaterThan(MATRIX);
    for (const [index, result] of results.entries()) {
      if (result.exitCode !== 0) throw new Error(`${services[index]} failed:\n${result.stdout}\n${result.stderr}`);
      expect(emulator.service(services[index])?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(
        images[index],
      );
      expectNoLeaks(result);
    }
    expect(mutatingOperations(calls.filter((call) => call.error === undefined))).toEqual(
      Array.from({ length: MATRIX }, () => 'UpdateService'),
    );
  }, 120_000);
});
