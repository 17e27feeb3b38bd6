import type { ECSExpressGatewayService } from '@aws-sdk/client-ecs';
import { lazy } from '../../core/lazy.js';
import { DeployError } from '../../core/outcome.js';
import type { TargetState } from '../../core/target.js';
import * as workflow from '../../core/workflow.js';
import { ACTIVE_DEPLOYMENT, describeExpress, findService, listDeployments } from './aws.js';
import { recordExpress, servingExpressImage, type ExpressContext } from './context.js';
import { followDeployment } from './follow.js';
import { shapeOf, type ExpressShape } from './shape.js';

/** What ECS has now: the service (when ACTIVE), its configuration, and a deployment someone else has under way. */
export interface ExpressState extends TargetState {
  express?: ECSExpressGatewayService;
  /** The active configuration, flattened; on create, what an App Runner service being migrated has. */
  base?: ExpressShape;
  creating: boolean;
  tags: Record<string, string>;
  busyDeployment?: string;
}

/** Finds the service in the cluster and decides. Read-only; a refusal throws before any change. */
export async function readExpress(context: ExpressContext): Promise<ExpressState> {
  const { clients, config, outcome } = context;
  const where = { cluster: config.cluster, service: config.service };
  const service = await findService(clients.ecs, where);
  const status = service?.status;
  if (status === 'DRAINING') {
    outcome.serviceStatus = status;
    throw new DeployError(
      `Service \`${config.service}\` in cluster \`${config.cluster}\` is DRAINING: it is being deleted. Nothing was changed. ` +
        'Wait until it is INACTIVE (a few minutes) and run again to create it anew, or deploy under another service name.',
      { result: { kind: 'refused' } },
    );
  }
  if (!service?.serviceArn || status !== 'ACTIVE') {
    workflow.info(
      `Service ${config.service} ${status ? `is ${status}` : 'does not exist'} in cluster ${config.cluster}: create.`,
    );
    const base = config.fromAppRunnerService
      ? await (await lazy.fromAppRunner()).appRunnerDefaults(context)
      : undefined;
    return { busy: false, creating: true, base: base?.shape, tags: base?.tags ?? {} };
  }
  const express = await describeExpress(clients.ecs, service.serviceArn);
  recordExpress(outcome, express);
  // Until a deployment of this run ends, what serves is what served before it: a run that stops early says so.
  outcome.servingImageUri = servingExpressImage(express);
  const active = express.activeConfigurations?.[0];
  if (config.fromAppRunnerService) {
    workflow.info(
      `Service ${config.service} exists: \`from-apprunner-service\` only supplies defaults on create, and is not read.`,
    );
  }
  const running = await listDeployments(clients.ecs, { ...where, status: ACTIVE_DEPLOYMENT });
  const busyDeployment = running[0]?.serviceDeploymentArn;
  workflow.info(
    `Service ${config.service} is ACTIVE${busyDeployment ? ` with deployment ${busyDeployment} under way` : ''}: update.`,
  );
  if (busyDeployment && config.onBusy === 'fail') {
    throw new DeployError(
      `Service \`${config.service}\` has deployment ${busyDeployment} under way (${running[0].status}). Nothing was changed. ` +
        'Wait for it to end and run again, or set `on-busy: wait`.',
      { result: { kind: 'refused' } },
    );
  }
  const tags = Object.fromEntries((express.tags ?? []).map((tag) => [tag.key ?? '', tag.value ?? '']));
  return {
    busy: Boolean(busyDeployment),
    creating: false,
    express,
    base: active && shapeOf(active),
    tags,
    busyDeployment,
  };
}

/** Someone else's deployment: followed to its end, whatever it ends as; only a timeout stops the run here. */
export async function waitForBusy(context: ExpressContext, state: ExpressState): Promise<void> {
  if (!state.busyDeployment) return;
  workflow.info(`Waiting for deployment ${state.busyDeployment} to end (on-busy: wait).`);
  await followDeployment(context, { id: state.busyDeployment, label: 'wait for deployment', ours: false }).catch(
    (error: unknown) => {
      if (!(error instanceof DeployError) || error.timedOut) throw error;
      workflow.info(`The earlier deployment ended: ${error.message}`);
    },
  );
}
