import { DeployError } from '../../../core/outcome.js';
import type { Started } from '../../../core/target.js';
import * as workflow from '../../../core/workflow.js';
import { listTags, tagResource, untagResource } from '../aws/tags.js';
import { createService, deleteService, startDeployment, updateService } from '../aws/services.js';
import { recordService, type AppRunnerContext } from '../context.js';
import type { Plan } from '../plan/plan.js';
import { OWNED_KEYS_TAG, planTags } from '../../../core/tags.js';
import { ensureCustomDomain } from './domains.js';
import { findLostOperation } from './lost-response.js';
import { followOperation } from './follow.js';
import { operationIdOf, type AppRunnerState } from './read.js';

/** Sends the planned change. Returns the operation to follow, or nothing when there was nothing to deploy. */
export async function applyPlan(
  context: AppRunnerContext,
  input: { plan: Plan; state: AppRunnerState },
): Promise<Started | undefined> {
  const { plan, state } = input;
  const { clients, config, outcome } = context;
  if (state.step.kind === 'recreate' && state.service?.ServiceArn)
    await deleteForRecreate(context, state.service.ServiceArn);
  const serviceArn = state.step.kind === 'recreate' ? undefined : state.service?.ServiceArn;
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
    return operationStarted({ id: created.operationId, label: 'create', call: 'CreateService' });
  }
  if (!serviceArn)
    throw new DeployError(`No ARN for service \`${config.service}\` to ${plan.kind}; nothing was changed.`);
  // Tags first: TagResource is refused while an operation is in progress, which the update is about to start.
  if (config.tags) await syncTags(context, serviceArn);
  // Like tags, before the operation: App Runner refuses an association while one is in progress.
  if (state.service?.Status === 'RUNNING') await ensureCustomDomain(context);
  if (plan.kind === 'none') {
    outcome.operationStatus = undefined;
    return undefined;
  }
  if (plan.kind === 'redeploy') {
    const id = await startDeployment(clients.apprunner, serviceArn).catch(
      async (error: unknown) => (await recover('START_DEPLOYMENT')(error)).operationId,
    );
    return operationStarted({ id, label: 'deployment', call: 'StartDeployment' });
  }
  const updated = await updateService(clients.apprunner, plan.request).catch(recover('UPDATE_SERVICE'));
  recordService(outcome, updated.service);
  return operationStarted({ id: updated.operationId, label: 'update', call: 'UpdateService' });
}

/** These calls always answer an OperationId; without one there is nothing to follow or report. */
function operationStarted(operation: { id?: string; label: string; call: string }): Started {
  if (!operation.id)
    throw new DeployError(`${operation.call} answered no OperationId; follow the service in the console.`);
  workflow.info(`${operation.call} started operation ${operation.id}.`);
  return { id: operation.id, label: operation.label };
}

async function deleteForRecreate(context: AppRunnerContext, serviceArn: string): Promise<void> {
  workflow.warning(
    `Deleting CREATE_FAILED service ${context.config.service} to create it again: its ARN and URL will change.`,
  );
  const deleted = await deleteService(context.clients.apprunner, serviceArn);
  await followOperation(context, {
    id: await operationIdOf(context, deleted.operationId),
    label: 'delete',
    ours: true,
  });
}

async function syncTags(context: AppRunnerContext, serviceArn: string): Promise<void> {
  const client = context.clients.apprunner;
  const change = planTags({ current: await listTags(client, serviceArn), desired: context.config.tags ?? {} });
  if (change.unrecorded) {
    workflow.warning(
      `Tag keys could not be recorded in ${OWNED_KEYS_TAG} (a key has a space, or 256 characters in all): keys dropped from \`tags\` later will not be removed.`,
    );
  }
  await tagResource(client, { arn: serviceArn, tags: change.set });
  await untagResource(client, { arn: serviceArn, keys: change.remove });
  const keys = [...Object.keys(change.set).map((k) => `+${k}`), ...change.remove.map((k) => `-${k}`)];
  if (keys.length > 0) workflow.info(`Tags: ${keys.join(' ')}`);
}
