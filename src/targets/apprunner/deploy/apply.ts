import * as runner from '../../../core/workflow.js';
import { listTags, tagResource, untagResource } from '../aws/tags.js';
import { createService, startDeployment, updateService } from '../aws/services.js';
import type { Plan } from '../plan/plan.js';
import { OWNED_KEYS_TAG, planTags } from '../plan/tags.js';
import type { DeployContext } from './context.js';
import { findLostOperation } from './lost-response.js';
import { DeployError, recordService, type Outcome } from '../../../core/outcome.js';

/** Sends the planned change. Returns the operation to follow, or nothing when there was nothing to deploy. */
export async function applyPlan(options: {
  context: DeployContext;
  plan: Plan;
  serviceArn?: string;
}): Promise<{ id: string; label: string } | undefined> {
  const { context, plan, serviceArn } = options;
  const { clients, config, outcome } = context;
  const calledAt = Date.now();
  /** The operation a call started even though its answer was lost, or the call's own error. */
  const recover = (type: 'CREATE_SERVICE' | 'UPDATE_SERVICE' | 'START_DEPLOYMENT') => async (error: unknown) => {
    const service = { name: config.service, arn: serviceArn };
    return (
      (await findLostOperation({ client: clients.apprunner, error, calledAt, service, type })) ?? Promise.reject(error)
    );
  };
  if (plan.kind === 'create') {
    const tags = config.tags ? planTags({ current: {}, desired: config.tags }).set : {};
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const created = await createService(clients.apprunner, {
      ...plan.request,
      Tags: Tags.length > 0 ? Tags : undefined,
    }).catch(recover('CREATE_SERVICE'));
    recordService(outcome, created.service);
    return started(outcome, { id: created.operationId, label: 'create', call: 'CreateService' });
  }
  if (!serviceArn) throw new DeployError(`No ARN for service \`${config.service}\` to ${plan.kind}.`);
  // Tags first: TagResource is refused while an operation is in progress, which the update is about to start.
  if (config.tags) await syncTags(context, serviceArn);
  if (plan.kind === 'none') {
    outcome.result = 'no change';
    outcome.operationStatus = undefined;
    return undefined;
  }
  if (plan.kind === 'redeploy') {
    const id = await startDeployment(clients.apprunner, serviceArn).catch(
      async (error: unknown) => (await recover('START_DEPLOYMENT')(error)).operationId,
    );
    return started(outcome, { id, label: 'deployment', call: 'StartDeployment' });
  }
  const updated = await updateService(clients.apprunner, plan.request).catch(recover('UPDATE_SERVICE'));
  recordService(outcome, updated.service);
  return started(outcome, { id: updated.operationId, label: 'update', call: 'UpdateService' });
}

/** These calls always answer an OperationId; without one there is nothing to follow or report. */
function started(outcome: Outcome, operation: { id?: string; label: string; call: string }) {
  if (!operation.id) throw new DeployError(`${operation.call} answered no OperationId.`);
  outcome.operationId = operation.id;
  runner.info(`${operation.call} started operation ${operation.id}.`);
  return { id: operation.id, label: operation.label };
}

async function syncTags(context: DeployContext, serviceArn: string): Promise<void> {
  const client = context.clients.apprunner;
  const change = planTags({ current: await listTags(client, serviceArn), desired: context.config.tags ?? {} });
  if (change.unrecorded) {
    runner.warning(
      `Tag keys could not be recorded in ${OWNED_KEYS_TAG} (a key has a space, or 256 characters in all): keys dropped from \`tags\` later will not be removed.`,
    );
  }
  await tagResource(client, { arn: serviceArn, tags: change.set });
  await untagResource(client, { arn: serviceArn, keys: change.remove });
  const keys = [...Object.keys(change.set).map((k) => `+${k}`), ...change.remove.map((k) => `-${k}`)];
  if (keys.length > 0) runner.info(`Tags: ${keys.join(' ')}`);
}
