import { describe, expect, it } from '@jest/globals';
import { checkPair, parseCpu, parseMemory } from '../../src/targets/apprunner/instance.ts';

describe('cpu and memory', () => {
  it.each([
    ['1', '1024'],
    ['1 vCPU', '1024'],
    ['1 VCPU', '1024'],
    ['1024', '1024'],
    ['0.25', '256'],
    ['0.25 vCPU', '256'],
    ['4', '4096'],
  ])('reads cpu %s as %s units', (raw, units) => {
    expect(parseCpu(raw)).toBe(units);
  });

  it.each([
    ['2', '2048'],
    ['2 GB', '2048'],
    ['2gb', '2048'],
    ['2048', '2048'],
    ['0.5', '512'],
    ['12 GB', '12288'],
  ])('reads memory %s as %s MB', (raw, mb) => {
    expect(parseMemory(raw)).toBe(mb);
  });

  it.each(['3', '0.1', '8192', 'one', '', '1 GB'])('refuses cpu %p naming the input', (raw) => {
    expect(() => parseCpu(raw)).toThrow(/Input `cpu`/);
  });

  it.each(['5', '16', '2 vCPU', '100'])('refuses memory %p naming the input', (raw) => {
    expect(() => parseMemory(raw)).toThrow(/Input `memory`/);
  });

  it('accepts every valid pair', () => {
    const pairs: [string, string[]][] = [
      ['256', ['512', '1024']],
      ['512', ['1024']],
      ['1024', ['2048', '3072', '4096']],
      ['2048', ['4096', '6144']],
      ['4096', ['8192', '10240', '12288']],
    ];
    for (const [cpu, memories] of pairs) {
      for (const memory of memories) expect(() => checkPair({ cpu, memory, blame: 'cpu' })).not.toThrow();
    }
  });

  it('refuses an invalid pair naming the valid ones and the input to blame', () => {
    expect(() => checkPair({ cpu: '4096', memory: '2048', blame: 'memory' })).toThrow(
      /Input `memory`: 4 vCPU with 2 GB is not a valid pair\. Valid pairs: 0\.25 vCPU with 0\.5 GB or 1 GB;.*4 vCPU with 8 GB or 10 GB or 12 GB/,
    );
    expect(() => checkPair({ cpu: '512', memory: '2048', blame: 'cpu' })).toThrow(/Input `cpu`/);
  });
});
