import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoLeaks, startHarness, type Harness, type RunResult } from './support/harness.ts';

/**
 * Inputs the ECS Express action must refuse before any AWS call, each through the bundle. The cases need no AWS state,
 * so they run a few at a time; each is then checked on its own.
 */

const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-web:v1';
const PASTED_SECRET = 'postgres://shop:e2e-canary-db-password@db.internal/shop';

interface BadInput {
  /** The input the error must name (any one of them, when a pair is at fault). */
  input: string | string[];
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Values of this case that must not appear in the log. */
  sensitive?: string[];
  /** More that the error must say (e.g. the valid values). */
  says?: RegExp;
}

const CASES: [string, BadInput][] = [
  ['a service name with a space', { input: 'service', inputs: { service: 'shop web' } }],
  ['a service name of 256 characters', { input: 'service', inputs: { service: 'a'.repeat(256) } }],
  ['a service name with a dot', { input: 'service', inputs: { service: 'shop.web' } }],
  ['a cluster name with a slash', { input: 'cluster', inputs: { cluster: 'prod/web' } }],
  ['a cluster ARN of another service', { input: 'cluster', inputs: { cluster: 'arn:aws:s3:::prod' } }],
  ['an unknown cpu size', { input: 'cpu', inputs: { cpu: '3' } }],
  ['an unknown memory size', { input: 'memory', inputs: { memory: 'lots' } }],
  [
    'a cpu and memory pair Fargate refuses, naming the valid memory sizes',
    { input: ['cpu', 'memory'], inputs: { cpu: '0.25', memory: '4 GB' }, says: /(512|0\.5)[^]*(2048|\b2\b)/ },
  ],
  ['an unknown cpu-architecture', { input: 'cpu-architecture', inputs: { 'cpu-architecture': 'RISCV64' } }],
  ['port 0', { input: 'port', inputs: { port: '0' } }],
  ['port 65536', { input: 'port', inputs: { port: '65536' } }],
  ['a port that is not a number', { input: 'port', inputs: { port: '80a' } }],
  ['an unknown scaling-metric', { input: 'scaling-metric', inputs: { 'scaling-metric': 'latency' } }],
  ['min-tasks above max-tasks', { input: ['min-tasks', 'max-tasks'], inputs: { 'min-tasks': '5', 'max-tasks': '2' } }],
  ['negative min-tasks', { input: 'min-tasks', inputs: { 'min-tasks': '-1' } }],
  ['max-tasks that is not a number', { input: 'max-tasks', inputs: { 'max-tasks': 'many' } }],
  ['a scaling-target that is not a number', { input: 'scaling-target', inputs: { 'scaling-target': 'high' } }],
  ['a scaling-target of 0', { input: 'scaling-target', inputs: { 'scaling-target': '0' } }],
  [
    'an execution role name instead of an ARN',
    { input: 'execution-role-arn', inputs: { 'execution-role-arn': 'ecsTaskExecutionRole' } },
  ],
  [
    'an infrastructure role that is a user',
    { input: 'infrastructure-role-arn', inputs: { 'infrastructure-role-arn': 'arn:aws:iam::123456789012:user/ci' } },
  ],
  [
    'a task role ARN with a short account',
    { input: 'task-role-arn', inputs: { 'task-role-arn': 'arn:aws:iam::1234:role/shop-web-task' } },
  ],
  [
    'subnets without security groups',
    { input: ['vpc-subnets', 'vpc-security-groups'], inputs: { 'vpc-subnets': 'subnet-0a1b2c3d' } },
  ],
  [
    'security groups without subnets',
    { input: ['vpc-security-groups', 'vpc-subnets'], inputs: { 'vpc-security-groups': 'sg-0a1b2c3d' } },
  ],
  [
    'a subnet ID that is not one',
    { input: 'vpc-subnets', inputs: { 'vpc-subnets': 'subnet-xyz', 'vpc-security-groups': 'sg-0a1b2c3d' } },
  ],
  [
    'a health-check-path without a leading /',
    { input: 'health-check-path', inputs: { 'health-check-path': 'health' } },
  ],
  [
    'a secret value instead of a reference',
    { input: 'secrets', inputs: { secrets: `DB_URL=${PASTED_SECRET}` }, sensitive: [PASTED_SECRET] },
  ],
  ['a secrets line without =', { input: 'secrets', inputs: { secrets: 'DB_URL' } }],
  [
    'a name both variable and secret',
    { input: ['secrets', 'env-vars'], inputs: { 'env-vars': 'TOKEN=x', secrets: 'TOKEN=/shop/token' } },
  ],
  ['an env-vars line without =', { input: 'env-vars', inputs: { 'env-vars': 'LOG_LEVEL=info\nNOVALUE' } }],
  ['an env-vars name with a space', { input: 'env-vars', inputs: { 'env-vars': 'LOG LEVEL=info' } }],
  ['an image reference with a space', { input: 'image', inputs: { image: 'shop web:v1' } }],
  [
    'an image with an unsupported transport to push',
    { input: 'image', inputs: { image: 'dir:/tmp/image', 'ecr-repository': 'shop-web' } },
  ],
  ['tags that are broken JSON', { input: 'tags', inputs: { tags: '{"team": "web"' } }],
  ['a tag with the aws: prefix', { input: 'tags', inputs: { tags: 'aws:team=web' } }],
  ['a wait-timeout that is not a number', { input: 'wait-timeout', inputs: { 'wait-timeout': 'soon' } }],
  ['a negative wait-timeout', { input: 'wait-timeout', inputs: { 'wait-timeout': '-5' } }],
  ['an unknown on-busy', { input: 'on-busy', inputs: { 'on-busy': 'queue' } }],
  ['an unknown env-update-strategy', { input: 'env-update-strategy', inputs: { 'env-update-strategy': 'replace' } }],
  ['dry-run 1', { input: 'dry-run', inputs: { 'dry-run': '1' } }],
  ['force-deploy on', { input: 'force-deploy', inputs: { 'force-deploy': 'on' } }],
  ['a region that is not one', { input: 'region', inputs: { region: 'europe' } }],
  ['a start-command that is broken JSON', { input: 'start-command', inputs: { 'start-command': '["node", "x.js"' } }],
  ['copy-env-vars naming a missing variable', { input: 'copy-env-vars', inputs: { 'copy-env-vars': 'NOT_SET_HERE' } }],
  [
    'an App Runner service name that cannot be one',
    { input: 'from-apprunner-service', inputs: { 'from-apprunner-service': 'legacy web!' } },
  ],
  [
    'push-concurrency 32',
    {
      input: 'push-concurrency',
      inputs: { 'ecr-repository': 'shop-web', image: 'oci:/tmp/layout', 'push-concurrency': '32' },
    },
  ],
];

const BATCH = 4;
/** A refusal comes before any AWS call, within a second or so: a case still running after this has hung. */
const CASE_TIMEOUT_MS = 15_000;

let harness: Harness;
const results = new Map<string, RunResult>();

beforeAll(async () => {
  harness = await startHarness({ action: 'ecs-express' });
  for (let start = 0; start < CASES.length; start += BATCH) {
    const batch = CASES.slice(start, start + BATCH);
    const runs = batch.map(([, bad]) =>
      harness.run(
        {
          service: 'shop-web',
          image: IMAGE,
          'execution-role-arn': ROLE('ecsTaskExecutionRole'),
          'infrastructure-role-arn': ROLE('ecsInfrastructureRoleForExpressServices'),
          ...bad.inputs,
        },
        { env: bad.env, timeoutMs: CASE_TIMEOUT_MS },
      ),
    );
    (await Promise.all(runs)).forEach((result, index) => results.set(batch[index][0], result));
  }
}, 240_000);
afterAll(() => harness.emulator.stop());

describe('ECS Express: bad inputs, refused by the bundle before any AWS call', () => {
  it('has at least 20 cases, each with a different title', () => {
    expect(new Set(CASES.map(([title]) => title)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(20);
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
    const names = typeof bad.input === 'string' ? [bad.input] : bad.input;
    const named = names.some((name) => new RegExp(`(^|[^a-z-])${name}([^a-z-]|$)`).test(result.errors[0]));
    expect({ error: result.errors[0], namesInput: named }).toEqual({ error: result.errors[0], namesInput: true });
    if (bad.says) expect(result.errors[0]).toMatch(bad.says);
    expect(result.outputs).toEqual({});
    expectNoLeaks(result, bad.sensitive);
  });

  it('made no AWS call at all, mutating or not, and no GitHub call', () => {
    expect(harness.emulator.calls().map((call) => call.operation)).toEqual([]);
    expect(harness.emulator.githubCalls()).toEqual([]);
  });
});
