import { describe, expect, it } from '@jest/globals';
import { expectNoLeaks, expectSuccess, seedRunningService } from './support/harness.ts';
import { createInputs, seedActiveExpress } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/*
 * Variables whose names say they are secrets, passed as plain variables: the run warns by name (pointing to
 * `secrets`) and masks their values before it prints anything else.
 */

const harness = useHarness();

const PASSWORD = 'e2e-plain-password-7d6c5b';
const COPIED_TOKEN = 'e2e-copied-token-1a2b3c';

function expectMaskedFirst(stdout: string, values: string[]): void {
  const lines = stdout.split('\n').filter((line) => line !== '');
  const masks = lines.findIndex((line) => !line.startsWith('::add-mask::'));
  expect(lines.slice(0, masks)).toEqual(expect.arrayContaining(values.map((value) => `::add-mask::${value}`)));
}

describe('plain variables named like secrets', () => {
  it('App Runner: warns by name, masks the values first, still deploys', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'plain-secrets');
    const result = await harness.run(
      {
        service: 'plain-secrets',
        image: v2,
        'env-vars': `DB_PASSWORD=${PASSWORD}\nApi_Key=ab\nLOG_LEVEL=debug`,
        'copy-env-vars': 'DEPLOY_TOKEN',
      },
      { env: { DEPLOY_TOKEN: COPIED_TOKEN } },
    );

    expectSuccess(result);
    expectMaskedFirst(result.stdout, [PASSWORD, COPIED_TOKEN]);
    // Two characters are not masked: every `ab` of the log would read `***`.
    expect(result.stdout).not.toContain('::add-mask::ab');
    const named = (name: string) => result.warnings.filter((line) => line.includes(`\`${name}\``));
    for (const name of ['DB_PASSWORD', 'Api_Key', 'DEPLOY_TOKEN']) {
      expect(named(name)).toHaveLength(1);
      expect(named(name)[0]).toContain('`secrets`');
    }
    expect(result.warnings.join('\n')).not.toContain('LOG_LEVEL');
    // Still deployed, as given: the warning is advice.
    const env = emulator.service('plain-secrets')?.config.SourceConfiguration.ImageRepository?.ImageConfiguration;
    expect(env?.RuntimeEnvironmentVariables).toMatchObject({ DB_PASSWORD: PASSWORD, DEPLOY_TOKEN: COPIED_TOKEN });
    expectNoLeaks(result, [PASSWORD, COPIED_TOKEN]);
  });

  it('ECS Express: the same warning and masking', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'plain-secrets-ecs');
    const result = await harness.run(
      { ...createInputs(emulator, 'plain-secrets-ecs', v2), 'env-vars': `STRIPE_SECRET=${PASSWORD}` },
      { action: 'ecs-express' },
    );

    expectSuccess(result);
    expectMaskedFirst(result.stdout, [PASSWORD]);
    expect(result.warnings.filter((line) => line.includes('`STRIPE_SECRET`'))).toHaveLength(1);
    expectNoLeaks(result, [PASSWORD]);
  });
});
