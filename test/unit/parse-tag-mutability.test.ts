import { describe, expect, it } from '@jest/globals';
import { parseAppRunnerInputs as parseInputs } from '../../src/targets/apprunner/inputs.ts';
import { ROLE } from './fixtures.ts';

const BASE = {
  service: 'web-app',
  image: 'oci:/tmp/layout',
  'ecr-repository': 'web',
  'image-tags': 'v1',
  'access-role-arn': ROLE,
  region: 'eu-west-1',
};

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return parseInputs((name) => all[name] ?? '', {}).push;
}

describe('repository-tag-mutability and its exclusions', () => {
  it.each(['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'])('takes %s', (value) => {
    const exclusions = value.endsWith('_WITH_EXCLUSION') ? 'latest' : '';
    expect(
      parse({ 'repository-tag-mutability': value, 'repository-tag-mutability-exclusions': exclusions })?.tagMutability,
    ).toBe(value);
  });

  it('reads 1-5 wildcard filters, comma or newline separated', () => {
    const push = parse({
      'repository-tag-mutability': 'IMMUTABLE_WITH_EXCLUSION',
      'repository-tag-mutability-exclusions': 'latest, dev-*\nrelease-*.rc',
    });
    expect(push?.tagMutabilityExclusions).toEqual(['latest', 'dev-*', 'release-*.rc']);
  });

  it('leaves exclusions undefined without them', () => {
    expect(parse({ 'repository-tag-mutability': 'IMMUTABLE' })?.tagMutabilityExclusions).toBeUndefined();
  });

  it.each([
    [{ 'repository-tag-mutability': 'IMMUTABLE_WITH_EXCLUSION' }, 'is required with `IMMUTABLE_WITH_EXCLUSION`'],
    [{ 'repository-tag-mutability': 'IMMUTABLE', 'repository-tag-mutability-exclusions': 'latest' }, 'goes with'],
    [{ 'repository-tag-mutability-exclusions': 'latest' }, 'goes with'],
    [
      { 'repository-tag-mutability': 'MUTABLE_WITH_EXCLUSION', 'repository-tag-mutability-exclusions': 'a,b,c,d,e,f' },
      'has 6 filters; ECR takes 1 to 5',
    ],
    [
      { 'repository-tag-mutability': 'MUTABLE_WITH_EXCLUSION', 'repository-tag-mutability-exclusions': 'v1/x' },
      '`v1/x` is not a tag filter',
    ],
    [{ 'repository-tag-mutability': 'SOMETIMES' }, 'use one of `MUTABLE`, `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION`'],
  ])('refuses %j', (inputs, message) => {
    const name =
      'repository-tag-mutability-exclusions' in inputs && !message.startsWith('use')
        ? 'repository-tag-mutability-exclusions'
        : undefined;
    expect(() => parse(inputs)).toThrow(message);
    if (name && message !== 'is required with `IMMUTABLE_WITH_EXCLUSION`')
      expect(() => parse(inputs)).toThrow(`Input \`${name}\``);
  });

  it('refuses exclusions without ecr-repository', () => {
    expect(() =>
      parse({ 'ecr-repository': '', 'image-tags': '', 'repository-tag-mutability-exclusions': 'latest' }),
    ).toThrow('Input `repository-tag-mutability-exclusions`: goes with `ecr-repository`');
  });
});
