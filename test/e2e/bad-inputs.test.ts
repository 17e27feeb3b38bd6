import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoLeaks, startHarness, type Harness, type RunResult } from './support/harness.ts';

/**
 * Inputs the action must refuse before any AWS call, each through the bundle. The cases need no AWS state, so they
 * run a few at a time; each is then checked on its own.
 */

const ROLE = 'arn:aws:iam::123456789012:role/AppRunnerECRAccessRole';
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-web:v1';
const CONNECTOR = 'arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/shared/1/0123456789abcdef0123456789abcdef';

interface BadInput {
  /** The input the error must name. */
  input: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Values of this case that must not appear in the log. */
  sensitive?: string[];
}

const PASTED_SECRET = 'postgres://shop:e2e-canary-db-password@db.internal/shop';

const CASES: [string, BadInput][] = [
  ['a service name that is too short', { input: 'service', inputs: { service: 'web' } }],
  ['a service name with a space', { input: 'service', inputs: { service: 'shop web' } }],
  ['a Docker Hub image', { input: 'image', inputs: { image: 'nginx:latest' } }],
  [
    'an image with an unsupported transport to push',
    {
      input: 'image',
      inputs: { image: 'dir:/tmp/image', 'ecr-repository': 'shop-web' },
    },
  ],
  ['no region anywhere', { input: 'region', inputs: {}, env: { AWS_REGION: '' } }],
  ['a region that is not one', { input: 'region', inputs: { region: 'europe' } }],
  ['an unknown cpu size', { input: 'cpu', inputs: { cpu: '3' } }],
  ['an unknown memory size', { input: 'memory', inputs: { memory: '5 GB' } }],
  ['a cpu and memory pair App Runner refuses', { input: 'cpu', inputs: { cpu: '0.25', memory: '4' } }],
  ['port 0', { input: 'port', inputs: { port: '0' } }],
  ['a port that is not a number', { input: 'port', inputs: { port: '80a' } }],
  [
    'an access role that is not an ARN',
    { input: 'access-role-arn', inputs: { 'access-role-arn': 'AppRunnerECRAccessRole' } },
  ],
  [
    'an instance role with a short account',
    {
      input: 'instance-role-arn',
      inputs: { 'instance-role-arn': 'arn:aws:iam::1234:role/AppRunnerInstanceRole' },
    },
  ],
  ['an env-vars line without =', { input: 'env-vars', inputs: { 'env-vars': 'LOG_LEVEL=info\nNOVALUE' } }],
  ['a reserved variable name', { input: 'env-vars', inputs: { 'env-vars': 'AWSAPPRUNNER_MODE=1' } }],
  // A value pasted where its reference belongs is a secret itself: the error must not print it.
  [
    'a secret value instead of a reference',
    {
      input: 'secrets',
      inputs: { secrets: `DB_URL=${PASTED_SECRET}` },
      sensitive: [PASTED_SECRET],
    },
  ],
  [
    'a name both variable and secret',
    {
      input: 'secrets',
      inputs: { 'env-vars': 'TOKEN=x', secrets: 'TOKEN=/shop/token' },
    },
  ],
  ['an unknown env-update-strategy', { input: 'env-update-strategy', inputs: { 'env-update-strategy': 'replace' } }],
  ['copy-env-vars naming a missing variable', { input: 'copy-env-vars', inputs: { 'copy-env-vars': 'NOT_SET_HERE' } }],
  [
    'copy-secret-env-vars whose value is not a reference',
    {
      input: 'copy-secret-env-vars',
      inputs: { 'copy-secret-env-vars': 'DB_SECRET' },
      env: { DB_SECRET: PASTED_SECRET },
      sensitive: [PASTED_SECRET],
    },
  ],
  [
    'copy-env-vars naming a reserved variable',
    {
      input: 'copy-env-vars',
      inputs: { 'copy-env-vars': 'AWSAPPRUNNER_MODE' },
      env: { AWSAPPRUNNER_MODE: 'fast' },
    },
  ],
  [
    'a malformed connector ARN',
    {
      input: 'vpc-connector-arn',
      inputs: { 'vpc-connector-arn': 'arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/shared' },
    },
  ],
  [
    'a connector ARN and subnets together',
    {
      input: 'vpc-connector-arn',
      inputs: {
        'vpc-connector-arn': CONNECTOR,
        'vpc-subnets': 'subnet-0a1b2c3d',
        'vpc-security-groups': 'sg-0a1b2c3d',
      },
    },
  ],
  ['subnets without security groups', { input: 'vpc-subnets', inputs: { 'vpc-subnets': 'subnet-0a1b2c3d' } }],
  [
    'security groups without subnets',
    { input: 'vpc-security-groups', inputs: { 'vpc-security-groups': 'sg-0a1b2c3d' } },
  ],
  [
    'a subnet ID that is not one',
    {
      input: 'vpc-subnets',
      inputs: { 'vpc-subnets': 'subnet-xyz', 'vpc-security-groups': 'sg-0a1b2c3d' },
    },
  ],
  [
    'a connector name without subnets',
    { input: 'vpc-connector-name', inputs: { 'vpc-connector-name': 'shop-egress' } },
  ],
  ['egress vpc without a connector', { input: 'egress', inputs: { egress: 'vpc' } }],
  [
    'egress default with a connector',
    { input: 'egress', inputs: { egress: 'default', 'vpc-connector-arn': CONNECTOR } },
  ],
  ['an unknown ingress', { input: 'ingress', inputs: { ingress: 'internal' } }],
  ['an unknown health check protocol', { input: 'health-check-protocol', inputs: { 'health-check-protocol': 'UDP' } }],
  [
    'a health check path without /',
    {
      input: 'health-check-path',
      inputs: { 'health-check-protocol': 'HTTP', 'health-check-path': 'health' },
    },
  ],
  [
    'a health check path on TCP',
    {
      input: 'health-check-path',
      inputs: { 'health-check-protocol': 'TCP', 'health-check-path': '/health' },
    },
  ],
  ['a health check interval over 20', { input: 'health-check-interval', inputs: { 'health-check-interval': '30' } }],
  [
    'an auto scaling name instead of an ARN',
    { input: 'auto-scaling-config-arn', inputs: { 'auto-scaling-config-arn': 'default' } },
  ],
  [
    'an observability ARN of the wrong kind',
    {
      input: 'observability-config-arn',
      inputs: { 'observability-config-arn': CONNECTOR },
    },
  ],
  [
    'scaling values with an auto scaling ARN',
    {
      input: 'min-instances',
      inputs: {
        'min-instances': '2',
        'auto-scaling-config-arn': `arn:aws:apprunner:eu-west-1:123456789012:autoscalingconfiguration/high/1/${'a'.repeat(32)}`,
      },
    },
  ],
  [
    'min-instances above max-instances',
    { input: 'min-instances', inputs: { 'min-instances': '4', 'max-instances': '2' } },
  ],
  ['max-concurrency 0', { input: 'max-concurrency', inputs: { 'max-concurrency': '0' } }],
  [
    'an auto scaling name without values',
    { input: 'auto-scaling-config-name', inputs: { 'auto-scaling-config-name': 'high-availability' } },
  ],
  [
    'an image with a repo',
    {
      input: 'repo',
      inputs: {
        repo: 'https://github.com/octo-org/shop-web',
        'source-connection-arn': `arn:aws:apprunner:eu-west-1:123456789012:connection/github/${'c'.repeat(32)}`,
      },
    },
  ],
  ['a runtime without a repo', { input: 'runtime', inputs: { image: '', runtime: 'NODEJS_18' } }],
  [
    'an unknown runtime',
    {
      input: 'runtime',
      inputs: {
        image: '',
        repo: 'https://github.com/octo-org/shop-web',
        'source-connection-arn': `arn:aws:apprunner:eu-west-1:123456789012:connection/github/${'c'.repeat(32)}`,
        runtime: 'NODEJS_99',
      },
    },
  ],
  [
    'a repo without a connection',
    {
      input: 'source-connection-arn',
      inputs: { image: '', repo: 'https://github.com/octo-org/shop-web', runtime: 'NODEJS_18' },
    },
  ],
  [
    'a repo that is not a GitHub or Bitbucket URL',
    {
      input: 'repo',
      inputs: {
        image: '',
        repo: 'git@github.com:octo-org/shop-web.git',
        'source-connection-arn': `arn:aws:apprunner:eu-west-1:123456789012:connection/github/${'c'.repeat(32)}`,
      },
    },
  ],
  [
    'a build command with configuration-source repository',
    {
      input: 'build-command',
      inputs: {
        image: '',
        repo: 'https://github.com/octo-org/shop-web',
        'source-connection-arn': `arn:aws:apprunner:eu-west-1:123456789012:connection/github/${'c'.repeat(32)}`,
        'configuration-source': 'repository',
        'build-command': 'npm run build',
      },
    },
  ],
  ['a custom domain that is not a domain', { input: 'custom-domain', inputs: { 'custom-domain': 'https://shop' } }],
  ['custom-domain-www without a domain', { input: 'custom-domain-www', inputs: { 'custom-domain-www': 'true' } }],
  ['an unknown tracing vendor', { input: 'tracing', inputs: { tracing: 'datadog' } }],
  [
    'tracing with an observability ARN',
    {
      input: 'tracing',
      inputs: {
        tracing: 'xray',
        'observability-config-arn': `arn:aws:apprunner:eu-west-1:123456789012:observabilityconfiguration/xray/1/${'b'.repeat(32)}`,
      },
    },
  ],
  ['a KMS alias instead of a key ARN', { input: 'kms-key-arn', inputs: { 'kms-key-arn': 'alias/shop' } }],
  ['tags that are broken JSON', { input: 'tags', inputs: { tags: '{"team": "web"' } }],
  ['a tag with the aws: prefix', { input: 'tags', inputs: { tags: 'aws:team=web' } }],
  ['auto-deployments yes', { input: 'auto-deployments', inputs: { 'auto-deployments': 'yes' } }],
  ['an unknown on-create-failed', { input: 'on-create-failed', inputs: { 'on-create-failed': 'delete' } }],
  ['an unknown on-paused', { input: 'on-paused', inputs: { 'on-paused': 'ignore' } }],
  ['an unknown on-busy', { input: 'on-busy', inputs: { 'on-busy': 'queue' } }],
  ['preflight maybe', { input: 'preflight', inputs: { preflight: 'maybe' } }],
  ['dry-run 1', { input: 'dry-run', inputs: { 'dry-run': '1' } }],
  ['force-deploy on', { input: 'force-deploy', inputs: { 'force-deploy': 'on' } }],
  ['wait no', { input: 'wait', inputs: { wait: 'no' } }],
  ['a wait-timeout under 10 s', { input: 'wait-timeout', inputs: { 'wait-timeout': '5' } }],
  [
    'wait-for-service-stability-seconds over 3600',
    {
      input: 'wait-for-service-stability-seconds',
      inputs: { 'wait-for-service-stability-seconds': '5000' },
    },
  ],
  [
    'wait-for-service-stability sometimes',
    {
      input: 'wait-for-service-stability',
      inputs: { 'wait-for-service-stability': 'sometimes' },
    },
  ],
  [
    'an ECR repository name with capitals',
    {
      input: 'ecr-repository',
      inputs: { 'ecr-repository': 'Shop_Web', image: 'oci:/tmp/layout' },
    },
  ],
  ['image-tags without ecr-repository', { input: 'image-tags', inputs: { 'image-tags': 'v1' } }],
  [
    'push-concurrency 32',
    {
      input: 'push-concurrency',
      inputs: { 'ecr-repository': 'shop-web', image: 'oci:/tmp/layout', 'push-concurrency': '32' },
    },
  ],
  [
    'an unknown tag mutability',
    {
      input: 'repository-tag-mutability',
      inputs: { 'ecr-repository': 'shop-web', image: 'oci:/tmp/layout', 'repository-tag-mutability': 'FROZEN' },
    },
  ],
];

const BATCH = 4;
/** A refusal comes before any AWS call, within a second or so: a case still running after this has hung. */
const CASE_TIMEOUT_MS = 15_000;

let harness: Harness;
const results = new Map<string, RunResult>();

beforeAll(async () => {
  harness = await startHarness();
  for (let start = 0; start < CASES.length; start += BATCH) {
    const batch = CASES.slice(start, start + BATCH);
    const runs = batch.map(([, bad]) =>
      harness.run(
        { service: 'shop-web', image: IMAGE, 'access-role-arn': ROLE, ...bad.inputs },
        { env: bad.env, timeoutMs: CASE_TIMEOUT_MS },
      ),
    );
    (await Promise.all(runs)).forEach((result, index) => results.set(batch[index][0], result));
  }
}, 180_000);
afterAll(() => harness.emulator.stop());

describe('bad inputs, refused by the bundle before any AWS call', () => {
  it('has at least 25 cases, each with a different title', () => {
    expect(new Set(CASES.map(([title]) => title)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('%s', (title, bad) => {
    const result = results.get(title);
    expect(result).toBeDefined();
    if (!result) return;
    expect({ timedOut: result.timedOut, exitCode: result.exitCode, errors: result.errors.length }).toEqual({
      timedOut: false,
      exitCode: 1,
      errors: 1,
    });
    expect(result.errors[0]).toMatch(new RegExp(`^Input \`${bad.input}\`: `));
    expect(result.outputs).toEqual({});
    expectNoLeaks(result, bad.sensitive);
  });

  it('made no AWS call at all, mutating or not, and no GitHub call', () => {
    expect(harness.emulator.calls()).toEqual([]);
    expect(harness.emulator.githubCalls()).toEqual([]);
  });
});
