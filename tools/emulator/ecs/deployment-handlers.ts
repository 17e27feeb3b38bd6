/** ListServiceDeployments and DescribeServiceDeployments. */
import type { HandlerTable } from '../handler.ts';
import { optInteger, optObject, optString, optStringList, type JsonObject } from '../json.ts';
import { serializationError } from '../errors.ts';
import { paginate } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import { invalidParameter, missingParameter, serviceNotFound } from './errors.ts';
import { resolveCluster, serviceByReference } from './lookup.ts';
import { ecsArn } from './model.ts';
import { deploymentBrief, deploymentView } from './views.ts';

const STATUSES: ReadonlySet<string> = new Set([
  'PENDING',
  'IN_PROGRESS',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

/** `createdAt { before, after }` in epoch seconds, as the SDK sends timestamps. */
function timeFilter(input: JsonObject): { before?: number; after?: number } {
  const created = optObject({ obj: input, key: 'createdAt', path: 'createdAt' });
  if (!created) return {};
  const read = (key: 'before' | 'after'): number | undefined => {
    const value = created[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw serializationError(`createdAt.${key}`, 'a timestamp');
    return value * 1000;
  };
  return { before: read('before'), after: read('after') };
}

function listServiceDeployments(state: EmulatorState, input: JsonObject): JsonObject {
  const reference = optString({ obj: input, key: 'service', path: 'service' });
  if (reference === undefined) throw missingParameter('service');
  const cluster = resolveCluster(state, input);
  const service = serviceByReference(state, cluster, reference);
  if (!service) throw serviceNotFound();
  const statuses = optStringList({ obj: input, key: 'status', path: 'status' });
  const unknown = statuses?.find((status) => !STATUSES.has(status));
  if (unknown !== undefined) throw invalidParameter(`Invalid service deployment status '${unknown}'.`);
  const { before, after } = timeFilter(input);
  const matching = [...service.deployments]
    .reverse()
    .filter((item) => statuses === undefined || statuses.length === 0 || statuses.includes(item.status))
    .filter(
      (item) => (before === undefined || item.createdAt <= before) && (after === undefined || item.createdAt >= after),
    );
  const page = paginate(matching, {
    maxResults: optInteger({ obj: input, key: 'maxResults', path: 'maxResults' }),
    nextToken: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
    min: 1,
    max: 100,
    defaultSize: 20,
    scope: `ListServiceDeployments ${service.arn} ${JSON.stringify(statuses ?? [])} ${before ?? ''} ${after ?? ''}`,
    errorType: 'InvalidParameterException',
  });
  const output: JsonObject = { serviceDeployments: page.items.map((item) => deploymentBrief(state, service, item)) };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

function describeServiceDeployments(state: EmulatorState, input: JsonObject): JsonObject {
  const arns = optStringList({ obj: input, key: 'serviceDeploymentArns', path: 'serviceDeploymentArns' });
  if (arns === undefined) throw missingParameter('serviceDeploymentArns');
  if (arns.length === 0 || arns.length > 20) {
    throw invalidParameter('serviceDeploymentArns must name between 1 and 20 service deployments.');
  }
  const prefix = ecsArn(state, 'service-deployment/');
  const serviceDeployments: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const arn of arns) {
    if (!arn.startsWith('arn:') || !arn.includes(':service-deployment/')) {
      throw invalidParameter(`Invalid service deployment ARN: '${arn}'.`);
    }
    const service = arn.startsWith(prefix)
      ? state.ecs.services.find((item) => item.deployments.some((deployment) => deployment.arn === arn))
      : undefined;
    const deployment = service?.deployments.find((item) => item.arn === arn);
    if (service && deployment) serviceDeployments.push(deploymentView(state, service, deployment));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceDeployments, failures };
}

export const deploymentHandlers: HandlerTable = {
  ListServiceDeployments: listServiceDeployments,
  DescribeServiceDeployments: describeServiceDeployments,
};
