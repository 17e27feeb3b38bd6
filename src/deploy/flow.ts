import * as runner from '../runner.js';
import type { Service } from '@aws-sdk/client-apprunner';
import type { DeployConfig } from '../config.js';
import type { Clients } from '../aws/clients.js';
import { latestOperation } from '../aws/operations.js';
import { deleteService, describeService, findServiceByName, resumeService } from '../aws/services.js';
import { decideStep, type Step } from '../plan/decide.js';
import { describePlan, planDeploy } from '../plan/plan.js';
import type { Clock } from '../wait.js';
import { applyPlan } from './apply.js';
import { resolveConnector } from './connector.js';
import { followOperation } from './follow.js';
import { DeployError, recordService, type Outcome } from './outcome.js';

export interface DeployContext {
  config: DeployConfig;
  clients: Clients;
  outcome: Outcome;
  clock?: Clock;
}

/** read current state → decide → (push, resolve, preflight) → plan → apply → wait. Fills `outcome` as it goes. */
export async function deploy(context: DeployContext): Promise<void> {
  const { config, outcome } = context;
  let { service, step } = await readAndDecide(context);
  if (step.kind === 'wait-for-busy') {
    await followBusy(context, service);
    ({ service, step } = await readAndDecide(context));
    if (step.kind === 'wait-for-busy')
      throw new DeployError(`Service \`${config.service}\` is busy again; run again later.`);
  }
  if (step.kind === 'resume' && !config.dryRun) {
    const started = await resumeService(context.clients.apprunner, service?.ServiceArn ?? '');
    await followStarted(context, { id: started.operationId, label: 'resume' });
    service = await describeService(context.clients.apprunner, service?.ServiceArn ?? '');
  }
  // Push and preflight load the ECR, Secrets Manager and SSM clients: only runs that use them pay for them.
  const image = config.push ? await (await import('./image.js')).resolveImage(context) : undefined;
  const vpcConnectorArn = config.connector
    ? await resolveConnector({
        client: context.clients.apprunner,
        source: config.connector,
        dryRun: config.dryRun,
        clock: context.clock,
      })
    : undefined;
  outcome.vpcConnectorArn = vpcConnectorArn ?? service?.NetworkConfiguration?.EgressConfiguration?.VpcConnectorArn;
  // In a dry run the image to push is not in ECR yet: there is nothing to check.
  const imageToCheck = config.dryRun && config.push ? undefined : (image ?? config.image);
  if (config.preflight) {
    const { preflight } = await import('./preflight.js');
    await preflight({ clients: context.clients, config, secrets: config.secrets, image: imageToCheck });
  }

  const recreate = step.kind === 'recreate';
  const plan = planDeploy({
    config,
    current: recreate ? undefined : service,
    resolved: { image, vpcConnectorArn },
    rebuild: step.kind === 'rebuild',
  });
  outcome.diff = describePlan(plan, config.service);
  outcome.imageUri = image ?? config.image ?? service?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
  runner.info(outcome.diff);
  if (config.dryRun) {
    outcome.result = 'dry run: nothing changed';
    return;
  }
  if (recreate && service?.ServiceArn) {
    runner.warning(`Deleting CREATE_FAILED service ${config.service} to create it again: its ARN and URL will change.`);
    const started = await deleteService(context.clients.apprunner, service.ServiceArn);
    await followStarted(context, { id: started.operationId, label: 'delete' });
  }
  const operation = await applyPlan({ context, plan, serviceArn: recreate ? undefined : service?.ServiceArn });
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

async function readAndDecide(context: DeployContext): Promise<{ service?: Service; step: Step }> {
  const { clients, config, outcome } = context;
  const summary = await findServiceByName(clients.apprunner, config.service);
  const service = summary?.ServiceArn ? await describeService(clients.apprunner, summary.ServiceArn) : undefined;
  if (service) recordService(outcome, service);
  const status = service?.Status;
  const lastOperation =
    status && status !== 'RUNNING' ? await latestOperation(clients.apprunner, service.ServiceArn ?? '') : undefined;
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

async function followBusy(context: DeployContext, service: Service | undefined): Promise<void> {
  const busy = await latestOperation(context.clients.apprunner, service?.ServiceArn ?? '');
  if (!busy?.Id) return;
  runner.info(
    `Service ${context.config.service} is busy with ${busy.Type} ${busy.Id}; waiting for it to end (on-busy: wait).`,
  );
  const label = `wait for ${busy.Type}`;
  // Whatever the earlier operation ended as, the service is free again; only a timeout stops us here.
  await followStarted(context, { id: busy.Id, label }).catch((error: unknown) => {
    if (!(error instanceof DeployError) || error.timedOut) throw error;
    runner.info(`The earlier operation ended: ${error.message}`);
  });
}

async function followStarted(context: DeployContext, operation: { id: string; label: string }) {
  context.outcome.operationId = operation.id;
  return followOperation({
    clients: context.clients,
    outcome: context.outcome,
    operation,
    timeoutSeconds: context.config.waitTimeoutSeconds,
    clock: context.clock,
  });
}
