import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';

/**
 * One emulator for the test file, reset before each test. The object is filled in `beforeAll`, so tests (not the
 * file's top level) use it.
 */
export function useHarness(options: HarnessOptions = {}): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness(options));
  });
  afterAll(() => harness.emulator?.stop());
  beforeEach(() => harness.emulator.reset());
  return harness;
}
