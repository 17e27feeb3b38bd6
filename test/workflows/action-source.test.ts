import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkActionSource } from './support/action-source.ts';
import { loadWorkflow, parseWorkflow, workflowsDir } from './support/model.ts';
import { findStep, runStep } from './support/run-step.ts';

const app = loadWorkflow(join(workflowsDir, 'app.yml'));
const resolver = findStep(app, 'deploy', 'action-source');
const requestToken = 'request-token-for-the-test';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned JWT with the given claims: the step only reads claims, so the signature does not matter here. */
function jwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;
}

/** What the stand-in for GitHub's token service hands out next, and the audiences it was asked for. */
const tokenService = { claims: {} as Record<string, unknown>, audiences: [] as string[] };
let server: Server;
let tokenUrl = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers.authorization !== `bearer ${requestToken}` || url.pathname !== '/token') {
      response.writeHead(401).end();
      return;
    }
    tokenService.audiences.push(url.searchParams.get('audience') ?? '');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ count: 1, value: jwt(tokenService.claims) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Stops by itself should a test never reach afterAll.
  setTimeout(() => server.close(), 120000).unref();
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
});

afterAll(() => {
  server.close();
});

function resolve(claims: Record<string, unknown>, env: Record<string, string> = {}) {
  tokenService.claims = claims;
  return runStep(resolver, {
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken, ...env },
  });
}

describe('the action runs from the called workflow own repository and commit', () => {
  it('is wired: OIDC claims -> checkout of that repository and SHA into a path -> uses: ./<path>', () => {
    const { findings, actionPaths } = checkActionSource(app);
    expect(findings).toEqual([]);
    // The App Runner action and, from the same checkout, the ECS Express one (target: ecs-express).
    expect(actionPaths).toEqual(['./.apprunner-deploy-action', './.apprunner-deploy-action/ecs-express']);
  });

  it('reads repository and commit from job_workflow_ref / job_workflow_sha of a pinned call', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const run = await resolve({
      repository: 'my-org/my-app',
      workflow_ref: 'my-org/my-app/.github/workflows/deploy-staging.yml@refs/heads/main',
      job_workflow_ref: 'apprunner-deploy-action/apprunner-deploy-action/.github/workflows/app.yml@refs/tags/v1',
      job_workflow_sha: sha,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({
      repository: 'apprunner-deploy-action/apprunner-deploy-action',
      sha,
      'workflow-ref': 'apprunner-deploy-action/apprunner-deploy-action/.github/workflows/app.yml@refs/tags/v1',
    });
    // An audience AWS does not accept, so the token is useless outside this step.
    expect(tokenService.audiences.at(-1)).toBe('apprunner-deploy-action');
  });

  it('never prints the token except in the mask command the runner swallows', async () => {
    const claims = {
      job_workflow_ref: 'o/r/.github/workflows/app.yml@refs/heads/main',
      job_workflow_sha: 'a'.repeat(40),
    };
    const run = await resolve(claims);
    const token = jwt(claims);
    const lines = run.stdout.split('\n').filter((line) => line.includes(token));
    expect(lines).toEqual([`::add-mask::${token}`]);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['a tag', 'refs/tags/v1.2.0'],
    ['a short SHA', '0123456'],
    ['41 characters', `${'a'.repeat(40)}b`],
    ['uppercase', 'A'.repeat(40)],
    ['a SHA and a newline', `${'a'.repeat(40)}\nsha=${'b'.repeat(40)}`],
  ])('fails, never falling back to the movable ref, when the SHA claim is %s', async (_, sha) => {
    const claims: Record<string, unknown> = {
      job_workflow_ref: 'octo/deploy/.github/workflows/app.yml@refs/tags/v1.2.0',
      ...(sha === undefined ? {} : { job_workflow_sha: sha }),
    };
    const run = await resolve(claims);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("::error::The OIDC token's job_workflow_sha claim is not a commit SHA of 40 hex");
    expect(run.outputs).toEqual({});
  });

  it('fails with a clear message without id-token permission or without a usable claim', async () => {
    const noPermission = await runStep(resolver, { env: {} });
    expect(noPermission.status).not.toBe(0);
    expect(noPermission.stdout).toContain(
      "::error::No OIDC token: the calling job must grant 'permissions: id-token: write'.",
    );
    const noClaim = await resolve({ repository: 'my-org/my-app' });
    expect(noClaim.status).not.toBe(0);
    expect(noClaim.stdout).toContain('has no usable job_workflow_ref claim');
    expect(noClaim.outputs).toEqual({});
  });
});

describe('the wiring check reports a broken source', () => {
  const workflow = (checkout: string, use = './.act') =>
    parseWorkflow(`
jobs:
  deploy:
    permissions:
      id-token: write
    steps:
      - id: src
        run: curl "$ACTIONS_ID_TOKEN_REQUEST_URL" | jq .job_workflow_ref,.job_workflow_sha
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
${checkout}
      - uses: ${use}
`);
  const good =
    '          repository: ${{ steps.src.outputs.repository }}\n          ref: ${{ steps.src.outputs.sha }}\n';

  it('accepts the intended wiring', () => {
    expect(checkActionSource(workflow(`${good}          path: .act`)).findings).toEqual([]);
  });

  it.each([
    [
      'the caller repository',
      '          repository: ${{ github.repository }}\n          ref: ${{ github.sha }}\n          path: .act',
    ],
    [
      'the caller commit',
      '          repository: ${{ steps.src.outputs.repository }}\n          ref: ${{ github.sha }}\n          path: .act',
    ],
    ['no path', good],
    ['the wrong output', good.replace('outputs.sha', 'outputs.workflow-ref') + '          path: .act'],
  ])('reports a checkout of %s', (_, checkout) => {
    expect(checkActionSource(workflow(checkout)).findings.length).toBeGreaterThan(0);
  });

  it('accepts an action in a subdirectory of the checkout, and reports one its sparse checkout leaves out', () => {
    const sparse = (dirs: string) => `${good}          path: .act\n          sparse-checkout: |\n${dirs}`;
    const listed = sparse('            dist\n            ecs-express\n');
    expect(checkActionSource(workflow(listed, './.act/ecs-express')).findings).toEqual([]);
    expect(checkActionSource(workflow(`${good}          path: .act`, './.act/ecs-express')).findings).toEqual([]);
    const left = checkActionSource(workflow(sparse('            dist\n'), './.act/ecs-express'));
    expect(left.findings.map((finding) => finding.message)).toEqual([
      'the sparse checkout does not include "ecs-express"',
    ]);
    // A checkout into .act does not provide .actions.
    expect(checkActionSource(workflow(listed, './.actions')).findings.length).toBeGreaterThan(0);
  });

  it('reports uses: ./ (the caller workspace) and a job that cannot get a token', () => {
    const bare = checkActionSource(workflow(`${good}          path: .act`, './'));
    expect(bare.findings.map((finding) => finding.message)).toEqual([
      'uses: ./ resolves in the caller workspace, not this repository',
    ]);
    const noToken = parseWorkflow(
      workflow(`${good}          path: .act`).text.replace('id-token: write', 'contents: read'),
    );
    expect(checkActionSource(noToken).findings.map((finding) => finding.message)).toEqual([
      'the job cannot request an OIDC token (id-token: write)',
    ]);
  });
});
