import { describe, expect, it } from '@jest/globals';
import { expectFailure, expectNoLeaks, onceCalled } from './support/harness.ts';
import { seedActiveExpress, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

describe('ECS Express: a wait whose polls go unanswered', () => {
  it('says the deployment status could not be read, not that it is still PENDING', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'unread-api');
    // The deployment ends within a second; every read of it is held past the wait.
    const cancel = onceCalled(emulator, { operation: 'UpdateExpressGatewayService' }, () =>
      emulator.injectFault({
        operation: 'DescribeServiceDeployments',
        service: 'ecs',
        kind: 'slow',
        delayMs: 30_000,
        times: 10,
      }),
    );
    const result = await harness.run({ service: 'unread-api', image: v2, 'wait-timeout': '10' });
    cancel();

    const [deployment] = emulator.expressService('unread-api')?.deployments ?? [];
    expect(deployment.status).toBe('SUCCESSFUL');
    expectFailure(result, /status could not be read for the last \d+s \(a read got no answer within \d+s\)/);
    expect(result.errors[0]).not.toMatch(/is still /);
    expect(result.errors[0]).toContain(`Deployment ${deployment.arn}`);
    expect(result.errors[0]).toContain('after 10s');
    expect(result.durationMs).toBeLessThan(25_000);
    expectNoLeaks(result);
  });
});
