import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { sdkClients, type Clients } from '../../tools/emulator/helpers.ts';
import { startEmulator, type Emulator } from '../../tools/emulator/index.ts';

/**
 * One emulator and one set of real SDK clients for the test file, the emulator reset before each test. The object is
 * filled in `beforeAll`, so tests (not the file's top level) read it.
 */
export function useEmulator(options: { operationMs: number; ecsStageMs?: number }): {
  emulator: Emulator;
  aws: Clients;
} {
  const context = {} as { emulator: Emulator; aws: Clients };
  beforeAll(async () => {
    context.emulator = await startEmulator({
      operationMs: options.operationMs,
      ecsStageMs: options.ecsStageMs,
      lifetimeMs: 60_000,
    });
    context.aws = sdkClients(context.emulator);
  });
  afterAll(async () => {
    context.aws?.destroy();
    await context.emulator?.stop();
  });
  beforeEach(() => context.emulator.reset());
  return context;
}
