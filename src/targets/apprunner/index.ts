import { accountOf } from '../../core/inputs/arn.js';
import { DeployError } from '../../core/outcome.js';
import type { Target } from '../../core/target.js';
import type { AppRunnerConfig } from './config.js';
import { appRunnerOutputs, createAppRunnerClients, type AppRunnerClients, type AppRunnerOutcome } from './context.js';
import { applyPlan } from './deploy/apply.js';
import { resolvedConfigurations } from './deploy/configurations.js';
import { describeChoice } from './deploy/connector.js';
import { ensureCustomDomain } from './deploy/domains.js';
import { followOperation } from './deploy/follow.js';
import { prepare, readService, waitForBusy, type AppRunnerState } from './deploy/read.js';
import { parseAppRunnerInputs } from './inputs.js';
import { planDeploy, type Plan } from './plan/plan.js';
import type { Step } from './plan/decide.js';

/** How the plan treats the service that is there: a CREATE_FAILED one is rebuilt in place or created again. */
function modeOf(step: Step) {
  return step.kind === 'rebuild' || step.kind === 'recreate' ? step.kind : 'deploy';
}

/** A warning found while reading goes into the plan, so the log and the summary both show it. */
function withNote(note: string | undefined, plan: Plan): Plan {
  return note ? { ...plan, changes: [...plan.changes, { section: 'source', line: note }] } : plan;
}

/** AWS App Runner behind the core pipeline's seam: its steps, each in its own module. */
export const appRunner: Target<AppRunnerConfig, AppRunnerClients, AppRunnerOutcome, AppRunnerState, Plan> = {
  title: 'App Runner',
  followed: 'operation',
  parseInputs: parseAppRunnerInputs,
  createClients: createAppRunnerClients,
  outputs: appRunnerOutputs,
  read: readService,
  waitForBusy,
  plan: (context, { state, image }) =>
    withNote(
      state.branchNote,
      planDeploy({
        config: context.config,
        current: state.service,
        resolved: {
          image,
          vpcConnectorArn: describeChoice(state.connector),
          ...resolvedConfigurations(state.configurations ?? {}),
        },
        mode: modeOf(state.step),
      }),
    ),
  prepare,
  apply: applyPlan,
  follow: async (context, started) => {
    const result = await followOperation(context, { ...started, ours: true });
    const status = context.outcome.serviceStatus;
    if (status !== 'RUNNING') {
      throw new DeployError(
        `Operation ${started.id} ended SUCCEEDED but service \`${context.config.service}\` is ${status}; see it in the App Runner console.`,
      );
    }
    // A new service takes its custom domain once it runs (an existing one took it before the update).
    await ensureCustomDomain(context);
    return result;
  },
  // The roles are in the deploy's account: preflight does not look into other accounts.
  account: (config) => accountOf(config.accessRoleArn ?? config.instanceRoleArn),
};
