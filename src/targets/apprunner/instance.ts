import { InputError } from '../../core/inputs/errors.js';

/**
 * CPU and memory: users write `1`, `1 vCPU` or `1024`, and `2`, `2 GB` or `2048`. App Runner reports them in units
 * (DescribeService answers "1024" / "2048"), so we normalise to units to compare with what the service has.
 */

const CPU_UNITS: Record<string, string> = { '0.25': '256', '0.5': '512', '1': '1024', '2': '2048', '4': '4096' };
const MEMORY_UNITS: Record<string, string> = {
  '0.5': '512',
  '1': '1024',
  '2': '2048',
  '3': '3072',
  '4': '4096',
  '6': '6144',
  '8': '8192',
  '10': '10240',
  '12': '12288',
};

/** Which memory sizes (in MB) each vCPU size (in units) may run with. */
const VALID_PAIRS: Record<string, string[]> = {
  '256': ['512', '1024'],
  '512': ['1024'],
  '1024': ['2048', '3072', '4096'],
  '2048': ['4096', '6144'],
  '4096': ['8192', '10240', '12288'],
};

export const DEFAULT_CPU = '1024';
export const DEFAULT_MEMORY = '2048';

function normalise(raw: string, options: { table: Record<string, string>; suffix: RegExp }): string | undefined {
  const trimmed = raw.trim().replace(options.suffix, '').trim();
  if (trimmed in options.table) return options.table[trimmed];
  return Object.values(options.table).includes(trimmed) ? trimmed : undefined;
}

export function parseCpu(raw: string): string {
  const units = normalise(raw, { table: CPU_UNITS, suffix: /\s*vcpu$/i });
  if (units === undefined) {
    throw new InputError(
      'cpu',
      `\`${raw}\` is not an App Runner size; use 0.25, 0.5, 1, 2 or 4 (vCPU), or 256 to 4096 units.`,
    );
  }
  return units;
}

export function parseMemory(raw: string): string {
  const mb = normalise(raw, { table: MEMORY_UNITS, suffix: /\s*gb$/i });
  if (mb === undefined) {
    throw new InputError(
      'memory',
      `\`${raw}\` is not an App Runner size; use 0.5, 1, 2, 3, 4, 6, 8, 10 or 12 (GB), or 512 to 12288 MB.`,
    );
  }
  return mb;
}

export function describeCpu(units: string): string {
  return `${Number(units) / 1024} vCPU`;
}

export function describeMemory(mb: string): string {
  return `${Number(mb) / 1024} GB`;
}

/** Throws naming the input the user gave (or `cpu` when both are in question) and the valid pairs. */
export function checkPair(pair: { cpu: string; memory: string; blame: 'cpu' | 'memory' }): void {
  const allowed = VALID_PAIRS[pair.cpu] ?? [];
  if (allowed.includes(pair.memory)) return;
  const pairs = Object.entries(VALID_PAIRS)
    .map(([cpu, memories]) => `${describeCpu(cpu)} with ${memories.map(describeMemory).join(' or ')}`)
    .join('; ');
  throw new InputError(
    pair.blame,
    `${describeCpu(pair.cpu)} with ${describeMemory(pair.memory)} is not a valid pair. Valid pairs: ${pairs}.`,
  );
}
