import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListServiceDeploymentsCommand,
  type CreateExpressGatewayServiceRequest,
  type ECSClient,
  type ECSExpressGatewayService,
  type Service,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceDeploymentStatus,
  type Task,
} from '@aws-sdk/client-ecs';

/** ECS calls. Express services are ordinary ECS services underneath: the ECS reads work on them. */

/** The service by name in the cluster, or undefined when ECS has never heard of it (failure reason MISSING). */
export async function findService(
  client: ECSClient,
  where: { cluster: string; service: string },
): Promise<Service | undefined> {
  const answer = await client.send(new DescribeServicesCommand({ cluster: where.cluster, services: [where.service] }));
  return answer.services?.[0];
}

export async function describeExpress(client: ECSClient, serviceArn: string): Promise<ECSExpressGatewayService> {
  const answer = await client.send(new DescribeExpressGatewayServiceCommand({ serviceArn, include: ['TAGS'] }));
  if (!answer.service) throw new Error(`DescribeExpressGatewayService returned no service for ${serviceArn}.`);
  return answer.service;
}

export async function createExpress(client: ECSClient, request: CreateExpressGatewayServiceRequest) {
  return (await client.send(new CreateExpressGatewayServiceCommand(request))).service;
}

/**
 * A deployment under way. ROLLBACK_REQUESTED is left out: the ECS model of 2025-04 does not list it in this filter's
 * enum, and it lasts only until ROLLBACK_IN_PROGRESS, which is listed.
 */
export const ACTIVE_DEPLOYMENT: ServiceDeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
];

/** The service's deployments, newest first, optionally only those created after a time or in some statuses. */
export async function listDeployments(
  client: ECSClient,
  query: { cluster: string; service: string; after?: Date; status?: ServiceDeploymentStatus[] },
): Promise<ServiceDeploymentBrief[]> {
  const briefs: ServiceDeploymentBrief[] = [];
  const input = {
    cluster: query.cluster,
    service: query.service,
    status: query.status,
    createdAt: query.after ? { after: query.after } : undefined,
  };
  // The SDK ships no paginator for ListServiceDeployments: the token is followed here, within a page budget.
  let nextToken: string | undefined;
  for (let pages = 0; pages < 10; pages += 1) {
    const page = await client.send(new ListServiceDeploymentsCommand({ ...input, maxResults: 20, nextToken }));
    briefs.push(...(page.serviceDeployments ?? []));
    nextToken = page.nextToken;
    if (!nextToken) break;
  }
  return briefs.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

export async function describeDeployment(
  client: ECSClient,
  query: { arn: string; abortSignal?: AbortSignal },
): Promise<ServiceDeployment | undefined> {
  const answer = await client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [query.arn] }), {
    abortSignal: query.abortSignal,
  });
  return answer.serviceDeployments?.[0];
}

/** The newest stopped tasks of the service (ECS keeps them for about an hour). */
export async function stoppedTasks(client: ECSClient, where: { cluster: string; service: string }): Promise<Task[]> {
  const list = await client.send(
    new ListTasksCommand({
      cluster: where.cluster,
      serviceName: where.service,
      desiredStatus: 'STOPPED',
      maxResults: 10,
    }),
  );
  const arns = list.taskArns ?? [];
  if (arns.length === 0) return [];
  return (await client.send(new DescribeTasksCommand({ cluster: where.cluster, tasks: arns }))).tasks ?? [];
}

export async function tagService(
  client: ECSClient,
  request: { arn: string; set: Record<string, string>; remove: string[] },
) {
  const tags = Object.entries(request.set).map(([key, value]) => ({ key, value }));
  if (tags.length > 0) await client.send(new TagResourceCommand({ resourceArn: request.arn, tags }));
  if (request.remove.length > 0)
    await client.send(new UntagResourceCommand({ resourceArn: request.arn, tagKeys: request.remove }));
}
