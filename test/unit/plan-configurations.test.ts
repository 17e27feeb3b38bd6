import { describe, expect, it } from '@jest/globals';
import { planDeploy } from '../../src/targets/apprunner/plan/plan.ts';
import { config, runningService } from './fixtures.ts';

const ACCOUNT = 'arn:aws:apprunner:eu-west-1:123456789012';
const SCALING = `${ACCOUNT}:autoscalingconfiguration/web-app/2/${'3'.repeat(32)}`;
const XRAY = `${ACCOUNT}:observabilityconfiguration/web-app-xray/1/${'4'.repeat(32)}`;

describe('planDeploy with configurations found or created by value', () => {
  it('sends a found auto scaling revision, and nothing when the service already uses it', () => {
    const plan = planDeploy({
      config: config({ scaling: { name: 'web-app', minSize: 1, maxSize: 4, maxConcurrency: 100 } }),
      current: runningService(),
      resolved: { autoScalingConfigArn: SCALING },
    });
    expect(plan.kind).toBe('update');
    expect(plan.kind === 'update' && plan.request.AutoScalingConfigurationArn).toBe(SCALING);
    const using = runningService();
    using.AutoScalingConfigurationSummary = { AutoScalingConfigurationArn: SCALING };
    expect(planDeploy({ config: config(), current: using, resolved: { autoScalingConfigArn: SCALING } }).kind).toBe(
      'none',
    );
  });

  it('attaches X-Ray, keeps it on a rerun and detaches it with tracing off', () => {
    const attach = planDeploy({
      config: config({ tracing: 'xray' }),
      current: runningService(),
      resolved: { observabilityConfigArn: XRAY },
    });
    expect(attach.kind === 'update' && attach.request.ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: XRAY,
    });
    const tracing = runningService();
    tracing.ObservabilityConfiguration = { ObservabilityEnabled: true, ObservabilityConfigurationArn: XRAY };
    expect(
      planDeploy({ config: config({ tracing: 'xray' }), current: tracing, resolved: { observabilityConfigArn: XRAY } })
        .kind,
    ).toBe('none');
    const off = planDeploy({ config: config({ tracing: 'off' }), current: tracing, resolved: {} });
    expect(off.kind === 'update' && off.request.ObservabilityConfiguration).toEqual({ ObservabilityEnabled: false });
    expect(off.changes.map((change) => change.line)).toEqual([`observability-config-arn: ${XRAY} → (none)`]);
  });
});
