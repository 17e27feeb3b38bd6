import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import type { mockClient } from 'aws-sdk-client-mock';
import { deploy } from '../../src/core/flow.ts';
import { newOutcome } from '../../src/core/outcome.ts';
import { describeResult } from '../../src/core/report/result.ts';
import type { AppRunnerOutcome } from '../../src/targets/apprunner/context.ts';
import { appRunner } from '../../src/targets/apprunner/index.ts';
import { parseAppRunnerInputs } from '../../src/targets/apprunner/inputs.ts';
import { fakeClock, IMAGE, ROLE } from '../unit/fixtures.ts';
import { mockedClients, mutatingCalls } from './harness.ts';

/** App Runner flow tests: the action's inputs as a user writes them, parsed by the real parser, then `deploy`. */
export const IMAGE_INPUTS = { service: 'web-app', region: 'eu-west-1', image: IMAGE, 'access-role-arn': ROLE };

export function setUp() {
  const { clients, mocks } = mockedClients();
  const reset = () => {
    Object.values(mocks).forEach((mock) => mock.reset());
    mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: 'sha256:x' }] });
  };

  /** Runs one deploy; `env` is what the parser reads besides the inputs. */
  async function run(inputs: Record<string, string>, env: Record<string, string | undefined> = {}) {
    const config = parseAppRunnerInputs((name) => inputs[name] ?? '', env);
    const outcome: AppRunnerOutcome = newOutcome(0);
    const clock = fakeClock();
    let error: Error | undefined;
    try {
      await deploy(appRunner, { config, clients, outcome, clock });
    } catch (caught) {
      error = caught as Error;
    }
    return {
      outcome: { ...outcome, result: describeResult(outcome.result) },
      error,
      clock,
      mutating: mutatingCalls(mocks.apprunner),
    };
  }

  return { clients, mocks, reset, run };
}

/** Every call the App Runner client was sent, by command name, in order. */
export function sent(mock: ReturnType<typeof mockClient>): string[] {
  return mock.calls().map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
}
