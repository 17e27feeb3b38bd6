import type { Clock } from '../../core/clock.js';
import { realClock } from '../../core/clock.js';
import { DeployError } from '../../core/outcome.js';
import { planTags } from '../../core/tags.js';
import type { Started } from '../../core/target.js';
import * as workflow from '../../core/workflow.js';
import { createExpress, listDeployments, tagService } from './aws.js';
import { UpdateExpressGatewayServiceCommand } from '@aws-sdk/client-ecs';
import { recordExpress, type ExpressContext } from './context.js';
import type { ExpressPlan } from './plan.js';
import type { ExpressState } from './read.js';

/** Runner and AWS clocks may differ by this much: a deployment created within it before our call may be ours. */
const CLOCK_MARGIN_MS = 120_000;

/** Sends the planned change. Returns the deployment to follow, or nothing when there was nothing to deploy. */
export async function applyExpress(
  context: ExpressContext,
  input: { plan: ExpressPlan; state: ExpressState },
): Promise<Started | undefined> {
  const { plan, state } = input;
  const { clients, config, outcome } = context;
  if (plan.kind !== 'none') {
    outcome.logGroup = plan.request.primaryContainer?.awsLogsConfiguration?.logGroup;
    outcome.logStreamPrefix = plan.request.primaryContainer?.awsLogsConfiguration?.logStreamPrefix;
  }
  if (plan.kind === 'create') {
    const tags = planTags({ current: {}, desired: config.tags ?? state.tags }).set;
    const request = { ...plan.request, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) };
    // A service created again after INACTIVE may list deployments of its earlier life: none of them is ours.
    const known = await knownDeployments(context, { missingIsEmpty: true });
    const calledAt = Date.now();
    const created = await createExpress(clients.ecs, request.tags.length > 0 ? request : plan.request);
    if (created) recordExpress(outcome, created);
    return started(context, { calledAt, known, label: 'create' });
  }
  const serviceArn = state.express?.serviceArn;
  if (!serviceArn)
    throw new DeployError(`No ARN for service \`${config.service}\` to ${plan.kind}; nothing was changed.`);
  if (config.tags) {
    const change = planTags({ current: state.tags, desired: config.tags });
    await tagService(clients.ecs, { arn: serviceArn, set: change.set, remove: change.remove });
  }
  if (plan.kind === 'none') return undefined;
  const known = await knownDeployments(context, { missingIsEmpty: false });
  const calledAt = Date.now();
  await clients.ecs.send(new UpdateExpressGatewayServiceCommand(plan.request));
  return started(context, { calledAt, known, label: plan.kind === 'redeploy' ? 'deployment' : 'update' });
}

/** The deployments listed before the call; for a service that does not exist yet, ECS may refuse to list: none. */
async function knownDeployments(context: ExpressContext, options: { missingIsEmpty: boolean }) {
  try {
    return new Set((await recent(context, Date.now())).map((brief) => brief.serviceDeploymentArn));
  } catch (error) {
    if (options.missingIsEmpty && /NotFound|NotActive|InvalidParameter/.test((error as Error).name))
      return new Set<string>();
    throw error;
  }
}

function recent(context: ExpressContext, calledAt: number) {
  const { config, clients } = context;
  return listDeployments(clients.ecs, {
    cluster: config.cluster,
    service: config.service,
    after: new Date(calledAt - CLOCK_MARGIN_MS),
  });
}

/**
 * The deployment the call started: the newest one created since the call that was not there before it. ECS lists
 * it within seconds; it is looked for a bounded time rather than taken from an undocumented answer field.
 */
async function started(
  context: ExpressContext,
  call: { calledAt: number; known: Set<string | undefined>; label: string },
): Promise<Started> {
  const clock: Clock = context.clock ?? realClock;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const found = (await recent(context, call.calledAt)).find((brief) => !call.known.has(brief.serviceDeploymentArn));
    if (found?.serviceDeploymentArn) {
      workflow.info(
        `${call.label === 'create' ? 'CreateExpressGatewayService' : 'UpdateExpressGatewayService'} started deployment ${found.serviceDeploymentArn}.`,
      );
      context.outcome.serviceRevisionArn = found.targetServiceRevisionArn;
      return { id: found.serviceDeploymentArn, label: call.label };
    }
    await clock.sleep(1000 * Math.min(attempt + 1, 3));
  }
  throw new DeployError(
    `ECS accepted the ${call.label} of service \`${context.config.service}\` but listed no new deployment within ~25 s. ` +
      'The change may still roll out: follow it in the ECS console, and run again to follow it here.',
  );
}
