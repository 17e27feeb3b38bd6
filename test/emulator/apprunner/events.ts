/**
 * Service event lines App Runner writes to `/aws/apprunner/<name>/<id>/service`, stream `events`. Wording follows
 * event logs users have posted (apprunner-roadmap #142, #143); callers must not depend on more than the gist.
 */
import { appendLogEvents } from '../logstore.ts';
import type { EmulatorState } from '../state.ts';
import type { OperationRecord, OperationStatus, ServiceConfig, ServiceRecord, ServiceStatus } from './model.ts';

export const serviceLogGroup = (service: ServiceRecord): string =>
  `/aws/apprunner/${service.name}/${service.id}/service`;

export const EVENTS_STREAM = 'events';

export function writeServiceEvents(state: EmulatorState, service: ServiceRecord, lines: string[]): void {
  appendLogEvents(
    state,
    { group: serviceLogGroup(service), stream: EVENTS_STREAM },
    lines.map((line) => `[AppRunner] ${line}`),
  );
}

const statusLine = (status: ServiceStatus): string => `Service status is set to ${status}.`;

function failureLine(operation: OperationRecord): string {
  if (operation.failure === 'image-pull') {
    return 'Failed to pull your application image. Be sure you configure your registry and image correctly.';
  }
  const config: ServiceConfig = operation.target;
  const health = config.HealthCheckConfiguration;
  const port = config.SourceConfiguration.ImageRepository?.ImageConfiguration?.Port ?? '8080';
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
  const port = operation.target.SourceConfiguration.ImageRepository?.ImageConfiguration?.Port ?? '8080';
  switch (status) {
    case 'ROLLBACK_IN_PROGRESS':
      return [failureLine(operation), `Deployment with ID : ${operation.id} failed. Rolling back.`];
    case 'ROLLBACK_SUCCEEDED':
      return [`Rollback of deployment with ID : ${operation.id} completed successfully.`, statusLine(serviceStatus)];
    case 'ROLLBACK_FAILED':
      return [`Rollback of deployment with ID : ${operation.id} failed.`, statusLine(serviceStatus)];
    case 'FAILED': {
      const what = operation.type === 'CREATE_SERVICE' ? 'Service creation' : 'Service update';
      const lines = deploy ? [failureLine(operation), `Deployment with ID : ${operation.id} failed.`] : [];
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
