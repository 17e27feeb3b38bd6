/** Small statistics and markdown helpers the benchmarks share (they live here because bench/ holds only benches). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../tools/runner/run-action.ts';

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) throw new Error('No values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * fraction;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values: number[]): number => percentile(values, 0.5);

export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes `bench/results/<name>.md` and returns its text. */
export function writeResult(name: string, text: string): string {
  const file = join(ROOT, 'bench', 'results', `${name}.md`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  return text;
}

export const quick = (): boolean => process.argv.includes('--quick');

export function machine(): string {
  return `Node ${process.version}, ${new Date().toISOString()}`;
}
