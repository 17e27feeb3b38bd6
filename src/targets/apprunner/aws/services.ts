import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceCommand,
  paginateListServices,
  ResumeServiceCommand,
  StartDeploymentCommand,
  UpdateServiceCommand,
  type AppRunnerClient,
  type CreateServiceRequest,
  type Service,
  type ServiceSummary,
  type UpdateServiceRequest,
} from '@aws-sdk/client-apprunner';

/** App Runner service calls. Each mutating call returns the operation it started. */

export interface ServiceAnswer {
  service: Service;
  /** Declared optional for some calls (ResumeService): callers decide what a missing one means. */
  operationId?: string;
}

/** ListServices has no name filter: page through all of them. A deleted service may linger; prefer a live one. */
export async function findServiceByName(client: AppRunnerClient, name: string): Promise<ServiceSummary | undefined> {
  const matches: ServiceSummary[] = [];
  for await (const page of paginateListServices({ client, pageSize: 20 }, {})) {
    matches.push(...(page.ServiceSummaryList ?? []).filter((summary) => summary.ServiceName === name));
  }
  return matches.find((summary) => summary.Status !== 'DELETED') ?? matches[0];
}

export async function describeService(client: AppRunnerClient, serviceArn: string): Promise<Service> {
  const answer = await client.send(new DescribeServiceCommand({ ServiceArn: serviceArn }));
  if (!answer.Service) throw new Error(`DescribeService returned no service for ${serviceArn}.`);
  return answer.Service;
}

function answered(answer: { Service?: Service; OperationId?: string }, call: string): ServiceAnswer {
  if (!answer.Service) throw new Error(`${call} returned no service.`);
  return { service: answer.Service, operationId: answer.OperationId };
}

export async function createService(client: AppRunnerClient, request: CreateServiceRequest): Promise<ServiceAnswer> {
  return answered(await client.send(new CreateServiceCommand(request)), 'CreateService');
}

export async function updateService(client: AppRunnerClient, request: UpdateServiceRequest): Promise<ServiceAnswer> {
  return answered(await client.send(new UpdateServiceCommand(request)), 'UpdateService');
}

export async function deleteService(client: AppRunnerClient, serviceArn: string): Promise<ServiceAnswer> {
  return answered(await client.send(new DeleteServiceCommand({ ServiceArn: serviceArn })), 'DeleteService');
}

export async function resumeService(client: AppRunnerClient, serviceArn: string): Promise<ServiceAnswer> {
  return answered(await client.send(new ResumeServiceCommand({ ServiceArn: serviceArn })), 'ResumeService');
}

export async function startDeployment(client: AppRunnerClient, serviceArn: string): Promise<string | undefined> {
  const answer = await client.send(new StartDeploymentCommand({ ServiceArn: serviceArn }));
  return answer.OperationId;
}
