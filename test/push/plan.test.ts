import { describe, expect, it } from '@jest/globals';
import { blobPath, mapLimit } from '../../src/core/push/plan.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('keeps the order of results with at most `limit` items at work', async () => {
    let busy = 0;
    let most = 0;
    const results = await mapLimit([30, 10, 20, 5, 15], 2, async (ms) => {
      most = Math.max(most, ++busy);
      await sleep(ms);
      busy--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });

  it('after a failure starts no new item, stops the others and rejects only once they have stopped', async () => {
    const events: string[] = [];
    const run = mapLimit([1, 2, 3, 4], 2, async (item, signal) => {
      events.push(`start ${item}`);
      if (item === 1) {
        await sleep(10);
        events.push('fail 1');
        throw new Error('item 1 failed');
      }
      // A long item that winds down (like an upload closing its file) a little after being told to stop.
      await new Promise<void>((resolve, reject) => {
        const done = setTimeout(resolve, 5000);
        signal.addEventListener('abort', () => {
          clearTimeout(done);
          setTimeout(() => {
            events.push(`stopped ${item}`);
            reject(new Error(`item ${item} stopped`));
          }, 50);
        });
      });
    });
    await expect(run).rejects.toThrow('item 1 failed');
    expect(events).toEqual(['start 1', 'start 2', 'fail 1', 'stopped 2']);
  });
});

describe('blobPath', () => {
  it('maps a digest to its file in the layout and refuses anything else', () => {
    expect(blobPath(`sha256:${'a'.repeat(64)}`)).toBe(`blobs/sha256/${'a'.repeat(64)}`);
    expect(blobPath(`sha512:${'b'.repeat(128)}`)).toBe(`blobs/sha512/${'b'.repeat(128)}`);
    expect(() => blobPath(`sha256:${'a'.repeat(128)}`)).toThrow('Unsupported or malformed digest');
    expect(() => blobPath('sha256:../../etc/passwd')).toThrow('Unsupported or malformed digest');
  });
});
