import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

// CHANGELOG.md is the release page of every version (the release workflow copies a version's section), so the
// version package.json names must have one, in Keep a Changelog form.

const changelog = readFileSync('CHANGELOG.md', 'utf8');
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const REPOSITORY = 'https://github.com/apprunner-deploy-action/apprunner-deploy-action';

interface Section {
  name: string;
  date?: string;
  body: string;
}

/** The `## [name] - date` sections, in file order, each with the text up to the next heading or link definitions. */
function sections(text: string): Section[] {
  const parts = text.split(/^## /m).slice(1);
  return parts.map((part) => {
    const [heading, ...rest] = part.split('\n');
    const match = /^\[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/.exec(heading);
    if (!match) throw new Error(`CHANGELOG.md: heading "## ${heading}" is not "## [X.Y.Z] - YYYY-MM-DD"`);
    const body = rest
      .join('\n')
      .split(/^\[[^\]]+\]: /m)[0]
      .trim();
    return { name: match[1], date: match[2], body };
  });
}

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split(/[.-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part)));
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return 1; // 1.0.0 > 1.0.0-rc.1
    if (pb[i] === undefined) return -1;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

describe('CHANGELOG.md', () => {
  const all = sections(changelog);
  const released = all.filter((section) => section.name !== 'Unreleased');

  it("has a dated section with notes for package.json's version", () => {
    const section = released.find((candidate) => candidate.name === version);
    expect(section).toBeDefined();
    expect(section?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(section?.body.length).toBeGreaterThan(0);
  });

  it('is in Keep a Changelog form: a title, Unreleased first, then versions newest first, each dated', () => {
    expect(changelog.startsWith('# Changelog\n')).toBe(true);
    expect(changelog).toContain('https://keepachangelog.com/');
    expect(all[0]?.name).toBe('Unreleased');
    expect(all[0]?.date).toBeUndefined();
    for (const section of released) {
      expect(section.name).toMatch(/^\d+\.\d+\.\d+(-rc\.\d+)?$/);
      expect(section.date).toBeDefined();
    }
    const names = released.map((section) => section.name);
    expect([...names].sort((a, b) => compareVersions(b, a))).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('links every version to its release and Unreleased to the changes since the newest', () => {
    for (const section of released) {
      expect(changelog).toContain(`\n[${section.name}]: ${REPOSITORY}/releases/tag/v${section.name}`);
    }
    expect(changelog).toContain(`\n[Unreleased]: ${REPOSITORY}/compare/v${released[0].name}...HEAD`);
  });

  it('the 1.0.0 notes say what the action does', () => {
    const first = released.find((section) => section.name === '1.0.0')?.body ?? '';
    for (const topic of ['ECR', 'App Runner', 'ROLLBACK_SUCCEEDED', 'dry-run', 'infra.yml', 'npm run demo']) {
      expect(first).toContain(topic);
    }
  });

  it('compares versions the way semver orders them', () => {
    expect(['1.0.0', '1.10.0', '1.2.0', '1.2.0-rc.1'].sort(compareVersions)).toEqual([
      '1.0.0',
      '1.2.0-rc.1',
      '1.2.0',
      '1.10.0',
    ]);
  });

  it('refuses a heading that is not a version section', () => {
    expect(() => sections('# Changelog\n\n## 1.0.0\n')).toThrow('is not "## [X.Y.Z] - YYYY-MM-DD"');
  });
});
