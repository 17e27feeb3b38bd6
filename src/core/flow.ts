import type { Clients } from './aws/clients.js';
import type { CommonConfig } from './config.js';
import { lazy } from './lazy.js';
import { DeployError, type Outcome } from './outcome.js';
import type { DeployContext, Target, TargetPlan, TargetState } from './target.js';
import * as workflow from './workflow.js';

/**
 * The deploy, whatever the target: read → decide → check everything (a plan with stand-ins, preflight) → change
 * (prepare, push) → plan → apply → follow. Nothing changes before every check has passed. The outcome's result is
 * recorded here, from what the steps return.
 */
export async function deploy<
  C extends CommonConfig,
  K extends Clients,
  O extends Outcome,
  S extends TargetState,
  P extends TargetPlan,
>(target: Target<C, K, O, S, P>, context: DeployContext<C, K, O>): Promise<void> {
  try {
    await steps(target, context);
  } catch (error) {
    // A step that failed says how the run ended; the run records it here, in one place.
    if (error instanceof DeployError && error.result) context.outcome.result = error.result;
    throw error;
  }
}

async function steps<
  C extends CommonConfig,
  K extends Clients,
  O extends Outcome,
  S extends TargetState,
  P extends TargetPlan,
>(target: Target<C, K, O, S, P>, context: DeployContext<C, K, O>): Promise<void> {
  const { config, outcome } = context;
  let state = await target.read(context);
  if (state.busy) {
    await target.waitForBusy(context, state);
    state = await target.read(context);
    if (state.busy)
      throw new DeployError(`Service \`${config.service}\` is busy again; nothing was changed. Run again later.`);
  }
  const draft = await planBeforeChanges(target, { context, state });
  if (config.dryRun) {
    report(context, draft);
    outcome.result = { kind: 'dry-run' };
    return;
  }

  state = await target.prepare(context, state);
  const image = config.push ? await (await lazy.push()).pushAndCheck(context) : undefined;
  const plan = target.plan(context, { state, image });
  report(context, plan);
  const started = await target.apply(context, { plan, state });
  if (!started) {
    outcome.result = { kind: 'no-change' };
    return;
  }
  outcome.operationId = started.id;
  if (!config.wait) {
    outcome.result = { kind: 'not-waiting', label: started.label };
    workflow.info(`Not waiting for ${target.followed} ${started.id} (wait: false).`);
    return;
  }
  outcome.result = await target.follow(context, started);
}

/**
 * Plans with a stand-in for the image a push will produce, so that every input error the plan can find, and every
 * preflight problem, stops the run before anything is changed.
 */
async function planBeforeChanges<
  C extends CommonConfig,
  K extends Clients,
  O extends Outcome,
  S extends TargetState,
  P extends TargetPlan,
>(target: Target<C, K, O, S, P>, draft: { context: DeployContext<C, K, O>; state: S }): Promise<P> {
  const { context, state } = draft;
  const { config } = context;
  const image = config.push ? await (await lazy.push()).imageForPlan(context) : undefined;
  const plan = target.plan(context, { state, image });
  if (config.preflight) {
    await (
      await lazy.preflight()
    ).preflight({
      context,
      secrets: config.secrets,
      image: config.push ? undefined : config.image,
      account: target.account?.(config),
    });
  }
  return plan;
}

function report(context: DeployContext<CommonConfig, Clients, Outcome>, plan: TargetPlan): void {
  const { config, outcome } = context;
  outcome.diff = describePlan(plan, config.service);
  outcome.imageUri = outcome.imageUri ?? plan.image;
  workflow.info(outcome.diff);
}

/** The diff as the log and the summary show it. */
export function describePlan(plan: TargetPlan, service: string): string {
  const head = {
    create: `Create service ${service}:`,
    update: `Update service ${service}:`,
    redeploy: `No change to service ${service}; force-deploy starts a new deployment of the same configuration.`,
    none: `No change to service ${service}: nothing to deploy.`,
  }[plan.kind];
  const lines = [head, ...plan.changes.map((change) => `  ${change.line}`)];
  // A tag names whatever was pushed last: the service cannot tell that it now points at another image.
  // (A source-code plan names its repository and branch: `https://...`, which no tag note fits.)
  if (plan.kind === 'none' && !plan.image.includes('@sha256:') && !plan.image.startsWith('https://')) {
    lines.push(
      `  The image is named by tag: if ${plan.image} was pushed again, set \`force-deploy: true\` or deploy by digest.`,
    );
  }
  return lines.join('\n');
}
