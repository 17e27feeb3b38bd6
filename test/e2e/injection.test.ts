import { describe, expect, it } from '@jest/globals';
import { FAKE_GITHUB_TOKEN } from '../../tools/runner/run-action.ts';
import { expectFailure, expectNoLeaks, onceCalled, seedRunningService, type RunResult } from './support/harness.ts';
import { createInputs, seedActiveExpress, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/*
 * Text from outside (inputs, AWS answers, the application's own log lines) must not turn into workflow commands in
 * the log: a line the runner reads as `::set-output ...` would change an output, `::add-mask::` would hide log text.
 */

const harness = useHarness({ ecsStageMs: STAGE_MS });

const HOSTILE_LINES = [
  '::set-output name=service-url::http://evil',
  '::add-mask::x',
  '  ::error::forged failure',
  'progress ##[set-output name=service-url;]http://evil',
];

/** The workflow commands the runner would read in stdout: lines split as it splits them, blanks trimmed as it does. */
function runnerCommands(stdout: string): { name: string; data: string }[] {
  const commands: { name: string; data: string }[] = [];
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(/^[\s\u0085]+/, '');
    if (trimmed.startsWith('::')) {
      const end = trimmed.indexOf('::', 2);
      commands.push({ name: trimmed.slice(2, end < 0 ? undefined : end).split(' ')[0], data: trimmed.slice(end + 2) });
    }
    // The runner's old command form, `##[name ...]data`, is read anywhere in a line.
    const old = /##\[([\w-]+)/.exec(line);
    if (old) commands.push({ name: old[1], data: line });
  }
  return commands;
}

/** Only the action's own commands: no output set from the log, nothing masked but what the action masks. */
function expectOwnCommandsOnly(result: RunResult, own: { errors: number; masks: string[] }): void {
  const commands = runnerCommands(result.stdout);
  expect(commands.filter((command) => !['add-mask', 'group', 'endgroup', 'warning'].includes(command.name))).toEqual(
    Array.from({ length: own.errors }, () => expect.objectContaining({ name: 'error' })),
  );
  expect(commands.filter((command) => command.name === 'add-mask').map((command) => command.data)).toEqual(own.masks);
  expect(JSON.stringify(result.outputs)).not.toContain('http://evil');
}

describe('workflow-command injection', () => {
  it('App Runner: service event lines that look like commands are printed as text', async () => {
    const { emulator } = harness;
    const { v2, seeded } = seedRunningService(emulator, 'hostile-events');
    emulator.planNextOperation('hostile-events', { outcome: 'rollback', durationMs: 1500 });
    // Written while the update runs, to the service events and the deployment's own log, as App Runner writes both.
    const log = emulator.serviceEventLog('hostile-events');
    if (!log) throw new Error('no event log');
    const cancel = onceCalled(emulator, { operation: 'UpdateService' }, () => {
      const operation = emulator.service('hostile-events')?.operations[0].id ?? '';
      emulator.appendLogLines(log, HOSTILE_LINES);
      emulator.appendLogLines({ group: log.group, stream: `deployment/${operation}` }, HOSTILE_LINES);
    });
    const result = await harness.run({ service: 'hostile-events', image: v2 });
    cancel();

    expectFailure(result, 'was rolled back');
    expectOwnCommandsOnly(result, { errors: 1, masks: [FAKE_GITHUB_TOKEN] });
    // The lines were read and shown, as text.
    expect(result.stdout).toContain('::set-output name=service-url::http://evil');
    expect(result.stdout).toContain('::add-mask::x');
    expect(result.summary).toContain('::set-output name=service-url::http://evil');
    expect(result.outputs['service-url']).toBe(`https://${String(seeded.description.ServiceUrl)}`);
    expectNoLeaks(result);
  });

  it('ECS Express: container log lines that look like commands are printed as text', async () => {
    const { emulator } = harness;
    const { v2, state } = seedActiveExpress(emulator, 'hostile-logs');
    emulator.planNextEcsDeployment('hostile-logs', { outcome: 'circuit-breaker', crashLines: HOSTILE_LINES });
    const result = await harness.run({ service: 'hostile-logs', image: v2 }, { action: 'ecs-express' });

    expectFailure(result, 'ROLLBACK_SUCCESSFUL');
    expectOwnCommandsOnly(result, { errors: 1, masks: [FAKE_GITHUB_TOKEN] });
    expect(result.stdout).toContain('::set-output name=service-url::http://evil');
    expect(result.summary).toContain('::add-mask::x');
    expect(result.outputs['service-url']).toBe(`https://${state.endpoint}`);
    expectNoLeaks(result);
  });

  it.each([
    ['apprunner', 'start-command'],
    ['apprunner', 'health-check-path'],
    ['ecs-express', 'start-command'],
    ['ecs-express', 'health-check-path'],
    ['ecs-express', 'log-group'],
  ] as const)('%s: a multi-line `%s` is refused before any AWS call', async (action, input) => {
    const { emulator } = harness;
    const values: Record<string, string> = {
      'start-command': 'node server.js',
      'health-check-path': '/health',
      'log-group': '/ecs/web',
    };
    const image = `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/web:v1`;
    const base =
      action === 'apprunner' ? { service: 'hostile-input', image } : createInputs(emulator, 'hostile-input', image);
    const result = await harness.run({ ...base, [input]: `${values[input]}\n${HOSTILE_LINES.join('\n')}` }, { action });

    expectFailure(result, `Input \`${input}\`: has a line break (U+000A)`);
    expect(emulator.calls()).toEqual([]);
    // Refused before the token is masked: nothing is masked, and nothing of the input's other lines is a command.
    expectOwnCommandsOnly(result, { errors: 1, masks: [] });
  });
});
