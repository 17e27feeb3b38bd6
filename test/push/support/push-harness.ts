/**
 * What the daemonless push tests share: a real registry behind the fault proxy, a work folder, and push options that
 * use small chunks so test-sized layers go through the chunked PATCH path. Each test gets a clean proxy log.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DaemonlessPushOptions } from '../../../src/core/push/daemonless.ts';
import { startRegistry, type TestRegistry } from '../../../tools/registry/launch.ts';
import type { WorkflowLog } from './workflow-mock.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';

export interface PushHarness {
  registry: TestRegistry;
  proxy: FaultProxy;
  work: string;
  options(
    overrides: Partial<DaemonlessPushOptions> & Pick<DaemonlessPushOptions, 'source' | 'repository'>,
  ): DaemonlessPushOptions;
}

export function pushHarness(log: WorkflowLog): PushHarness {
  const harness = {
    options: (overrides) => ({
      tags: ['v1'],
      credentials: {
        endpoint: harness.proxy.endpoint,
        registry: harness.proxy.host,
        username: harness.registry.username,
        password: harness.registry.password,
      },
      concurrency: 3,
      chunkSize: 64 * 1024,
      monolithicMax: 16 * 1024,
      retryDelayMs: 10,
      ...overrides,
    }),
  } as PushHarness;
  beforeAll(async () => {
    harness.registry = await startRegistry();
    harness.proxy = await startFaultProxy(harness.registry.port);
    harness.work = mkdtempSync(join(tmpdir(), 'push-test-'));
  });
  afterAll(async () => {
    await harness.proxy?.stop();
    await harness.registry?.stop();
    if (harness.work) rmSync(harness.work, { recursive: true, force: true });
  });
  beforeEach(() => {
    harness.proxy.reset();
    log.lines.length = 0;
  });
  return harness;
}
