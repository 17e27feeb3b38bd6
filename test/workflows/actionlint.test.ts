import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseActionlintOutput, runActionlint } from './support/actionlint.ts';
import { examplesDir, listWorkflows, workflowsDir } from './support/model.ts';

describe('actionlint', () => {
  it('finds nothing in the reusable workflows, CI and the examples', async () => {
    const expected = listWorkflows(workflowsDir).length + listWorkflows(examplesDir).length;
    const run = await runActionlint('{.github/workflows,examples/workflows}/*.{yml,yaml}');
    expect(run.findings).toEqual([]);
    expect(run.exitCode).toBe(0);
    // A glob that matched nothing would also report no findings.
    expect(run.checked).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(9);
  });

  it('reports a broken workflow, and the report parses into findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    try {
      mkdirSync(join(dir, 'workflows'));
      writeFileSync(
        join(dir, 'workflows/broken.yml'),
        [
          'on: push',
          'jobs:',
          '  build:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: echo "${{ steps.missing.outputs.value }}"',
          '      - uses: actions/checkout@v4',
          '        with:',
          '          path: ${{ inputs.nowhere }}',
          '',
        ].join('\n'),
      );
      const run = await runActionlint('workflows/*.yml', dir);
      expect(run.exitCode).toBe(1);
      expect(run.checked).toBe(1);
      expect(run.findings.length).toBeGreaterThanOrEqual(2);
      expect(run.findings.map((finding) => finding.line)).toEqual(expect.arrayContaining([6, 9]));
      expect(run.findings.every((finding) => finding.file === 'workflows/broken.yml')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses the report format of the CLI', () => {
    const parsed = parseActionlintOutput(
      [
        'Checking 2 workflow file(s)...',
        '.github/workflows/a.yml:12:7 unexpected key "queue" for "concurrency" section [ syntax-check ]',
        '  11 |     concurrency:',
        '> 12 |       queue: max',
      ].join('\n'),
    );
    expect(parsed.checked).toBe(2);
    expect(parsed.findings).toEqual([
      {
        file: '.github/workflows/a.yml',
        line: 12,
        column: 7,
        message: 'unexpected key "queue" for "concurrency" section',
        kind: 'syntax-check',
      },
    ]);
  });
});
