import { describe, expect, it } from '@jest/globals';
import { parseAppRunnerInputs as parseInputs } from '../../src/targets/apprunner/inputs.ts';
import { IMAGE, ROLE } from './fixtures.ts';

const BASE = { service: 'web-app', image: IMAGE, 'access-role-arn': ROLE, region: 'eu-west-1' };

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return parseInputs((name) => all[name] ?? '', {});
}

describe('custom-domain inputs', () => {
  it('read the domain in lower case, without its final dot, with www off by default', () => {
    expect(parse({ 'custom-domain': 'Shop.Example.com.' }).customDomain).toEqual({
      name: 'shop.example.com',
      www: false,
    });
    expect(parse({ 'custom-domain': 'shop.example.com', 'custom-domain-www': 'true' }).customDomain?.www).toBe(true);
    expect(parse({}).customDomain).toBeUndefined();
  });

  it.each([
    [{ 'custom-domain': 'localhost' }, 'Input `custom-domain`: `localhost` is not a domain name'],
    [{ 'custom-domain': 'https://shop.example.com' }, 'Input `custom-domain`:'],
    [{ 'custom-domain-www': 'true' }, 'Input `custom-domain-www`: goes with `custom-domain`'],
    [
      { 'custom-domain': 'shop.example.com', 'custom-domain-www': 'yes' },
      'Input `custom-domain-www`: `yes` is not a boolean',
    ],
  ])('refuse %j', (inputs, message) => {
    expect(() => parse(inputs)).toThrow(message);
  });
});
