import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflow, workflowsDir } from './support/model.ts';
import { findStep, runStep } from './support/run-step.ts';

// The scripts of app.yml (and the AWS settings step infra.yml shares), run as the runner would.

const app = loadWorkflow(join(workflowsDir, 'app.yml'));
const infra = loadWorkflow(join(workflowsDir, 'infra.yml'));
const prepare = findStep(app, 'deploy', 'image');
let checkout = '';
let head = '';

beforeAll(() => {
  // A checked-out application: the default image tag is its commit.
  checkout = mkdtempSync(join(tmpdir(), 'app-checkout-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: checkout }).toString();
  git('init', '-q');
  writeFileSync(join(checkout, 'Dockerfile'), 'FROM scratch\n');
  git('add', 'Dockerfile');
  git('commit', '-q', '-m', 'app');
  head = git('rev-parse', 'HEAD').trim();
});

afterAll(() => {
  rmSync(checkout, { recursive: true, force: true });
});

// SERVICE is the output of the step that resolves and checks the service name (app-target.test.ts).
const base = { SERVICE: 'My-App', IMAGE_TAG: '', IMAGE_EXPORT: 'oci-archive' };

describe('app.yml: preparing the image build', () => {
  it('builds to an OCI archive outside the workspace by default, tagged with the built commit', async () => {
    const run = await runStep(prepare, { env: base, cwd: checkout });
    expect(run.status).toBe(0);
    expect(run.outputs.tag).toBe(head);
    expect(run.outputs['local-name']).toBe(`apprunner-build/my-app:${head}`);
    expect(run.outputs.load).toBe('false');
    expect(run.outputs['build-output']).toMatch(/^type=oci,dest=\/.+\/apprunner-image\.tar$/);
    expect(run.outputs.source).toBe(`oci-archive:${run.outputs['build-output'].replace('type=oci,dest=', '')}`);
    expect(run.outputs.source.startsWith(`oci-archive:${checkout}`)).toBe(false);
    expect(run.outputs['cache-scope']).toBe('apprunner-My-App');
  });

  it('loads into the Docker daemon when asked, with the given tag', async () => {
    const run = await runStep(prepare, {
      env: { ...base, IMAGE_EXPORT: 'docker', IMAGE_TAG: 'v1.2.3' },
      cwd: checkout,
    });
    expect(run.status).toBe(0);
    expect(run.outputs.load).toBe('true');
    expect(run.outputs['build-output']).toBe('');
    expect(run.outputs.source).toBe('docker-daemon:apprunner-build/my-app:v1.2.3');
  });

  it.each([
    ['My_App', 'my-app'],
    ['my__app-', 'my-app'],
    ['abc-', 'abc'],
  ])('turns the service name %s into a Docker name (%s)', async (SERVICE, slug) => {
    const run = await runStep(prepare, { env: { ...base, SERVICE, IMAGE_TAG: 'v1' }, cwd: checkout });
    expect(run.status).toBe(0);
    expect(run.outputs['local-name']).toBe(`apprunner-build/${slug}:v1`);
  });

  it.each([
    [{ IMAGE_EXPORT: 'tarball' }, "image-export must be 'oci-archive' or 'docker', not 'tarball'."],
    [{ IMAGE_TAG: 'feature/x' }, "'feature/x' is not a valid image tag."],
  ])('refuses %p', async (change, message) => {
    const run = await runStep(prepare, { env: { ...base, ...change }, cwd: checkout });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(`::error::${message}`);
    expect(run.outputs).toEqual({});
  });
});

describe('app.yml: a refused value cannot inject a workflow command', () => {
  const injected = 'x\n::add-mask::ghs_secret\n::warning::injected';

  it.each([
    ['image-export', { IMAGE_EXPORT: injected }],
    ['image-tag', { IMAGE_TAG: injected }],
  ])('prints a bad %s on the error line only, its newlines escaped', async (_, change) => {
    const run = await runStep(prepare, { env: { ...base, ...change }, cwd: checkout });
    expect(run.status).not.toBe(0);
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^::error::/);
    expect(commands[0]).toContain("$'x\\n::add-mask::ghs_secret\\n::warning::injected'");
  });
});

describe.each([
  ['app.yml', 'deploy', app],
  ['infra.yml', 'plan', infra],
  ['infra.yml', 'apply', infra],
])('%s, %s job: the AWS role and region', (_, job, file) => {
  const step = findStep(file, job, 'aws');
  const none = { INPUT_ROLE: '', VARIABLE_ROLE: '', INPUT_REGION: '', VARIABLE_REGION: '' };
  const region = 'eu-west-1';

  it('prefers the inputs and falls back to the AWS_ROLE_ARN / AWS_REGION variables', async () => {
    const fromInputs = await runStep(step, {
      env: {
        ...none,
        INPUT_ROLE: 'arn:aws:iam::111122223333:role/in',
        VARIABLE_ROLE: 'arn:aws:iam::111122223333:role/var',
        INPUT_REGION: 'eu-west-1',
      },
    });
    expect(fromInputs.outputs).toEqual({ role: 'arn:aws:iam::111122223333:role/in', region: 'eu-west-1' });
    const fromVariables = await runStep(step, {
      env: { ...none, VARIABLE_ROLE: 'arn:aws:iam::111122223333:role/var', VARIABLE_REGION: 'us-east-1' },
    });
    expect(fromVariables.outputs).toEqual({ role: 'arn:aws:iam::111122223333:role/var', region: 'us-east-1' });
    expect(step.env).toMatchObject({
      VARIABLE_ROLE: '${{ vars.AWS_ROLE_ARN }}',
      VARIABLE_REGION: '${{ vars.AWS_REGION }}',
    });
  });

  it('says what to set when the role or the region is missing', async () => {
    const noRole = await runStep(step, { env: { ...none, INPUT_REGION: 'eu-west-1' } });
    expect(noRole.status).not.toBe(0);
    expect(noRole.stdout).toContain('::error::No IAM role');
    const noRegion = await runStep(step, { env: { ...none, INPUT_ROLE: 'arn:aws:iam::111122223333:role/in' } });
    expect(noRegion.status).not.toBe(0);
    expect(noRegion.stdout).toContain('::error::No AWS region');
  });

  const role = 'arn:aws:iam::111122223333:role/deploy';
  it.each([
    ['a role with a newline', { INPUT_ROLE: `${role}\nregion=us-east-1`, INPUT_REGION: region }, 'IAM role ARN'],
    ['a role name instead of an ARN', { INPUT_ROLE: 'my-deploy-role', INPUT_REGION: region }, 'IAM role ARN'],
    ['a region with a newline', { INPUT_ROLE: role, INPUT_REGION: `${region}\nrole=x` }, 'AWS region'],
  ])('refuses %s before it reaches GITHUB_OUTPUT', async (_, values, what) => {
    const run = await runStep(step, { env: { ...none, ...values } });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(`is not an ${what}`);
    expect(run.outputs).toEqual({});
  });
});
