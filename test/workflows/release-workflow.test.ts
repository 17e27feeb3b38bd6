import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runActionlint } from './support/actionlint.ts';
import { listWorkflows, loadWorkflow, parseWorkflow, repoRoot, workflowsDir, type Step } from './support/model.ts';
import { checkNeedsOutputReferences, checkStepOutputReferences } from './support/references.ts';
import { checkRunsWhenNeedsSkipped } from './support/calls.ts';
import { findStepByName, runStep } from './support/run-step.ts';
import { checkPermissions, checkPinning, checkRunExpressions } from './support/security.ts';

// release.yml: a pushed tag (or a manual run) → checks in a read-only job → release page and major tag in the one
// job that may write. The scripts it runs are tested in release-tags.test.ts and release-notes.test.ts.

const release = loadWorkflow(join(workflowsDir, 'release.yml'));
const { checks, release: publish } = release.workflow.jobs;
const stepIndex = (steps: Step[] | undefined, match: (step: Step) => boolean) => (steps ?? []).findIndex(match);
const runs = (text: string) => (step: Step) => (step.run ?? '').includes(text);
const uses = (action: string) => (step: Step) => (step.uses ?? '').startsWith(`${action}@`);

/** GitHub's tag filter syntax, as far as release.yml uses it: `[0-9]` classes, `+` repeats, everything else literal. */
function filterMatches(pattern: string, tag: string): boolean {
  const source = pattern.replace(/\./g, '\\.');
  return new RegExp(`^${source}$`).test(tag);
}

describe('release.yml: triggers and permissions', () => {
  it('passes actionlint', async () => {
    const run = await runActionlint('.github/workflows/release.yml');
    expect(run.findings).toEqual([]);
    expect(run.checked).toBe(1);
  });

  it('runs on version tags, and by hand for a version', () => {
    const on = release.workflow.on as { push: { tags: string[] }; workflow_dispatch: { inputs: object } };
    expect(Object.keys(on)).toEqual(['push', 'workflow_dispatch']);
    expect(Object.keys(on.push)).toEqual(['tags']);
    expect(on.workflow_dispatch.inputs).toEqual({
      version: expect.objectContaining({ required: true, type: 'string' }),
    });
  });

  it.each([
    ['v1.0.0', true],
    ['v12.3.45', true],
    ['v1.1.0-rc.1', true],
    ['v1', false],
    ['v1.2', false],
    ['1.0.0', false],
    ['v1.0.0-beta.1', false],
    ['v1.0.0.1', false],
  ])('the tag filter takes %s: %s (as release-tags.sh does)', (tag, expected) => {
    const on = release.workflow.on as { push: { tags: string[] } };
    expect(on.push.tags.some((pattern) => filterMatches(pattern, tag))).toBe(expected);
  });

  it('grants contents: write to the release job only, and nothing else anywhere', () => {
    expect(release.workflow.permissions).toEqual({ contents: 'read' });
    expect(checks.permissions).toEqual({ contents: 'read' });
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(checkPermissions(release)).toEqual([]);
  });

  it('the permission check refuses contents: write to a job that only checks', () => {
    const greedy = parseWorkflow(`
jobs:
  checks:
    permissions: { contents: write }
    steps:
      - run: bash .github/scripts/release-tags.sh --check "$TAG"
`);
    expect(checkPermissions(greedy).map((finding) => finding.message)).toEqual([
      '"contents: write" is not needed here',
    ]);
  });

  it('pins every action to a SHA the other workflows already use, with the same version comment', () => {
    expect(checkPinning(release)).toEqual([]);
    const pinsIn = (text: string) => [...text.matchAll(/uses: ([\w./-]+@[0-9a-f]{40} # v[\d.]+)/g)].map((m) => m[1]);
    const others = listWorkflows(workflowsDir)
      .filter((path) => !path.endsWith('/release.yml'))
      .flatMap((path) => pinsIn(readFileSync(path, 'utf8')));
    const ours = pinsIn(release.text);
    expect(ours.length).toBeGreaterThanOrEqual(3);
    for (const pin of ours) expect(others).toContain(pin);
  });

  it('has no expression inside a run: script, and every reference resolves', () => {
    expect(checkRunExpressions(release)).toEqual([]);
    expect(checkStepOutputReferences(release, { ownActionPaths: [], action: { inputs: {}, outputs: {} } })).toEqual([]);
    expect(checkNeedsOutputReferences(release)).toEqual([]);
    expect(checkRunsWhenNeedsSkipped(release)).toEqual([]);
  });
});

describe('release.yml: the order of things', () => {
  it('checks the tag before anything is released: version, fresh dist/, then .ci/run', () => {
    const steps = checks.steps;
    const order = [
      stepIndex(steps, (step) => step.id === 'tag'),
      stepIndex(steps, uses('actions/checkout')),
      stepIndex(steps, runs('release-tags.sh --check')),
      stepIndex(steps, runs('npm ci')),
      stepIndex(steps, runs('.github/scripts/check-dist.sh')),
      stepIndex(steps, runs('bash .ci/run')),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const checkout = steps?.[order[1]];
    expect(checkout?.with).toEqual({ ref: 'refs/tags/${{ steps.tag.outputs.tag }}', 'persist-credentials': false });
  });

  it('releases only after the checks passed: notes, then the release, then the major tag', () => {
    expect(publish.needs).toBe('checks');
    expect(publish.if).toBeUndefined();
    const steps = publish.steps;
    const order = [
      stepIndex(steps, uses('actions/checkout')),
      stepIndex(steps, runs('changelog-notes.sh')),
      stepIndex(steps, runs('gh release create')),
      stepIndex(steps, runs('release-tags.sh "$TAG"')),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps?.[order[0]].with?.ref).toBe('refs/tags/${{ needs.checks.outputs.tag }}');
  });

  it('the job that can write runs no npm code', () => {
    for (const step of publish.steps ?? []) {
      expect(step.run ?? '').not.toMatch(/\b(npm|npx|node)\b/);
      expect(step.uses ?? '').not.toMatch(/^actions\/setup-node@/);
    }
  });

  it("installs .ci/run's Debian packages with the very step ci.yml uses", () => {
    const ci = loadWorkflow(join(workflowsDir, 'ci.yml'));
    const name = 'Debian packages .ci/run needs';
    expect(findStepByName(release, 'checks', name).run).toBe(findStepByName(ci, 'checks', name).run);
  });
});

describe('release.yml: its steps, run', () => {
  let dir = '';
  let gh = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'release-workflow-'));
    // A stand-in gh: records its arguments; `release view` succeeds only when the file `exists` is there.
    gh = join(dir, 'gh');
    writeFileSync(
      gh,
      `#!/bin/bash\nprintf '%s\\n' "$*" >> '${dir}/calls'\n` +
        `if [ "$1 $2" = "release view" ]; then [ -f '${dir}/exists' ]; exit; fi\n`,
    );
    chmodSync(gh, 0o755);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const tagStep = () => checks.steps?.find((step) => step.id === 'tag') as Step;

  it.each([
    ['a pushed tag', { EVENT_NAME: 'push', REF_NAME: 'v1.2.3', INPUT_VERSION: '' }, 'v1.2.3'],
    [
      'a manual run with 1.2.3',
      { EVENT_NAME: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: '1.2.3' },
      'v1.2.3',
    ],
    [
      'a manual run with v1.3.0-rc.1',
      { EVENT_NAME: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: 'v1.3.0-rc.1' },
      'v1.3.0-rc.1',
    ],
  ])('names the tag for %s', async (_, env, tag) => {
    const run = await runStep(tagStep(), { env });
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ tag });
  });

  it.each([
    ['a newline', '1.2.3\ntag=v9.9.9'],
    ['a path', '../main'],
    ['nothing', ''],
  ])('refuses a manual version with %s, and names no tag', async (_, version) => {
    const env = { EVENT_NAME: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: version };
    const run = await runStep(tagStep(), { env });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::The version may contain only letters, digits, dots and hyphens');
    expect(run.outputs).toEqual({});
  });

  it('writes the notes of the tag from CHANGELOG.md', async () => {
    const step = findStepByName(release, 'release', 'Release notes from CHANGELOG.md');
    const run = await runStep(step, { env: { TAG: 'v1.0.0', RUNNER_TEMP: dir }, cwd: repoRoot });
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 'release-notes.md'), 'utf8')).toContain('### Added');
  });

  const releaseStep = () => findStepByName(release, 'release', 'GitHub release');
  const calls = async (tag: string) => {
    rmSync(join(dir, 'calls'), { force: true });
    const env = { TAG: tag, GH_TOKEN: 'x', GH_REPO: 'o/r', RUNNER_TEMP: dir, PATH: `${dir}:${process.env.PATH}` };
    const run = await runStep(releaseStep(), { env });
    expect(run.status).toBe(0);
    return readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
  };

  it('creates a stable release from the existing tag with those notes', async () => {
    expect(await calls('v1.2.3')).toEqual([
      'release view v1.2.3',
      `release create v1.2.3 --verify-tag --title v1.2.3 --notes-file ${dir}/release-notes.md`,
    ]);
  });

  it('marks a release candidate as a pre-release', async () => {
    expect((await calls('v1.3.0-rc.1'))[1]).toBe(
      `release create v1.3.0-rc.1 --verify-tag --title v1.3.0-rc.1 --notes-file ${dir}/release-notes.md --prerelease`,
    );
  });

  it('updates the notes of a release that exists (a retry) instead of failing', async () => {
    writeFileSync(join(dir, 'exists'), '');
    try {
      expect((await calls('v1.2.3'))[1]).toBe(`release edit v1.2.3 --notes-file ${dir}/release-notes.md`);
    } finally {
      rmSync(join(dir, 'exists'));
    }
  });
});
