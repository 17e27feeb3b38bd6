import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflow, repoRoot, workflowsDir } from './support/model.ts';
import { findStepByName, runStep } from './support/run-step.ts';

// ci.yml installs the Debian packages .ci/run lists (with sudo, which .ci/run does not use) before running it.

const ci = loadWorkflow(join(workflowsDir, 'ci.yml'));
const step = findStepByName(ci, 'checks', 'Debian packages .ci/run needs');
let dir = '';
let path = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ci-step-'));
  // A stand-in sudo that records what it was asked to run.
  writeFileSync(join(dir, 'sudo'), `#!/bin/bash\nprintf '%s\\n' "$*" >> '${dir}/sudo-calls'\n`);
  chmodSync(join(dir, 'sudo'), 0o755);
  path = `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ci.yml: Debian packages for .ci/run', () => {
  it('installs exactly the packages .ci/run lists', async () => {
    const listed = /^packages=\((.*)\)$/m.exec(readFileSync(join(repoRoot, '.ci/run'), 'utf8'))?.[1];
    expect(listed).toBeTruthy();
    const run = await runStep(step, { env: { PATH: path }, cwd: repoRoot });
    expect(run.status).toBe(0);
    const calls = readFileSync(join(dir, 'sudo-calls'), 'utf8').trim().split('\n');
    expect(calls).toEqual([
      'apt-get update -qq',
      `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${listed}`,
    ]);
  });

  it('fails clearly when .ci/run no longer has a packages line', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'ci-run-'));
    try {
      mkdirSync(join(elsewhere, '.ci'));
      writeFileSync(join(elsewhere, '.ci/run'), '#!/bin/bash\nPACKAGES="skopeo podman"\n');
      const run = await runStep(step, { env: { PATH: path }, cwd: elsewhere });
      expect(run.status).not.toBe(0);
      expect(run.stdout).toContain("::error::No 'packages=(...)' line found in .ci/run.");
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
