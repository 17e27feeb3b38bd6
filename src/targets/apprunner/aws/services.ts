import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceCommand,
  ListServicesCommand,
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

export interface Started {
  service: Service;
  /** Declared optional for some calls (ResumeService): callers decide what a missing one means. */
  operationId?: string;
}

/** ListServices has no name filter: page through all of them. A deleted service may linger; prefer a live one. */
export async function findServiceByName(client: AppRunnerClient, name: string): Promise<ServiceSummary | undefined> {
  const matches: ServiceSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListServicesCommand({ MaxResults: 20, NextToken }));
    matches.push(...(page.ServiceSummaryList ?? []).filter((summary) => summary.ServiceName === name));
    NextToken = page.NextToken;
  } while (NextToken);
  return matches.find((summary) => summary.Status !== 'DELETED') ?? matches[0];
}

export async function describeService(client: AppRunnerClient, serviceArn: string): Promise<Service> {
  const answer = await client.send(new DescribeServiceCommand({ ServiceArn: serviceArn }));
  if (!answer.Service) throw new Error(`DescribeService returned no service for ${serviceArn}.`);
  return answer.Service;
}

function started(answer: { Service?: Service; OperationId?: string }, call: string): Started {
  if (!answer.Service) throw new Error(`${call} returned no service.`);
  return { service: answer.Service, operationId: answer.OperationId };
}

export async function createService(client: AppRunnerClient, request: CreateServiceRequest): Promise<Started> {
  return started(await client.send(new CreateServiceCommand(request)), 'CreateService');
}

export async function updateService(client: AppRunnerClient, request: UpdateServiceRequest): Promise<Started> {
  return started(await client.send(new UpdateServiceCommand(request)), 'UpdateService');
}

export async function deleteService(client: AppRunnerClient, serviceArn: string): Promise<Started> {
  return started(await client.send(new DeleteServiceCommand({ ServiceArn: serviceArn })), 'DeleteService');
}

export async function resumeService(client: AppRunnerClient, serviceArn: string): Promise<Started> {
  return started(await client.send(new ResumeServiceCommand({ ServiceArn: serviceArn })), 'ResumeService');
}

export async function startDeployment(client: AppRunnerClient, serviceArn: string): Promise<string | undefined> {
  const answer = await client.send(new StartDeploymentCommand({ ServiceArn: serviceArn }));
  return answer.OperationId;
}
