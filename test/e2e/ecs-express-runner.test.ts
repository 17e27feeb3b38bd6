import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACTIONS,
  BUNDLE,
  declaredInputs,
  EXPRESS_BUNDLE,
  FAKE_GITHUB_TOKEN,
  ROOT,
  runAction,
} from '../../tools/runner/run-action.ts';

/** The runner's `action` option: the ECS Express action's inputs come from ecs-express/action.yml, not the root one. */

const PROBE = `
const fs = require('node:fs');
const inputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')));
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'inputs<<EOF_1\\n' + JSON.stringify(inputs) + '\\nEOF_1\\n');
`;

async function probe(action?: 'apprunner' | 'ecs-express'): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-express-probe-'));
  const bundle = join(dir, 'probe.cjs');
  writeFileSync(bundle, PROBE);
  try {
    const result = await runAction({ inputs: { service: 'shop-web' }, awsEnv: {}, action, bundle });
    expect(result.exitCode).toBe(0);
    return JSON.parse(result.outputs.inputs) as Record<string, string>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the runner helper, for the ECS Express action', () => {
  it('points each action at its action.yml and bundle, App Runner by default', () => {
    expect(ACTIONS.apprunner).toEqual({ manifest: join(ROOT, 'action.yml'), bundle: join(ROOT, 'dist/index.js') });
    expect(ACTIONS['ecs-express']).toEqual({
      manifest: join(ROOT, 'ecs-express/action.yml'),
      bundle: join(ROOT, 'dist/ecs-express/index.js'),
    });
    expect(BUNDLE).toBe(ACTIONS.apprunner.bundle);
    expect(EXPRESS_BUNDLE).toBe(ACTIONS['ecs-express'].bundle);
    expect(declaredInputs()).toHaveProperty('access-role-arn');
    expect(declaredInputs('ecs-express')).toHaveProperty('infrastructure-role-arn');
    expect(declaredInputs('ecs-express')).not.toHaveProperty('access-role-arn');
  });

  it('sets the ECS Express action.yml defaults, and none of App Runner’s', async () => {
    const inputs = await probe('ecs-express');
    expect(inputs).toMatchObject({
      INPUT_SERVICE: 'shop-web',
      INPUT_CLUSTER: 'default',
      'INPUT_ON-BUSY': 'wait',
      'INPUT_WAIT-TIMEOUT': '1800',
      'INPUT_ENV-UPDATE-STRATEGY': 'merge',
      'INPUT_GITHUB-TOKEN': FAKE_GITHUB_TOKEN,
    });
    expect(inputs).not.toHaveProperty('INPUT_ON-PAUSED');
    expect(inputs).not.toHaveProperty('INPUT_AUTO-DEPLOYMENTS');
  });

  it('still sets the App Runner defaults when no action is named', async () => {
    const inputs = await probe();
    expect(inputs).toMatchObject({ 'INPUT_ON-PAUSED': 'fail', 'INPUT_AUTO-DEPLOYMENTS': 'false' });
    expect(inputs).not.toHaveProperty('INPUT_CLUSTER');
  });
});
