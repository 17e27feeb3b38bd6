import type { OperationSummary, Service } from '@aws-sdk/client-apprunner';
import { DeployError } from '../../../core/outcome.js';
import type { TargetState } from '../../../core/target.js';
import * as workflow from '../../../core/workflow.js';
import { latestOperation } from '../aws/operations.js';
import { describeService, findServiceByName, resumeService } from '../aws/services.js';
import { recordService, servingImage, type AppRunnerContext } from '../context.js';
import { decideStep, type Step } from '../plan/decide.js';
import { chooseConfigurations, createConfigurations, type ConfigurationChoices } from './configurations.js';
import { checkSourceCode } from './connection.js';
import { chooseConnector, createConnectorAndWait, type ConnectorChoice } from './connector.js';
import { followOperation } from './follow.js';

/** What App Runner has now, and what to do with it. */
export interface AppRunnerState extends TargetState {
  service?: Service;
  step: Step;
  /** Where VPC egress goes: a connector that exists, or one to create once every check has passed. */
  connector?: ConnectorChoice;
  /** Auto scaling and observability configurations the inputs give by value (empty while busy). */
  configurations?: ConfigurationChoices;
  /** Source-code mode: a warning for the plan when the workflow's commit is not the branch's head. */
  branchNote?: string;
}

/** Finds the service by name, describes it and decides. Read-only; a refusal throws before any change. */
export async function readService(context: AppRunnerContext): Promise<AppRunnerState> {
  const { clients, config, outcome } = context;
  const summary = await findServiceByName(clients.apprunner, config.service);
  const service = summary?.ServiceArn ? await describeService(clients.apprunner, summary.ServiceArn) : undefined;
  if (service) recordService(outcome, service);
  // Until an operation of this run ends, what serves is what served before it: a run that stops early says so.
  outcome.servingImageUri = service && servingImage(service);
  const status = service?.Status;
  const lastOperation =
    service?.ServiceArn && status !== 'RUNNING'
      ? await latestOperation(clients.apprunner, service.ServiceArn)
      : undefined;
  const step = decideStep({ status, lastOperation, choices: config });
  workflow.info(
    service
      ? `Service ${config.service} is ${status}: ${step.kind}.`
      : `Service ${config.service} does not exist: create.`,
  );
  if (step.kind === 'refuse') throw new DeployError(step.message, { result: { kind: 'refused' } });
  const busy = step.kind === 'wait-for-busy';
  const connector = config.connector && !busy ? await chooseConnector(clients.apprunner, config.connector) : undefined;
  const configurations = busy ? undefined : await chooseConfigurations(context, service);
  const branchNote = config.sourceCode && !busy ? await checkSourceCode(context, config.sourceCode) : undefined;
  return { busy, service, step, connector, configurations, branchNote };
}

/** Someone else's operation: followed to its end, but not ours to report in outputs or events. */
export async function waitForBusy(context: AppRunnerContext, state: AppRunnerState): Promise<void> {
  const busy: OperationSummary | undefined = state.service?.ServiceArn
    ? await latestOperation(context.clients.apprunner, state.service.ServiceArn)
    : undefined;
  if (!busy?.Id) return;
  workflow.info(
    `Service ${context.config.service} is busy with ${busy.Type} ${busy.Id}; waiting for it to end (on-busy: wait).`,
  );
  // Whatever the earlier operation ended as, the service is free again; only a timeout stops us here.
  await followOperation(context, { id: busy.Id, label: `wait for ${busy.Type}`, ours: false }).catch(
    (error: unknown) => {
      if (!(error instanceof DeployError) || error.timedOut) throw error;
      workflow.info(`The earlier operation ended: ${error.message}`);
    },
  );
}

/** The changes a deploy needs first, made only once every check has passed: resume, and a new VPC connector. */
export async function prepare(context: AppRunnerContext, state: AppRunnerState): Promise<AppRunnerState> {
  const { clients } = context;
  let { service, connector } = state;
  if (state.step.kind === 'resume' && service?.ServiceArn) {
    const resumed = await resumeService(clients.apprunner, service.ServiceArn);
    await followOperation(context, {
      id: await operationIdOf(context, resumed.operationId),
      label: 'resume',
      ours: true,
    });
    service = await describeService(clients.apprunner, service.ServiceArn);
  }
  if (connector && 'create' in connector) {
    const arn = await createConnectorAndWait({
      client: clients.apprunner,
      network: connector.create,
      clock: context.clock,
    });
    connector = { arn };
  }
  const configurations = state.configurations && (await createConfigurations(context, state.configurations));
  return { ...state, service, connector, configurations };
}

/** Pause, resume and delete may answer without an OperationId: then the service's newest operation is the one. */
export async function operationIdOf(context: AppRunnerContext, id: string | undefined): Promise<string> {
  if (id) return id;
  const latest = await latestOperation(context.clients.apprunner, context.outcome.serviceArn ?? '');
  if (!latest?.Id) {
    throw new DeployError(
      'App Runner started an operation but reported no operation to follow; see the service in the console.',
    );
  }
  return latest.Id;
}
