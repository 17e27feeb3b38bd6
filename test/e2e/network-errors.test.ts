import { describe, expect, it } from '@jest/globals';
import { expectFailure, expectNoLeaks, seedRunningService } from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

/** A deploy of a seeded service, run with these endpoint variables over the emulator's. */
async function runWith(name: string, env: Record<string, string>) {
  const { v2 } = seedRunningService(harness.emulator, name);
  return harness.run({ service: name, image: v2 }, { env });
}

describe('an endpoint the SDK cannot reach', () => {
  it('names a refused endpoint, the variable it came from and what to check', async () => {
    const result = await runWith('refused-svc', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' });

    expectFailure(result, 'could not reach http://127.0.0.1:1 (from AWS_ENDPOINT_URL)');
    expect(result.errors[0]).toMatch(/^App Runner \w+ could not reach/);
    expect(result.errors[0]).toContain('connection was refused');
    expect(result.errors[0]).toContain('(ECONNREFUSED)');
    expect(result.errors[0]).toContain('check AWS_ENDPOINT_URL');
    expectNoLeaks(result);
  });

  it('names a host that does not resolve, and the per-service variable that set it', async () => {
    const result = await runWith('unresolved-svc', { AWS_ENDPOINT_URL_APPRUNNER: 'http://apprunner.example.invalid' });

    expectFailure(result, 'could not reach http://apprunner.example.invalid (from AWS_ENDPOINT_URL_APPRUNNER)');
    expect(result.errors[0]).toMatch(/host name (does not resolve|could not be resolved) \((ENOTFOUND|EAI_AGAIN)\)/);
    expect(result.errors[0]).toContain('check AWS_ENDPOINT_URL_APPRUNNER');
    expect(harness.emulator.calls().filter((call) => call.service === 'apprunner')).toEqual([]);
    expectNoLeaks(result);
  });
});

describe('an AWS_ENDPOINT_URL* variable that is no URL', () => {
  it.each([
    ['AWS_ENDPOINT_URL', '127.0.0.1:4566'],
    ['AWS_ENDPOINT_URL_ECR', 'localhost:4566'],
    ['AWS_ENDPOINT_URL_APPRUNNER', 'apprunner.eu-west-1.amazonaws.com'],
  ])('refuses %s=%s before any call, naming the variable', async (variable, value) => {
    const result = await runWith(`bad-url-${variable.length}`, { [variable]: value });

    expectFailure(result, `Environment variable ${variable} is \`${value}\`, not a URL the AWS SDK can call`);
    expect(result.errors[0]).toContain('give the scheme and host');
    expect(result.errors[0]).not.toContain('UnknownError');
    expect(harness.emulator.calls()).toEqual([]);
    expectNoLeaks(result);
  });
});
