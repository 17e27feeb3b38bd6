import { describe, expect, it } from '@jest/globals';
import { plainSecrets } from '../../src/core/inputs/common.ts';

/*
 * A plain variable is stored in clear text in the service's configuration. One whose name says it is a secret gets a
 * warning that points to `secrets` (naming it, never showing its value), and its value is masked in the log.
 */

describe('plain variables that look like secrets', () => {
  it('warns by name for each pattern, whatever the case, and masks the values', () => {
    const { masks, warnings } = plainSecrets({
      DB_PASSWORD: 'hunter2-long',
      github_token: 'ghp_value',
      StripeApiKey: 'not-matched-without-underscore',
      STRIPE_API_KEY: 'sk_live_1',
      SSH_PRIVATE_KEY: 'line one\nline two',
      AWS_CREDENTIALS: 'creds',
      client_secret: 'shh',
      LOG_LEVEL: 'debug',
    });
    expect(warnings).toHaveLength(6);
    for (const [index, name] of [
      'DB_PASSWORD',
      'github_token',
      'STRIPE_API_KEY',
      'SSH_PRIVATE_KEY',
      'AWS_CREDENTIALS',
      'client_secret',
    ].entries()) {
      expect(warnings[index]).toContain(`\`${name}\``);
      expect(warnings[index]).toContain('`secrets`');
    }
    for (const value of ['hunter2-long', 'ghp_value', 'sk_live_1', 'line one', 'creds', 'shh']) {
      expect(warnings.join('\n')).not.toContain(value);
    }
    // A multi-line value: the runner masks line by line, so each line is registered too.
    expect(masks).toEqual([
      'hunter2-long',
      'ghp_value',
      'sk_live_1',
      'line one\nline two',
      'line one',
      'line two',
      'creds',
      'shh',
    ]);
  });

  it('does not mask values of one or two characters, which would garble the log, but still warns', () => {
    const { masks, warnings } = plainSecrets({ API_TOKEN: 'ab', OTHER_SECRET: 'x', EMPTY_PASSWORD: '' });
    expect(masks).toEqual([]);
    expect(warnings).toHaveLength(3);
  });

  it('says nothing about ordinary names', () => {
    expect(plainSecrets({ LOG_LEVEL: 'debug', SESSION_SIGNING_KEY: 'value', PORT: '8080' })).toEqual({
      masks: [],
      warnings: [],
    });
  });
});
