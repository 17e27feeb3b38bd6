import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/model.ts';

// changelog-notes.sh turns one CHANGELOG.md section into the release page's notes.

const SCRIPT = join(repoRoot, '.github/scripts/changelog-notes.sh');
let dir = '';

function notes(version: string, file?: string): { status: number; stdout: string } {
  const run = spawnSync('bash', [SCRIPT, version, ...(file ? [file] : [])], { cwd: repoRoot, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout };
}

function changelog(text: string): string {
  const path = join(dir, `CHANGELOG-${Math.random().toString(36).slice(2)}.md`);
  writeFileSync(path, text);
  return path;
}

const SAMPLE = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '### Added',
  '',
  '- Coming soon.',
  '',
  '## [1.1.0-rc.2] - 2026-12-02',
  '',
  '- The second candidate.',
  '',
  '## [1.0.1] - 2026-12-01',
  '',
  '### Fixed',
  '',
  '- A fix.',
  '',
  '## [1.0.0] - 2026-11-30',
  '',
  '- The first release.',
  '',
  '## [0.9.0] - 2026-11-01',
  '',
  '[Unreleased]: https://example.invalid/compare/v1.0.1...HEAD',
  '[1.0.1]: https://example.invalid/releases/tag/v1.0.1',
  '',
].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-notes-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('changelog-notes.sh', () => {
  it("prints the notes of package.json's version from the real CHANGELOG.md", () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const run = notes(`v${version}`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('### Added');
    expect(run.stdout).not.toMatch(/^## /m);
    expect(run.stdout).not.toMatch(/^\[[^\]]+\]: /m);
    expect(run.stdout.startsWith('\n')).toBe(false);
  });

  it('prints one section, without its heading and without the next one', () => {
    const file = changelog(SAMPLE);
    expect(notes('v1.0.1', file)).toEqual({ status: 0, stdout: '### Fixed\n\n- A fix.\n' });
    expect(notes('1.0.0', file)).toEqual({ status: 0, stdout: '- The first release.\n' });
  });

  it('stops at the link definitions after the last section', () => {
    const file = changelog(SAMPLE.replace('## [0.9.0] - 2026-11-01\n', '## [0.9.0] - 2026-11-01\n\n- Preview.\n'));
    expect(notes('v0.9.0', file)).toEqual({ status: 0, stdout: '- Preview.\n' });
  });

  it('gives a pre-release its own section, else the Unreleased notes', () => {
    const file = changelog(SAMPLE);
    expect(notes('v1.1.0-rc.2', file).stdout).toBe('- The second candidate.\n');
    expect(notes('v1.1.0-rc.1', file)).toEqual({ status: 0, stdout: '### Added\n\n- Coming soon.\n' });
  });

  it('fails for a version without notes, saying what to add', () => {
    const file = changelog(SAMPLE);
    const missing = notes('v2.0.0', file);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('::error::');
    expect(missing.stdout).toContain("add a '## [2.0.0] - YYYY-MM-DD' section");
    // A heading with nothing under it is no release page either.
    expect(notes('v0.9.0', file).status).toBe(1);
    const emptyUnreleased = changelog(SAMPLE.replace('### Added\n\n- Coming soon.\n', ''));
    const rc = notes('v1.2.0-rc.1', emptyUnreleased);
    expect(rc.status).toBe(1);
    expect(rc.stdout).toContain("'## [Unreleased]'");
  });

  it('does not take 1.0.0-rc.1 or 1.0.00 for 1.0.0', () => {
    const file = changelog('## [1.0.0-rc.1] - 2026-11-01\n\n- rc\n\n## [1.0.00] - 2026-11-02\n\n- odd\n');
    expect(notes('v1.0.0', file).status).toBe(1);
  });
});
