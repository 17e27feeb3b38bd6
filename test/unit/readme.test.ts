import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OFFICIAL_IMAGE_INPUTS, OFFICIAL_OUTPUTS } from '../support/official-action.ts';

interface ActionYaml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYaml;
const readme = readFileSync('README.md', 'utf8');

/** Rows of the markdown table under `## heading`: first cell (unquoted) → second cell. */
function tableUnder(heading: string): Map<string, string> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const name = /^`([\w-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells[2] ?? '');
  }
  return rows;
}

describe('README and action.yml', () => {
  it('runs on node24 from the bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('document the same inputs with the same defaults', () => {
    const documented = tableUnder('Inputs');
    expect([...documented.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      const expected = input.required ? '**required**' : input.default === undefined ? '' : `\`${input.default}\``;
      expect(`${name}: ${documented.get(name)}`).toBe(`${name}: ${expected}`);
    }
  });

  it('document the same outputs', () => {
    expect([...tableUnder('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it('give the two first commands on the first screen', () => {
    const firstScreen = readme.split('\n').slice(0, 12).join('\n');
    expect(firstScreen).toContain('npm ci && npm run demo');
    expect(firstScreen).toContain('npm ci && npm test');
  });

  it('keep every input of the official action (image mode)', () => {
    for (const name of OFFICIAL_IMAGE_INPUTS) expect(Object.keys(action.inputs)).toContain(name);
    for (const name of OFFICIAL_OUTPUTS) expect(Object.keys(action.outputs)).toContain(name);
  });
});

describe('input defaults', () => {
  it('are the same in the parser as in action.yml', async () => {
    const { parseAppRunnerInputs: parseInputs } = await import('../../src/targets/apprunner/inputs.ts');
    const given = { service: 'web-app', image: 'public.ecr.aws/nginx/nginx:1', region: 'eu-west-1' };
    const withDefaults = (name: string) =>
      (given as Record<string, string>)[name] ?? (name === 'github-token' ? '' : (action.inputs[name]?.default ?? ''));
    const without = (name: string) => (given as Record<string, string>)[name] ?? '';
    expect(parseInputs(without, {})).toEqual(parseInputs(withDefaults, {}));
  });
});
