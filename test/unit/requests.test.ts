import { describe, expect, it } from '@jest/globals';
import { clientOptions } from '../../src/core/aws/clients.ts';
import { checkEndpointVariables, requestTracker } from '../../src/core/aws/requests.ts';
import { explainNetwork } from '../../src/core/explain-network.ts';
import { InputError } from '../../src/core/inputs/errors.ts';

describe('clientOptions', () => {
  it('cuts a request left unanswered (the SDK only warns unless told to throw) and adapts to throttling', () => {
    const options = clientOptions('eu-west-1', {});
    expect(options.requestHandler).toMatchObject({ requestTimeout: 30_000, throwOnRequestTimeout: true });
    expect(options.retryMode).toBe('adaptive');
    expect(options.maxAttempts).toBeGreaterThanOrEqual(10);
  });
});

describe('checkEndpointVariables', () => {
  it.each([
    ['AWS_ENDPOINT_URL', '127.0.0.1:4566'],
    ['AWS_ENDPOINT_URL_ECS', 'localhost:4566'],
    ['AWS_ENDPOINT_URL_APPRUNNER', 'ftp://example.com'],
  ])('refuses %s=%s as an input error naming the variable', (name, value) => {
    const check = () => checkEndpointVariables({ [name]: value });
    expect(check).toThrow(InputError);
    expect(check).toThrow(`Environment variable ${name} is \`${value}\`, not a URL the AWS SDK can call`);
  });

  it('accepts URLs, empty values, other variables, and anything when configured endpoints are ignored', () => {
    expect(() =>
      checkEndpointVariables({
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        AWS_ENDPOINT_URL_ECR: 'https://api.ecr.eu-west-1.amazonaws.com/',
        AWS_ENDPOINT_URL_SSM: '',
        AWS_ENDPOINT_URLS: 'not mine',
      }),
    ).not.toThrow();
    expect(() =>
      checkEndpointVariables({ AWS_ENDPOINT_URL: 'nope', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
    ).not.toThrow();
  });

  it('does not show what may be credentials in the value', () => {
    expect(() => checkEndpointVariables({ AWS_ENDPOINT_URL: 'user:s3cret@host' })).toThrow(/`…@host`/);
  });
});

describe('explainNetwork', () => {
  /** A client's HTTP handler, wrapped as the SDK's `extensions` option does, that fails with `error`. */
  function failingCall(error: Error, env: Record<string, string>) {
    const handler: { handle(request: object): Promise<unknown> } = { handle: () => Promise.reject(error) };
    requestTracker(env).configure({ httpHandler: () => handler });
    return handler.handle({
      protocol: 'https:',
      hostname: 'apprunner.eu-west-1.amazonaws.com',
      headers: { 'x-amz-target': 'AppRunner.ListServices' },
    });
  }

  it("names the region's default endpoint and what to check", async () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND apprunner.eu-west-1.amazonaws.com'), {
      code: 'ENOTFOUND',
    });
    await expect(failingCall(error, {})).rejects.toBe(error);
    expect(explainNetwork(error)).toBe(
      "App Runner ListServices could not reach https://apprunner.eu-west-1.amazonaws.com (the region's default " +
        "endpoint): the host name does not resolve (ENOTFOUND), after the SDK's retries; the run stopped there. " +
        'What to do: check the region, and that this runner can reach AWS (proxy settings such as HTTPS_PROXY, a ' +
        'firewall, DNS).',
    );
  });

  it('leaves errors that came with an answer to the caller', async () => {
    const other = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    await expect(failingCall(other, {})).rejects.toBe(other);
    expect(explainNetwork(other)).toBeUndefined();
    expect(explainNetwork(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });
});
