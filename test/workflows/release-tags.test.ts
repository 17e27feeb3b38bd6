import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/model.ts';
import { parseOutputFile } from './support/run-step.ts';

// The release scripts the workflow runs, against a scratch repository whose `origin` is a local bare repository:
// the major tag moves only for the newest stable release, and a tag whose dist/ is stale is never released.

const TAGS_SCRIPT = join(repoRoot, '.github/scripts/release-tags.sh');
const DIST_SCRIPT = join(repoRoot, '.github/scripts/check-dist.sh');

let root = '';
let work = '';
let origin = '';

/** Git with no user or system config, a fixed identity and dates, so the scratch repositories behave the same anywhere. */
function gitEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(root, 'gitconfig'),
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release@example.invalid',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release@example.invalid',
  };
}

function git(args: string[], cwd = work): string {
  const run = spawnSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout.trim();
}

function commit(message: string, files: Record<string, string> = {}): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  git(['add', '-A']);
  git(['commit', '-q', '--allow-empty', '-m', message]);
  return git(['rev-parse', 'HEAD']);
}

/** Tags HEAD (annotated unless told otherwise) and pushes the tag, as a maintainer does. */
function pushTag(tag: string, kind: 'annotated' | 'lightweight' = 'annotated'): void {
  git(kind === 'annotated' ? ['tag', '-a', tag, '-m', tag] : ['tag', tag]);
  git(['push', '-q', 'origin', `refs/tags/${tag}`]);
}

/** The commit a tag names on origin, or undefined. */
function onOrigin(tag: string): string | undefined {
  const run = spawnSync('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}^{commit}`], {
    cwd: origin,
    env: gitEnv(),
    encoding: 'utf8',
  });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

interface ScriptRun {
  status: number;
  stdout: string;
  outputs: Record<string, string>;
}

function script(path: string, args: string[], env: Record<string, string> = {}): ScriptRun {
  const outputFile = join(root, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  const run = spawnSync('bash', [path, ...args], {
    cwd: work,
    env: { ...gitEnv(), GITHUB_OUTPUT: outputFile, ...env },
    encoding: 'utf8',
  });
  return { status: run.status ?? -1, stdout: run.stdout, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')) };
}

const releaseTags = (...args: string[]) => script(TAGS_SCRIPT, args);
const checkDist = (build: string) => script(DIST_SCRIPT, [], { RELEASE_BUILD_COMMAND: build });

/** The workflow's order: the checks job (version, dist/), and the release job only when the checks passed. */
function releaseFlow(tag: string, build: string): { failedAt?: string; stdout: string } {
  const check = releaseTags('--check', tag);
  if (check.status !== 0) return { failedAt: 'version', stdout: check.stdout };
  const dist = checkDist(build);
  if (dist.status !== 0) return { failedAt: 'dist', stdout: dist.stdout };
  const move = releaseTags(tag);
  return { failedAt: move.status === 0 ? undefined : 'tags', stdout: move.stdout };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'release-tags-'));
  writeFileSync(join(root, 'gitconfig'), '');
  work = join(root, 'work');
  origin = join(root, 'origin.git');
  git(['init', '-q', '--bare', origin], root);
  git(['init', '-q', '-b', 'main', work], root);
  git(['remote', 'add', 'origin', origin]);
  commit('first', { 'dist/index.js': 'built 1\n', 'src/index.ts': 'source 1\n' });
  git(['push', '-q', 'origin', 'main']);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('release-tags.sh: moving the major tag', () => {
  it('moves v1 to an annotated stable tag, as a lightweight tag on the commit', () => {
    const head = git(['rev-parse', 'HEAD']);
    pushTag('v1.0.0', 'annotated');
    const run = releaseTags('v1.0.0');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('v1 now points at v1.0.0');
    expect(run.outputs).toEqual({ major: 'v1', prerelease: 'false', moved: 'true' });
    expect(onOrigin('v1')).toBe(head);
    expect(git(['cat-file', '-t', 'refs/tags/v1'], origin)).toBe('commit');
  });

  it('moves v1 on to a later lightweight stable tag', () => {
    pushTag('v1.0.0');
    expect(releaseTags('v1.0.0').status).toBe(0);
    const next = commit('fix', { 'src/index.ts': 'source 2\n' });
    pushTag('v1.1.0', 'lightweight');
    const run = releaseTags('v1.1.0');
    expect(run.status).toBe(0);
    expect(onOrigin('v1')).toBe(next);
  });

  it('never moves v1 to a pre-release', () => {
    pushTag('v1.0.0');
    releaseTags('v1.0.0');
    const stable = onOrigin('v1');
    commit('candidate');
    pushTag('v1.1.0-rc.1');
    const run = releaseTags('v1.1.0-rc.1');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('v1.1.0-rc.1 is a pre-release: v1 is not moved.');
    expect(run.outputs).toEqual({ major: 'v1', prerelease: 'true', moved: 'false' });
    expect(onOrigin('v1')).toBe(stable);
  });

  it('leaves v1 on the newest release when an older minor gets a fix', () => {
    const old = git(['rev-parse', 'HEAD']);
    pushTag('v1.0.0');
    commit('feature');
    pushTag('v1.10.0');
    releaseTags('v1.10.0');
    const newest = onOrigin('v1');
    git(['checkout', '-q', '-b', 'release-1.0', old]);
    commit('backported fix');
    pushTag('v1.0.1');
    const run = releaseTags('v1.0.1');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('v1 stays where it is: v1.10.0 is newer than v1.0.1.');
    expect(run.outputs.moved).toBe('false');
    expect(onOrigin('v1')).toBe(newest);
  });

  it('starts v2 on a new major and leaves v1 alone', () => {
    pushTag('v1.0.0');
    releaseTags('v1.0.0');
    const v1 = onOrigin('v1');
    const head = commit('breaking');
    pushTag('v2.0.0');
    expect(releaseTags('v2.0.0').status).toBe(0);
    expect(onOrigin('v2')).toBe(head);
    expect(onOrigin('v1')).toBe(v1);
  });

  it('is safe to run again for the same release', () => {
    pushTag('v1.0.0');
    expect(releaseTags('v1.0.0').status).toBe(0);
    const again = releaseTags('v1.0.0');
    expect(again.status).toBe(0);
    expect(onOrigin('v1')).toBe(git(['rev-parse', 'HEAD']));
  });
});

describe('release-tags.sh: refusals', () => {
  it.each(['v1.2', '1.2.3', 'v1.2.3-beta.1', 'v01.2.3', 'v1.2.3-rc.01', 'v1.2.3-rc', 'latest', 'v1'])(
    'refuses %s as a version and pushes nothing',
    (tag) => {
      git(['tag', tag]);
      const run = releaseTags(tag);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`::error::"${tag}" is not a release version`);
      expect(onOrigin('v1')).toBeUndefined();
    },
  );

  it('escapes a hand-typed version in its error, so it cannot start a workflow command', () => {
    const run = releaseTags('v1\n::add-mask::x%');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::"v1%0A::add-mask::x%25" is not a release version');
    expect(run.stdout).not.toMatch(/^::add-mask::/m);
  });

  it('refuses a tag that is not the checked-out commit', () => {
    pushTag('v1.0.0');
    commit('later');
    const run = releaseTags('v1.0.0');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::Tag v1\.0\.0 is commit \w+, but the checkout is \w+: check out the tag\./);
    expect(releaseTags('--check', 'v1.0.0').status).toBe(1);
    expect(onOrigin('v1')).toBeUndefined();
  });

  it('refuses a tag the checkout does not have', () => {
    const run = releaseTags('v1.0.0');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::There is no tag v1.0.0 in this checkout.');
  });

  it('refuses when the tag on origin is not the one checked out', () => {
    pushTag('v1.0.0');
    commit('moved');
    git(['tag', '-f', 'v1.0.0']);
    const run = releaseTags('v1.0.0');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::Tag v1\.0\.0 on origin is \w+, not \w+\./);
    expect(onOrigin('v1')).toBeUndefined();
  });

  it('--check checks and writes the outputs, but pushes nothing', () => {
    pushTag('v1.2.0-rc.3');
    const run = releaseTags('--check', 'v1.2.0-rc.3');
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ major: 'v1', prerelease: 'true' });
    pushTag('v1.2.0');
    expect(releaseTags('--check', 'v1.2.0').status).toBe(0);
    expect(onOrigin('v1')).toBeUndefined();
  });
});

describe('check-dist.sh: dist/ is what the source builds to', () => {
  it('passes when the build reproduces the committed dist/', () => {
    const run = checkDist("printf 'built 1\\n' > dist/index.js");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('dist/ matches a fresh build of');
  });

  it.each([
    ['a changed file', "printf 'built 2\\n' > dist/index.js", ' M dist/index.js'],
    ['a new chunk', "printf 'built 1\\n' > dist/index.js && printf 'x' > dist/1.index.js", '?? dist/1.index.js'],
    ['a file the build no longer makes', 'rm -rf dist && mkdir dist', ' D dist/index.js'],
  ])('fails on %s, listing it', (_, build, line) => {
    const run = checkDist(build);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(line);
    expect(run.stdout).toContain('::error::dist/ differs from a fresh build of');
  });

  it('fails when the build fails', () => {
    const run = checkDist('exit 3');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::The build failed: exit 3');
  });
});

describe('a release, in the workflow order', () => {
  it('a tag whose dist/ is stale fails the checks, and v1 does not move', () => {
    commit('source changed, dist/ not rebuilt', { 'src/index.ts': 'source 2\n' });
    pushTag('v1.0.0');
    const flow = releaseFlow('v1.0.0', "printf 'built 2\\n' > dist/index.js");
    expect(flow.failedAt).toBe('dist');
    expect(onOrigin('v1')).toBeUndefined();
  });

  it('a tag with a fresh dist/ is released and moves v1', () => {
    const head = commit('source and dist/ together', { 'src/index.ts': 'source 2\n', 'dist/index.js': 'built 2\n' });
    pushTag('v1.0.0');
    const flow = releaseFlow('v1.0.0', "printf 'built 2\\n' > dist/index.js");
    expect(flow.failedAt).toBeUndefined();
    expect(onOrigin('v1')).toBe(head);
  });
});
