import { describe, expect, it } from '@jest/globals';
import { parseAppRunnerInputs as parseInputs } from '../../src/targets/apprunner/inputs.ts';
import { CONNECTOR_ARN, IMAGE, ROLE, SECRET_ARN } from './fixtures.ts';

const BASE = { service: 'web-app', image: IMAGE, 'access-role-arn': ROLE, region: 'eu-west-1' };

function parse(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return parseInputs((name) => all[name] ?? '', env);
}

describe('parseInputs', () => {
  it('reads the minimal inputs with the documented defaults', () => {
    expect(parse({})).toMatchObject({
      service: 'web-app',
      region: 'eu-west-1',
      image: { identifier: IMAGE, registry: 'ECR' },
      envUpdateStrategy: 'merge',
      autoDeployments: false,
      onCreateFailed: 'fail',
      onPaused: 'fail',
      onBusy: 'wait',
      preflight: true,
      dryRun: false,
      wait: true,
      waitTimeoutSeconds: 1800,
    });
    expect(parse({}).cpu).toBeUndefined();
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, and never guesses', () => {
    expect(parse({ region: '' }, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-central-1' }).region).toBe(
      'us-west-2',
    );
    expect(parse({ region: '' }, { AWS_DEFAULT_REGION: 'eu-central-1' }).region).toBe('eu-central-1');
    expect(() => parse({ region: '' })).toThrow('Input `region`: is not set, nor AWS_REGION or AWS_DEFAULT_REGION');
  });

  it('copies runner variables as the official action does', () => {
    const config = parse(
      { 'copy-env-vars': 'LOG_LEVEL\nFEATURE', 'copy-secret-env-vars': 'DB_SECRET', 'env-vars': 'A=1' },
      { LOG_LEVEL: 'debug', FEATURE: 'on', DB_SECRET: SECRET_ARN },
    );
    expect(config.envVars).toEqual({ A: '1', LOG_LEVEL: 'debug', FEATURE: 'on' });
    expect(config.secrets).toEqual({ DB_SECRET: expect.objectContaining({ value: SECRET_ARN }) });
    expect(() => parse({ 'copy-env-vars': 'MISSING' })).toThrow(
      'Input `copy-env-vars`: the runner has no environment variable `MISSING`',
    );
  });

  it('maps the official wait inputs onto wait and wait-timeout', () => {
    expect(parse({ 'wait-for-service-stability': 'false' }).wait).toBe(false);
    expect(parse({ wait: 'false', 'wait-for-service-stability-seconds': '300' })).toMatchObject({
      wait: true,
      waitTimeoutSeconds: 300,
    });
    expect(() => parse({ 'wait-for-service-stability-seconds': '5' })).toThrow('from 10 to 3600');
  });

  it('finds a connector by network, sorted, with a default name', () => {
    const config = parse({ 'vpc-subnets': 'subnet-0bbbbbbb, subnet-0aaaaaaa', 'vpc-security-groups': 'sg-01234567' });
    expect(config.connector).toEqual({
      kind: 'network',
      name: 'web-app-egress',
      nameGiven: false,
      subnets: ['subnet-0aaaaaaa', 'subnet-0bbbbbbb'],
      securityGroups: ['sg-01234567'],
    });
    expect(config.egress).toBe('VPC');
    expect(parse({ 'vpc-connector-arn': CONNECTOR_ARN }).connector).toEqual({ kind: 'arn', arn: CONNECTOR_ARN });
    expect(parse({ egress: 'default' }).egress).toBe('DEFAULT');
    expect(parse({}).egress).toBeUndefined();
  });

  it('reads a push: local source, repository, tags defaulting to the commit', () => {
    const config = parse({ image: 'oci:/tmp/layout:v1', 'ecr-repository': 'team/web' }, { GITHUB_SHA: 'abc123' });
    expect(config.image).toBeUndefined();
    expect(config.push).toEqual({
      source: { kind: 'oci', path: '/tmp/layout', reference: 'v1' },
      sourceName: 'oci:/tmp/layout:v1',
      repository: 'team/web',
      tags: ['abc123'],
      createRepository: true,
      concurrency: 4,
      tagMutability: undefined,
      kmsKeyArn: undefined,
    });
  });

  it.each([
    [{ service: 'abc' }, 'service', '4-40'],
    [{ service: 'has space' }, 'service', '4-40'],
    [{ image: 'nginx:latest' }, 'image', 'not an image App Runner can deploy'],
    [{ cpu: '3' }, 'cpu', '0.25, 0.5, 1, 2 or 4'],
    [{ memory: '5 GB' }, 'memory', 'not an App Runner size'],
    [{ cpu: '0.25', memory: '4' }, 'cpu', 'not a valid pair'],
    [{ port: '70000' }, 'port', 'from 1 to 65535'],
    [{ 'access-role-arn': 'role/x' }, 'access-role-arn', 'arn:aws:iam::123456789012:role/NAME'],
    [{ 'env-vars': 'NOVALUE' }, 'env-vars', 'not `KEY=VALUE`'],
    [{ 'env-vars': 'AWSAPPRUNNER_X=1' }, 'env-vars', 'reserved'],
    [{ secrets: 'DB=password123 with spaces' }, 'secrets', 'must be a Secrets Manager secret ARN'],
    [{ secrets: `A=${SECRET_ARN}`, 'env-vars': 'A=1' }, 'secrets', 'both a variable and a secret'],
    [{ 'env-update-strategy': 'replace' }, 'env-update-strategy', '`merge`, `overwrite`'],
    [
      { 'vpc-connector-arn': CONNECTOR_ARN, 'vpc-subnets': 'subnet-0aaaaaaa' },
      'vpc-connector-arn',
      'exclude each other',
    ],
    [{ 'vpc-subnets': 'subnet-0aaaaaaa' }, 'vpc-subnets', 'needs `vpc-security-groups`'],
    [{ 'vpc-subnets': 'subnet-xyz', 'vpc-security-groups': 'sg-01234567' }, 'vpc-subnets', 'not a subnet ID'],
    [{ egress: 'vpc' }, 'egress', 'needs `vpc-connector-arn`'],
    [{ egress: 'default', 'vpc-connector-arn': CONNECTOR_ARN }, 'egress', 'public egress'],
    [{ ingress: 'internal' }, 'ingress', '`public`, `private`'],
    [{ 'health-check-interval': '21' }, 'health-check-interval', 'from 1 to 20'],
    [{ 'health-check-path': 'health' }, 'health-check-path', 'must start with /'],
    [{ 'health-check-protocol': 'TCP', 'health-check-path': '/h' }, 'health-check-path', 'only applies to `HTTP`'],
    [{ tags: '{bad json' }, 'tags', 'does not parse'],
    [{ 'on-create-failed': 'delete' }, 'on-create-failed', '`fail`, `update`, `recreate`'],
    [{ 'wait-timeout': '5' }, 'wait-timeout', 'from 10 to 21600'],
    [{ 'dry-run': 'maybe' }, 'dry-run', 'not a boolean'],
    [{ 'ecr-repository': 'Bad_Repo' }, 'ecr-repository', 'not an ECR repository name'],
    [{ 'image-tags': 'v1' }, 'image-tags', 'goes with `ecr-repository`'],
    [{ 'ecr-repository': 'web', 'push-concurrency': '0', image: 'oci:/x' }, 'push-concurrency', 'from 1 to 16'],
    [{ 'ecr-repository': 'web', image: 'ftp://x' }, 'image', ''],
    [{ 'kms-key-arn': 'alias/x' }, 'kms-key-arn', 'arn:aws:kms'],
    [{ region: 'Europe' }, 'region', 'not an AWS region'],
  ])('refuses %j naming `%s`', (inputs, input, words) => {
    expect(() => parse(inputs as Record<string, string>, { GITHUB_SHA: 'abc' })).toThrow(`Input \`${input}\`: `);
    expect(() => parse(inputs as Record<string, string>, { GITHUB_SHA: 'abc' })).toThrow(words);
  });
});
