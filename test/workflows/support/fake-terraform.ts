import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeTerraform {
  /** A PATH with the fake `terraform` first. */
  path: string;
  /** The argument lists the fake was called with, one string per call. */
  calls(): string[];
  remove(): void;
}

/**
 * A stand-in `terraform` for running the workflow's scripts: records its arguments and answers `plan` with the given
 * exit status, `show` with the plan text, `output -json` with the given outputs, `version -json` with the given
 * version and `apply` with the given exit status.
 */
export function fakeTerraform(options: {
  planExit?: number;
  planText?: string;
  outputs?: unknown;
  version?: string;
  applyExit?: number;
}): FakeTerraform {
  const dir = mkdtempSync(join(tmpdir(), 'fake-terraform-'));
  writeFileSync(join(dir, 'calls'), '');
  writeFileSync(join(dir, 'plan.txt'), options.planText ?? '');
  writeFileSync(join(dir, 'outputs.json'), JSON.stringify(options.outputs ?? {}));
  const script = [
    '#!/bin/bash',
    `dir='${dir}'`,
    'printf "%s\\n" "$*" >> "$dir/calls"',
    'case "$1" in',
    `  plan) echo "Plan: fake"; exit ${options.planExit ?? 0} ;;`,
    '  show) cat "$dir/plan.txt" ;;',
    '  output) cat "$dir/outputs.json" ;;',
    `  version) echo '{"terraform_version":"${options.version ?? '1.16.4'}","platform":"linux_amd64"}' ;;`,
    `  apply) echo "Apply complete!"; exit ${options.applyExit ?? 0} ;;`,
    'esac',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'terraform'), script);
  chmodSync(join(dir, 'terraform'), 0o755);
  return {
    path: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    calls: () => readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
