import { InputError } from '../../core/inputs/errors.js';

/**
 * Fargate sizes. Users write `1`, `1 vCPU` or `1024`, and `2`, `2 GB` or `2048`; ECS reports units and MB, so values
 * are normalised to those to compare with what the service has.
 */

const range = (from: number, to: number, step: number) =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => String(from + i * step));

/** Which memory sizes (MB) each CPU size (units) may run with on Fargate. */
export const FARGATE_PAIRS: Record<string, string[]> = {
  '256': ['512', '1024', '2048'],
  '512': range(1024, 4096, 1024),
  '1024': range(2048, 8192, 1024),
  '2048': range(4096, 16384, 1024),
  '4096': range(8192, 30720, 1024),
  '8192': range(16384, 61440, 4096),
  '16384': range(32768, 122880, 8192),
};

export function parseFargateCpu(raw: string): string {
  const value = raw.trim().replace(/\s*vcpu$/i, '');
  const units = Number(value) <= 16 ? String(Number(value) * 1024) : value;
  if (!/^\d+(\.\d+)?$/.test(value) || !(units in FARGATE_PAIRS)) {
    throw new InputError(
      'cpu',
      `\`${raw}\` is not a Fargate size; use 0.25, 0.5, 1, 2, 4, 8 or 16 (vCPU), or 256 to 16384 units.`,
    );
  }
  return units;
}

export function parseFargateMemory(raw: string): string {
  const value = raw.trim().replace(/\s*gb$/i, '');
  const mb = Number(value) <= 120 ? String(Number(value) * 1024) : value;
  const known = new Set(Object.values(FARGATE_PAIRS).flat());
  if (!/^\d+(\.\d+)?$/.test(value) || !known.has(mb)) {
    throw new InputError('memory', `\`${raw}\` is not a Fargate size; use 0.5 to 120 (GB), or 512 to 122880 MB.`);
  }
  return mb;
}

/** Throws naming the input to change and the memory sizes that go with the CPU. */
export function checkFargatePair(pair: { cpu: string; memory: string; blame: 'cpu' | 'memory' }): void {
  const allowed = FARGATE_PAIRS[pair.cpu] ?? [];
  if (allowed.includes(pair.memory)) return;
  throw new InputError(
    pair.blame,
    `${Number(pair.cpu) / 1024} vCPU with ${pair.memory} MB is not a Fargate size. With ${Number(pair.cpu) / 1024} vCPU ` +
      `use ${allowed.join(', ')} MB.`,
  );
}
