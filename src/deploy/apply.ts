import * as runner from '../runner.js';
import { listTags, tagResource, untagResource } from '../aws/tags.js';
import { createService, startDeployment, updateService } from '../aws/services.js';
import type { Plan } from '../plan/plan.js';
import { planTags } from '../plan/tags.js';
import type { DeployContext } from './flow.js';
import { recordService } from './outcome.js';

/** Sends the planned change. Returns the operation to follow, or nothing when there was nothing to deploy. */
export async function applyPlan(options: {
  context: DeployContext;
  plan: Plan;
  serviceArn?: string;
}): Promise<{ id: string; label: string } | undefined> {
  const { context, plan } = options;
  const { clients, config, outcome } = context;
  if (plan.kind === 'create') {
    const tags = config.tags ? planTags({ current: {}, desired: config.tags }).set : {};
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const started = await createService(clients.apprunner, {
      ...plan.request,
      Tags: Tags.length > 0 ? Tags : undefined,
    });
    recordService(outcome, started.service);
    outcome.operationId = started.operationId;
    runner.info(`CreateService started operation ${started.operationId}.`);
    return { id: started.operationId, label: 'create' };
  }
  const serviceArn = options.serviceArn ?? '';
  // Tags first: TagResource is refused while an operation is in progress, which the update is about to start.
  if (config.tags) await syncTags(context, serviceArn);
  if (plan.kind === 'none') {
    outcome.result = 'no change';
    outcome.operationStatus = undefined;
    return undefined;
  }
  if (plan.kind === 'redeploy') {
    const operationId = await startDeployment(clients.apprunner, serviceArn);
    outcome.operationId = operationId;
    runner.info(`StartDeployment started operation ${operationId}.`);
    return { id: operationId, label: 'deployment' };
  }
  const started = await updateService(clients.apprunner, plan.request);
  recordService(outcome, started.service);
  outcome.operationId = started.operationId;
  runner.info(`UpdateService started operation ${started.operationId}.`);
  return { id: started.operationId, label: 'update' };
}

async function syncTags(context: DeployContext, serviceArn: string): Promise<void> {
  const client = context.clients.apprunner;
  const change = planTags({ current: await listTags(client, serviceArn), desired: context.config.tags ?? {} });
  await tagResource(client, { arn: serviceArn, tags: change.set });
  await untagResource(client, { arn: serviceArn, keys: change.remove });
  const keys = [...Object.keys(change.set).map((k) => `+${k}`), ...change.remove.map((k) => `-${k}`)];
  if (keys.length > 0) runner.info(`Tags: ${keys.join(' ')}`);
}
