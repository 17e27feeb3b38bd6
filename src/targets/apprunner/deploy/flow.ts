import * as runner from '../../../core/workflow.js';
import type { OperationSummary, Service } from '@aws-sdk/client-apprunner';
import { latestOperation } from '../aws/operations.js';
import { deleteService, describeService, findServiceByName, resumeService } from '../aws/services.js';
import { decideStep, type Step } from '../plan/decide.js';
import { describePlan, planDeploy, type Plan, type PlanMode } from '../plan/plan.js';
import type { Resolved } from '../plan/shape.js';
import { applyPlan } from './apply.js';
import { chooseConnector, createConnectorAndWait, describeChoice, type ConnectorChoice } from './connector.js';
import type { DeployContext } from './context.js';
import { followOperation } from './follow.js';
import { DeployError, recordService } from '../../../core/outcome.js';

export type { DeployContext } from './context.js';

/**
 * read current state → decide → check everything (plan with placeholders, preflight) → change (resume, push,
 * connector, apply) → wait. Nothing changes before every check has passed. Fills `outcome` as it goes.
 */
export async function deploy(context: DeployContext): Promise<void> {
  const { config, clients, outcome } = context;
  let { service, step } = await readAndDecide(context);
  if (step.kind === 'wait-for-busy') {
    await waitForBusy(context, service);
    ({ service, step } = await readAndDecide(context));
    if (step.kind === 'wait-for-busy')
      throw new DeployError(`Service \`${config.service}\` is busy again; run again later.`);
  }
  const connector = config.connector ? await chooseConnector(clients.apprunner, config.connector) : undefined;
  const draft = await planBeforeChanges(context, { current: service, step, connector });
  if (config.dryRun) {
    report(context, draft);
    outcome.result = 'dry run: nothing changed';
    return;
  }

  if (step.kind === 'resume' && service?.ServiceArn) {
    const started = await resumeService(clients.apprunner, service.ServiceArn);
    await followStarted(context, { id: await operationId(context, started.operationId), label: 'resume' });
    service = await describeService(clients.apprunner, service.ServiceArn);
  }
  const image = config.push ? await (await import('../../../core/push/step.js')).pushAndCheck(context) : undefined;
  const vpcConnectorArn =
    connector && 'create' in connector
      ? await createConnectorAndWait({ client: clients.apprunner, network: connector.create, clock: context.clock })
      : describeChoice(connector);
  const plan = planDeploy({ config, current: service, resolved: { image, vpcConnectorArn }, mode: modeOf(step) });
  report(context, plan);

  if (step.kind === 'recreate' && service?.ServiceArn) {
    runner.warning(`Deleting CREATE_FAILED service ${config.service} to create it again: its ARN and URL will change.`);
    const started = await deleteService(clients.apprunner, service.ServiceArn);
    await followStarted(context, { id: await operationId(context, started.operationId), label: 'delete' });
  }
  const operation = await applyPlan({
    context,
    plan,
    serviceArn: step.kind === 'recreate' ? undefined : service?.ServiceArn,
  });
  if (!operation) return;
  if (!config.wait) {
    outcome.result = `${operation.label} started; not waiting (wait: false)`;
    runner.info(`Not waiting for operation ${operation.id} (wait: false).`);
    return;
  }
  await followStarted(context, operation);
  if (outcome.serviceStatus !== 'RUNNING') {
    throw new DeployError(
      `Operation ${operation.id} ended SUCCEEDED but service \`${config.service}\` is ${outcome.serviceStatus}.`,
    );
  }
  outcome.result = `${operation.label} succeeded`;
}

/**
 * Plans with stand-ins for what only a change can produce (the pushed digest, a connector to create), so that every
 * input error the plan can find, and every preflight problem, stops the run before anything is changed.
 */
async function planBeforeChanges(
  context: DeployContext,
  draft: { current?: Service; step: Step; connector?: ConnectorChoice },
): Promise<Plan> {
  const { config, clients } = context;
  const resolved: Resolved = { vpcConnectorArn: describeChoice(draft.connector) };
  if (config.push) resolved.image = await (await import('../../../core/push/step.js')).imageForPlan(context);
  const plan = planDeploy({ config, current: draft.current, resolved, mode: modeOf(draft.step) });
  if (config.preflight) {
    // Push and preflight load the ECR, Secrets Manager and SSM clients: only runs that use them pay for them.
    const { preflight } = await import('../../../core/preflight.js');
    await preflight({ clients, config, secrets: config.secrets, image: config.push ? undefined : config.image });
  }
  return plan;
}

function report(context: DeployContext, plan: Plan): void {
  const { config, outcome } = context;
  outcome.diff = describePlan(plan, config.service);
  outcome.imageUri = outcome.imageUri ?? plan.image;
  runner.info(outcome.diff);
}

/** How the plan treats the service that is there: a CREATE_FAILED one is rebuilt in place or created again. */
function modeOf(step: Step): PlanMode {
  return step.kind === 'rebuild' || step.kind === 'recreate' ? step.kind : 'deploy';
}

async function readAndDecide(context: DeployContext): Promise<{ service?: Service; step: Step }> {
  const { clients, config, outcome } = context;
  const summary = await findServiceByName(clients.apprunner, config.service);
  const service = summary?.ServiceArn ? await describeService(clients.apprunner, summary.ServiceArn) : undefined;
  if (service) recordService(outcome, service);
  const status = service?.Status;
  const lastOperation =
    service?.ServiceArn && status !== 'RUNNING'
      ? await latestOperation(clients.apprunner, service.ServiceArn)
      : undefined;
  const step = decideStep({ status, lastOperation, choices: config });
  runner.info(
    service
      ? `Service ${config.service} is ${status}: ${step.kind}.`
      : `Service ${config.service} does not exist: create.`,
  );
  if (step.kind === 'refuse') {
    outcome.result = 'refused';
    throw new DeployError(step.message);
  }
  return { service, step };
}

/** Someone else's operation: followed to its end, but not ours to report in outputs or events. */
async function waitForBusy(context: DeployContext, service: Service | undefined): Promise<void> {
  const busy: OperationSummary | undefined = service?.ServiceArn
    ? await latestOperation(context.clients.apprunner, service.ServiceArn)
    : undefined;
  if (!busy?.Id) return;
  runner.info(
    `Service ${context.config.service} is busy with ${busy.Type} ${busy.Id}; waiting for it to end (on-busy: wait).`,
  );
  // Whatever the earlier operation ended as, the service is free again; only a timeout stops us here.
  await followOperation({
    clients: context.clients,
    outcome: context.outcome,
    operation: { id: busy.Id, label: `wait for ${busy.Type}`, ours: false },
    timeoutSeconds: context.config.waitTimeoutSeconds,
    clock: context.clock,
  }).catch((error: unknown) => {
    if (!(error instanceof DeployError) || error.timedOut) throw error;
    runner.info(`The earlier operation ended: ${error.message}`);
  });
}

/** Pause and resume may answer without an OperationId: then the service's newest operation is the one. */
async function operationId(context: DeployContext, id: string | undefined): Promise<string> {
  if (id) return id;
  const latest = await latestOperation(context.clients.apprunner, context.outcome.serviceArn ?? '');
  if (!latest?.Id) throw new DeployError('App Runner started an operation but reported no operation to follow.');
  return latest.Id;
}

async function followStarted(context: DeployContext, operation: { id: string; label: string }) {
  context.outcome.operationId = operation.id;
  return followOperation({
    clients: context.clients,
    outcome: context.outcome,
    operation: { ...operation, ours: true },
    timeoutSeconds: context.config.waitTimeoutSeconds,
    clock: context.clock,
  });
}
