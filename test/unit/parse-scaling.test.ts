import { describe, expect, it } from '@jest/globals';
import { parseAppRunnerInputs as parseInputs } from '../../src/targets/apprunner/inputs.ts';
import { IMAGE, ROLE } from './fixtures.ts';

const BASE = { service: 'web-app', image: IMAGE, 'access-role-arn': ROLE, region: 'eu-west-1' };
const SCALING_ARN = `arn:aws:apprunner:eu-west-1:123456789012:autoscalingconfiguration/high/1/${'3'.repeat(32)}`;
const TRACING_ARN = `arn:aws:apprunner:eu-west-1:123456789012:observabilityconfiguration/xray/1/${'4'.repeat(32)}`;

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return parseInputs((name) => all[name] ?? '', {});
}

describe('scaling inputs', () => {
  it('fill what is left out with AWS defaults and name the configuration after the service', () => {
    expect(parse({ 'max-instances': '4' }).scaling).toEqual({
      name: 'web-app',
      minSize: 1,
      maxSize: 4,
      maxConcurrency: 100,
    });
    expect(parse({}).scaling).toBeUndefined();
  });

  it('cut a long service name to the 32 characters a configuration name may have', () => {
    const service = `a${'b'.repeat(39)}`;
    expect(parse({ service, 'min-instances': '2' }).scaling?.name).toBe(service.slice(0, 32));
    expect(parse({ 'min-instances': '2', 'auto-scaling-config-name': 'high-availability' }).scaling?.name).toBe(
      'high-availability',
    );
  });

  it.each([
    [{ 'min-instances': '0' }, 'Input `min-instances`: `0` must be a whole number from 1 to 25.'],
    [{ 'max-concurrency': '201' }, 'Input `max-concurrency`: `201` must be a whole number from 1 to 200.'],
    [{ 'min-instances': '5', 'max-instances': '3' }, 'Input `min-instances`: min-instances (5) must not exceed'],
    [
      { 'min-instances': '2', 'auto-scaling-config-arn': SCALING_ARN },
      'Input `min-instances`: and `auto-scaling-config-arn` exclude each other',
    ],
    [
      { 'max-concurrency': '50', 'auto-scaling-config-arn': SCALING_ARN },
      'Input `max-concurrency`: and `auto-scaling-config-arn`',
    ],
    [
      { 'auto-scaling-config-name': 'high-availability' },
      'Input `auto-scaling-config-name`: goes with `min-instances`',
    ],
    [
      { 'min-instances': '1', 'auto-scaling-config-name': 'x y' },
      'Input `auto-scaling-config-name`: `x y` must be 4-32',
    ],
  ])('refuse %j', (inputs, message) => {
    expect(() => parse(inputs)).toThrow(message);
  });
});

describe('tracing input', () => {
  it('is off, xray or left out, and excludes an observability ARN', () => {
    expect(parse({ tracing: 'xray' }).tracing).toBe('xray');
    expect(parse({ tracing: 'OFF' }).tracing).toBe('off');
    expect(parse({}).tracing).toBeUndefined();
    expect(() => parse({ tracing: 'datadog' })).toThrow(
      'Input `tracing`: `datadog` is not allowed; use one of `off`, `xray`.',
    );
    expect(() => parse({ tracing: 'xray', 'observability-config-arn': TRACING_ARN })).toThrow(
      'Input `tracing`: and `observability-config-arn` exclude each other',
    );
  });
});
