/**
 * The tar reader against hostile and damaged archives: a header with a negative size once sent the reader back to the
 * same header forever, and a pax header claiming gigabytes crashed Node in Buffer.alloc. Every case here must end,
 * quickly, with a result or a clear error. The fuzz cases come from a seeded PRNG, so a failure replays exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockWorkflow } from './support/workflow-mock.ts';

mockWorkflow();
const { indexTar } = await import('../../src/core/push/tar-index.ts');
const { archiveStore } = await import('../../src/core/push/blob-store.ts');
const { planFromDockerArchive } = await import('../../src/core/push/docker-archive.ts');
const { planFromLayout } = await import('../../src/core/push/oci-layout.ts');

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tar-fuzz-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One 512-byte ustar header with a valid checksum; `size` is written as given (octal text or raw bytes). */
function header(name: string, options: { size?: number | string | Buffer; type?: string } = {}): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  const { size = 0 } = options;
  if (Buffer.isBuffer(size)) size.copy(block, 124, 0, 12);
  else block.write(typeof size === 'number' ? `${size.toString(8).padStart(11, '0')}\0` : size, 124, 12, 'latin1');
  block.write('00000000000\0', 136);
  block.write(options.type ?? '0', 156, 1, 'latin1');
  block.write('ustar\0', 257);
  block.write('00', 263);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function file(name: string, content: Buffer | string): Buffer {
  const data = Buffer.from(content);
  return Buffer.concat([header(name, { size: data.length }), padded(data)]);
}

let count = 0;
function writeTar(parts: Buffer[]): string {
  const path = join(work, `case-${count++}.tar`);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/** Settles within `ms`, or fails the test: a hang must show up as a failure, not as a stuck suite. */
async function settles<T>(promise: Promise<T>, ms = 2000): Promise<{ value?: T; error?: Error }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return { value: await Promise.race([promise, timeout]) };
  } catch (error) {
    if ((error as Error).message.startsWith('did not settle')) throw error;
    return { error: error as Error };
  } finally {
    clearTimeout(timer);
  }
}

/** Mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('tar headers that lie about sizes', () => {
  it('refuses a negative size instead of reading the same header forever', async () => {
    const path = writeTar([file('a', 'x'), header('b', { size: '-0001000\0' }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/size/);
  });

  it('refuses a negative size in a pax header', async () => {
    const record = '15 size=-1024\n';
    const pax = Buffer.concat([header('pax', { size: record.length, type: 'x' }), padded(Buffer.from(record))]);
    const path = writeTar([pax, header('b', { size: 0 }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/size/);
  });

  it('refuses a negative GNU base-256 size', async () => {
    const negative = Buffer.alloc(12, 0xff);
    const path = writeTar([header('a', { size: negative }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/size/);
  });

  it('refuses a pax header of 2 GiB without allocating it', async () => {
    const path = writeTar([header('pax', { size: 2 ** 31, type: 'x' }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/pax|too large|past the end/i);
  });

  it('refuses a long-name header of 3 GiB without allocating it', async () => {
    const path = writeTar([header('././@LongLink', { size: 3 * 2 ** 30, type: 'L' }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/long|too large|past the end/i);
  });

  it('refuses an entry whose size runs past the end of the file', async () => {
    const path = writeTar([header('blob', { size: 10_000 }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/past the end/);
  });

  it('refuses a size that is not a number', async () => {
    const path = writeTar([header('blob', { size: 'zzzzzzzzzzz\0' }), Buffer.alloc(1024)]);
    const { error } = await settles(indexTar(path));
    expect(error?.message).toMatch(/size/);
  });

  it('still reads a well-formed archive, pax and long names included', async () => {
    const long = `${'d/'.repeat(80)}file`;
    const record = `${`x path=${long}\n`.length + 2} path=${long}\n`;
    const pax = Buffer.concat([header('pax', { size: record.length, type: 'x' }), padded(Buffer.from(record))]);
    const path = writeTar([file('a', 'hello'), pax, file('short', 'world'), Buffer.alloc(1024)]);
    const entries = await indexTar(path);
    expect(entries.get('a')).toEqual({ offset: 512, size: 5 });
    expect(entries.get(long)?.size).toBe(5);
  });
});

/** A small valid docker-archive, as parts, for the fuzzer to damage. */
function dockerArchiveParts(): Buffer[] {
  const config = JSON.stringify({ rootfs: { type: 'layers', diff_ids: [] } });
  const manifest = JSON.stringify([{ Config: 'config.json', RepoTags: ['a:1'], Layers: [] }]);
  return [file('config.json', config), file('manifest.json', manifest), Buffer.alloc(1024)];
}

function mutate(bytes: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const choice = random();
  if (choice < 0.3) return copy.subarray(0, Math.floor(random() * copy.length));
  const flips = 1 + Math.floor(random() * 8);
  for (let i = 0; i < flips; i++) {
    // Mostly the size, type and checksum fields of a header, where a lie does the most damage.
    const block = Math.floor(random() * Math.ceil(copy.length / 512)) * 512;
    const fields = [124, 124 + Math.floor(random() * 12), 156, 148 + Math.floor(random() * 8)];
    const at =
      random() < 0.7 ? block + fields[Math.floor(random() * fields.length)] : Math.floor(random() * copy.length);
    if (at < copy.length) copy[at] = Math.floor(random() * 256);
  }
  if (choice > 0.85) {
    // A header with a random size field and a valid checksum, spliced in.
    const sizes = ['-0000001000\0', '77777777777\0', 'NaN\0', '-1\0', '\x80\0\0\0\0\0\0\xff\xff\xff\xff\xff'];
    const type = 'x0Lg12'[Math.floor(random() * 6)];
    const size = sizes[Math.floor(random() * sizes.length)];
    const spliced = header('z', { size: size.includes('\x80') ? Buffer.from(size, 'latin1') : size, type });
    const where = Math.floor(random() * (copy.length / 512)) * 512;
    return Buffer.concat([copy.subarray(0, where), spliced, copy.subarray(where)]);
  }
  return copy;
}

describe('fuzzed archives (seeded, deterministic)', () => {
  const CASES = 3000;

  it(`ends each of ${CASES} damaged archives with a result or a clear error, within time`, async () => {
    const random = prng(0x5eed1);
    const base = Buffer.concat(dockerArchiveParts());
    const started = performance.now();
    const outcomes = { result: 0, error: 0 };
    for (let i = 0; i < CASES; i++) {
      const path = join(work, 'fuzz.tar');
      writeFileSync(path, mutate(base, random));
      const { error } = await settles(
        (async () => {
          const store = await archiveStore(path, work);
          try {
            const plan = await planFromDockerArchive(store, { tempDir: work, concurrency: 1 });
            return plan;
          } finally {
            await store.close();
          }
        })(),
      );
      if (error) {
        // A clear error: an Error with a message, never a RangeError from an allocation or a TypeError.
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe('Error');
        expect(error.message.length).toBeGreaterThan(10);
        outcomes.error++;
      } else outcomes.result++;
    }
    expect(outcomes.error).toBeGreaterThan(CASES / 10);
    expect(outcomes.result).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it('ends each of 1000 random OCI archives (headers of random bytes) with a result or a clear error', async () => {
    const random = prng(0xc0ffee);
    for (let i = 0; i < 1000; i++) {
      const parts: Buffer[] = [];
      const blocks = 1 + Math.floor(random() * 6);
      for (let b = 0; b < blocks; b++) {
        if (random() < 0.5) {
          const raw = Buffer.alloc(512);
          for (let j = 0; j < 512; j++) raw[j] = Math.floor(random() * 256);
          parts.push(raw);
        } else {
          const size = Math.floor((random() - 0.2) * 4096);
          parts.push(header(`blobs/sha256/${b}`, { size: size < 0 ? `-${(-size).toString(8)}\0` : size, type: '0' }));
        }
      }
      const path = join(work, 'random.tar');
      writeFileSync(path, Buffer.concat(parts));
      const { error } = await settles(
        (async () => {
          const store = await archiveStore(path, work);
          try {
            return await planFromLayout(store);
          } finally {
            await store.close();
          }
        })(),
      );
      expect(error).toBeDefined();
      expect(error?.name).toBe('Error');
    }
  }, 60_000);
});
