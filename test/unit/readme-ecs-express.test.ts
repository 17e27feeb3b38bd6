import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// The README's ECS Express Mode section and ecs-express/action.yml, held to each other as readme.test.ts holds the
// App Runner tables to action.yml.

interface ActionYaml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync('ecs-express/action.yml', 'utf8')) as ActionYaml;
const readme = readFileSync('README.md', 'utf8');

/** The text under a heading (`## X` or `### X`) up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Rows of the first markdown table in a text: first cell (unquoted) → the other cells. */
function tableRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const name = /^`([\w-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells.slice(2, -1));
  }
  return rows;
}

const oneLine = (text: string) => text.split(/\s+/).join(' ').trim();

/** The `with:` keys of every step in the YAML blocks of a text that uses the given action reference. */
function withKeysOf(text: string, uses: string): string[][] {
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
  const found: string[][] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    lines.forEach((line, index) => {
      if (!line.trim().replace(/^- /, '').startsWith(`uses: ${uses}`)) return;
      const indent = line.search(/\S/) + (line.trim().startsWith('- ') ? 2 : 0);
      const keys: string[] = [];
      let inWith = false;
      for (const next of lines.slice(index + 1)) {
        const at = next.search(/\S/);
        if (at < 0) continue;
        if (at < indent || (at === indent && next.trim().startsWith('- '))) break;
        if (at === indent) inWith = next.trim() === 'with:';
        else if (inWith && at === indent + 2) keys.push(next.trim().split(':')[0]);
      }
      found.push(keys);
    });
  }
  return found;
}

const express = section('## ECS Express Mode');
const migration = section('## Migrating from App Runner');

describe('README and ecs-express/action.yml', () => {
  it('has the sections, after the first screen', () => {
    expect(express.length).toBeGreaterThan(0);
    expect(migration.length).toBeGreaterThan(0);
    expect(readme.indexOf('## ECS Express Mode')).toBeGreaterThan(readme.indexOf('## Quick start'));
    expect(express).toContain('30 April 2026');
  });

  it('document the same inputs, with the same defaults and the same descriptions', () => {
    const documented = tableRows(section('### Express inputs'));
    expect([...documented.keys()]).toEqual(Object.keys(action.inputs));
    for (const [name, input] of Object.entries(action.inputs)) {
      const expected = input.required ? '**required**' : input.default === undefined ? '' : `\`${input.default}\``;
      expect(`${name}: ${documented.get(name)?.[0]}`).toBe(`${name}: ${expected}`);
      expect(`${name}: ${oneLine(documented.get(name)?.[1] ?? '')}`).toBe(`${name}: ${oneLine(input.description)}`);
    }
  });

  it('document the same outputs, with the same descriptions', () => {
    const documented = tableRows(section('### Express outputs'));
    expect([...documented.keys()]).toEqual(Object.keys(action.outputs));
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(`${name}: ${oneLine(documented.get(name)?.[0] ?? '')}`).toBe(`${name}: ${oneLine(output.description)}`);
    }
  });

  it('runs on node24, as the comparison with the official action says', () => {
    expect(action.runs.using).toBe('node24');
    expect(section('### Compared with aws-actions/amazon-ecs-deploy-express-service')).toMatch(/node20 \| node24/);
  });

  it('shows examples that pass only inputs the action declares, and every required one', () => {
    const uses = 'apprunner-deploy-action/apprunner-deploy-action/ecs-express@v1';
    const steps = [...withKeysOf(express, uses), ...withKeysOf(migration, uses)];
    expect(steps.length).toBe(2);
    const required = Object.entries(action.inputs)
      .filter(([, input]) => input.required)
      .map(([name]) => name);
    for (const keys of steps) {
      expect(keys.filter((key) => !(key in action.inputs))).toEqual([]);
      expect(keys).toEqual(expect.arrayContaining(required));
    }
    expect(steps[1]).toContain('from-apprunner-service');
  });
});

describe('README: the Express IAM policy', () => {
  const policy = JSON.parse(/```json\n([\s\S]*?)```/.exec(section('### Express IAM policy'))?.[1] ?? '{}') as {
    Statement: Array<{ Action: string | string[]; Resource: string | string[]; Condition?: unknown }>;
  };
  const actions = policy.Statement.flatMap((statement) => [statement.Action].flat());

  it('allows exactly the actions the action calls', () => {
    expect([...new Set(actions)].sort()).toEqual(
      [
        'ecs:DescribeServices',
        'ecs:DescribeExpressGatewayService',
        'ecs:CreateExpressGatewayService',
        'ecs:UpdateExpressGatewayService',
        'ecs:ListServiceDeployments',
        'ecs:DescribeServiceDeployments',
        'ecs:ListTasks',
        'ecs:DescribeTasks',
        'ecs:TagResource',
        'ecs:UntagResource',
        'ecs:ListTagsForResource',
        'logs:FilterLogEvents',
        'iam:PassRole',
        'ecr:GetAuthorizationToken',
        'ecr:DescribeRepositories',
        'ecr:CreateRepository',
        'ecr:DescribeImages',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchCheckLayerAvailability',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
        'secretsmanager:DescribeSecret',
        'ssm:DescribeParameters',
        'apprunner:ListServices',
        'apprunner:DescribeService',
        'apprunner:ListTagsForResource',
        'apprunner:DescribeVpcConnector',
      ].sort(),
    );
  });

  it('passes each role only to the service that uses it', () => {
    const passRole = policy.Statement.filter((statement) => statement.Action === 'iam:PassRole');
    const passedTo = passRole.map((statement) => ({
      roles: [statement.Resource].flat().length,
      service: (statement.Condition as { StringEquals: Record<string, string> }).StringEquals['iam:PassedToService'],
    }));
    // Execution and task roles to ECS tasks; the infrastructure role to ECS itself.
    expect(passedTo).toEqual([
      { roles: 2, service: 'ecs-tasks.amazonaws.com' },
      { roles: 1, service: 'ecs.amazonaws.com' },
    ]);
    expect(section('### Express IAM policy')).toMatch(/Not confirmed/);
  });
});

describe('README: migrating from App Runner and from the official Express action', () => {
  it('maps every input of the official Express action', () => {
    const mapping = section('### Compared with aws-actions/amazon-ecs-deploy-express-service');
    const official = [
      'service-name',
      'image',
      'execution-role-arn',
      'infrastructure-role-arn',
      'cluster',
      'container-port',
      'environment-variables',
      'secrets',
      'command',
      'log-group',
      'log-stream-prefix',
      'repository-credentials',
      'tags',
      'mutate-tags-on-update',
      'cpu',
      'memory',
      'task-role-arn',
      'subnets',
      'security-groups',
      'health-check-path',
      'min-task-count',
      'max-task-count',
      'auto-scaling-metric',
      'auto-scaling-target-value',
    ];
    const rows = mapping.split('\n').filter((line) => line.startsWith('| `'));
    const firstCells = rows.map((line) => line.split('|')[1]);
    for (const name of official)
      expect(`${name}: ${firstCells.some((cell) => cell.includes(`\`${name}\``))}`).toBe(`${name}: true`);
    // Every input named on our side exists.
    const ours = rows.flatMap((line) => [...(line.split('|')[2] ?? '').matchAll(/`([a-z][\w-]*)`/g)].map((m) => m[1]));
    const values = new Set(['cpu', 'memory', 'requests', 'key']);
    expect(ours.filter((name) => !(name in action.inputs) && !values.has(name))).toEqual([]);
  });

  it('names only inputs the action has, and says the App Runner service is left running', () => {
    const named = [...migration.matchAll(/\| [^|]+ \| ([^|]+) \|/g)].flatMap((match) =>
      [...match[1].matchAll(/`([a-z][\w-]*)`/g)].map((m) => m[1]),
    );
    expect(named.length).toBeGreaterThanOrEqual(10);
    expect(named.filter((name) => !(name in action.inputs) && name !== 'valueFrom')).toEqual([]);
    expect(migration).toMatch(/App Runner service is left running/);
    for (const gap of [
      'access role',
      'auto scaling configuration',
      'X-Ray',
      'custom domains',
      'TCP health checks',
      'auto-deployments',
    ]) {
      expect(migration).toContain(gap);
    }
  });
});
