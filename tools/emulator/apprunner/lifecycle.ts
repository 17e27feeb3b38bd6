/** DeleteService, StartDeployment, PauseService, ResumeService and ListOperations. */
import { invalidRequest, invalidState } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { type JsonObject } from '../json.ts';
import { paginateInput } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import { summarizeOperation } from './model.ts';
import { checkImagePull } from './image-pull.ts';
import { startOperation } from './operations.ts';
import { findService, requireSettled } from './services.ts';
import { describeService } from './views.ts';

function deleteService(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findService(state, input);
  requireSettled(service, 'delete');
  const operation = startOperation(state, service, { type: 'DELETE_SERVICE', target: service.config });
  return { Service: describeService(state, service), OperationId: operation.id };
}

async function startDeployment(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const service = findService(state, input);
  const pull = await checkImagePull(state, {
    serviceName: service.name,
    config: service.config,
    type: 'START_DEPLOYMENT',
    serviceStatus: service.status,
  });
  // InvalidStateException is not declared for StartDeployment: AWS answers InvalidRequestException.
  if (service.status !== 'RUNNING') {
    throw invalidRequest(`You can't start a deployment of the service ${service.name} in status ${service.status}`);
  }
  const operation = startOperation(state, service, { type: 'START_DEPLOYMENT', target: service.config, ...pull });
  return { OperationId: operation.id };
}

function pauseService(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findService(state, input);
  requireSettled(service, 'pause');
  if (service.status !== 'RUNNING')
    throw invalidState(`You can't pause the service ${service.name} in status ${service.status}`);
  const operation = startOperation(state, service, { type: 'PAUSE_SERVICE', target: service.config });
  return { Service: describeService(state, service), OperationId: operation.id };
}

function resumeService(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findService(state, input);
  requireSettled(service, 'resume');
  if (service.status !== 'PAUSED')
    throw invalidState(`You can't resume the service ${service.name} in status ${service.status}`);
  const operation = startOperation(state, service, { type: 'RESUME_SERVICE', target: service.config });
  return { Service: describeService(state, service), OperationId: operation.id };
}

function listOperations(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findService(state, input);
  const newestFirst = [...service.operations].reverse();
  const page = paginateInput(newestFirst, {
    input,
    min: 1,
    max: 20,
    defaultSize: 20,
    scope: `ListOperations ${service.arn}`,
    errorType: 'InvalidRequestException',
  });
  const output: JsonObject = { OperationSummaryList: page.items.map(summarizeOperation) };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

export const lifecycleHandlers: HandlerTable = {
  DeleteService: deleteService,
  StartDeployment: startDeployment,
  PauseService: pauseService,
  ResumeService: resumeService,
  ListOperations: listOperations,
};
