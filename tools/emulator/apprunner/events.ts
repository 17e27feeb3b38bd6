/**
 * Lines App Runner writes to `/aws/apprunner/<name>/<id>/service`: service events in stream `events`, and each
 * deployment's own log in stream `deployment/<operation-id>`, whose lines `events` carries too. Wording follows event and deployment logs users have
 * posted (apprunner-roadmap #46, #142, #143); callers must not depend on more than the gist.
 */
import { appendLogEvents } from '../logstore.ts';
import { BUILD_FAILED, BUILD_STARTED, BUILD_SUCCEEDED } from './code-source.ts';
import type { EmulatorState } from '../state.ts';
import {
  isPublic,
  type OperationRecord,
  type OperationStatus,
  type ServiceConfig,
  type ServiceRecord,
  type ServiceStatus,
} from './model.ts';

export const serviceLogGroup = (service: ServiceRecord): string =>
  `/aws/apprunner/${service.name}/${service.id}/service`;

export const EVENTS_STREAM = 'events';

export function writeServiceEvents(state: EmulatorState, service: ServiceRecord, lines: string[]): void {
  appendLogEvents(
    state,
    { group: serviceLogGroup(service), stream: EVENTS_STREAM },
    lines.map((line) => (line.startsWith('[') ? line : `[AppRunner] ${line}`)),
  );
}

export const deploymentStream = (operation: OperationRecord): string => `deployment/${operation.id}`;

/** A deployment's lines, in its own stream and, as AWS does, in `events` too: readers must pick one or de-duplicate. */
export function writeDeploymentLog(
  state: EmulatorState,
  init: { service: ServiceRecord; operation: OperationRecord; lines: string[] },
): void {
  if (init.lines.length === 0) return;
  appendLogEvents(
    state,
    { group: serviceLogGroup(init.service), stream: deploymentStream(init.operation) },
    // A build's own output carries its own tag (`[Build]`).
    init.lines.map((line) => (line.startsWith('[') ? line : `[AppRunner] ${line}`)),
  );
  writeServiceEvents(state, init.service, init.lines);
}

const statusLine = (status: ServiceStatus): string => `Service status is set to ${status}.`;

const portOf = (config: ServiceConfig): string =>
  (
    config.SourceConfiguration.ImageRepository?.ImageConfiguration ??
    config.SourceConfiguration.CodeRepository?.CodeConfiguration?.CodeConfigurationValues
  )?.Port ?? '8080';

const builds = (operation: OperationRecord): boolean =>
  operation.target.SourceConfiguration.CodeRepository !== undefined;

function failureLine(operation: OperationRecord): string {
  if (operation.failure === 'image-pull') {
    return 'Failed to pull your application image. Be sure you configure your registry and image correctly.';
  }
  const config: ServiceConfig = operation.target;
  const health = config.HealthCheckConfiguration;
  const port = portOf(config);
  return health.Protocol === 'HTTP'
    ? `Health check failed on protocol '${health.Protocol}' [Path: '${health.Path}'], [Port: '${port}'].`
    : `Health check failed on protocol '${health.Protocol}' [Port: '${port}'].`;
}

const DEPLOYS: ReadonlySet<string> = new Set(['CREATE_SERVICE', 'UPDATE_SERVICE', 'START_DEPLOYMENT']);

const STARTED: Record<string, string> = {
  CREATE_SERVICE: 'Service creation started.',
  UPDATE_SERVICE: 'Service update started.',
  START_DEPLOYMENT: 'Deployment started.',
  PAUSE_SERVICE: 'Service pause started.',
  RESUME_SERVICE: 'Service resume started.',
  DELETE_SERVICE: 'Service deletion started.',
};

const FAILED_WHAT: Record<string, string> = {
  CREATE_SERVICE: 'Service creation',
  UPDATE_SERVICE: 'Service update',
  START_DEPLOYMENT: 'Deployment',
  PAUSE_SERVICE: 'Service pause',
  RESUME_SERVICE: 'Service resume',
  DELETE_SERVICE: 'Service deletion',
};

export function operationStartedLines(operation: OperationRecord): string[] {
  const lines = [STARTED[operation.type], statusLine('OPERATION_IN_PROGRESS')];
  if (DEPLOYS.has(operation.type)) lines.push(`Deployment with ID : ${operation.id} started.`);
  return lines;
}

/** Lines for a status the operation just entered; `serviceStatus` is where the service ends up on a terminal one. */
export function operationStatusLines(
  operation: OperationRecord,
  status: OperationStatus,
  serviceStatus: ServiceStatus,
): string[] {
  const deploy = DEPLOYS.has(operation.type);
  const port = portOf(operation.target);
  switch (status) {
    // The failure's cause reaches `events` with the deployment's own lines (writeDeploymentLog), once.
    case 'ROLLBACK_IN_PROGRESS':
      return [`Deployment with ID : ${operation.id} failed. Rolling back.`];
    case 'ROLLBACK_SUCCEEDED':
      return [`Rollback of deployment with ID : ${operation.id} completed successfully.`, statusLine(serviceStatus)];
    case 'ROLLBACK_FAILED':
      return [`Rollback of deployment with ID : ${operation.id} failed.`, statusLine(serviceStatus)];
    case 'FAILED': {
      const what = FAILED_WHAT[operation.type];
      const lines = deploy ? [`Deployment with ID : ${operation.id} failed.`] : [];
      return [...lines, `${what} failed. For details, see service logs.`, statusLine(serviceStatus)];
    }
    case 'SUCCEEDED':
      return deploy
        ? [
            `Performing health check on port '${port}'.`,
            'Health check is successful. Routing traffic to application.',
            `Deployment with ID : ${operation.id} completed successfully.`,
            statusLine(serviceStatus),
          ]
        : [statusLine(serviceStatus)];
    default:
      return [];
  }
}

/** The first lines of a deployment's own log stream. */
export function deploymentStartLines(operation: OperationRecord): string[] {
  if (!DEPLOYS.has(operation.type)) return [];
  return builds(operation) ? [BUILD_STARTED] : ['Starting to pull your application image.'];
}

function deploymentFailureLines(operation: OperationRecord): string[] {
  if (operation.failure === 'build') return [...(operation.buildLog ?? []), BUILD_FAILED];
  const pulled =
    operation.failure === 'image-pull' ? [] : [`Performing health check on port '${portOf(operation.target)}'.`];
  return [...pulled, failureLine(operation), 'Failed to deploy your application image.'];
}

/** Lines of the deployment log for the status the operation just entered from `before`. */
export function deploymentLines(operation: OperationRecord, before: OperationStatus): string[] {
  if (!DEPLOYS.has(operation.type)) return [];
  const visibility = isPublic(operation.target) ? 'publicly' : 'privately';
  switch (operation.status) {
    case 'IN_PROGRESS':
      if (builds(operation)) {
        return operation.failure === 'build'
          ? []
          : [
              ...(operation.buildLog ?? []),
              BUILD_SUCCEEDED,
              `Provisioning instances and deploying image for ${visibility} accessible service.`,
            ];
      }
      return operation.failure === 'image-pull'
        ? []
        : [
            'Successfully pulled your application image from ECR.',
            `Provisioning instances and deploying image for ${visibility} accessible service.`,
          ];
    case 'ROLLBACK_IN_PROGRESS':
    case 'FAILED':
      return deploymentFailureLines(operation);
    case 'ROLLBACK_SUCCEEDED':
    case 'ROLLBACK_FAILED':
      return before === 'ROLLBACK_IN_PROGRESS' ? [] : deploymentFailureLines(operation);
    case 'SUCCEEDED':
      return [
        `Performing health check on port '${portOf(operation.target)}'.`,
        'Health check is successful.',
        'Successfully deployed your application image.',
      ];
    default:
      return [];
  }
}
