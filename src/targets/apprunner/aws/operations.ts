import {
  ListOperationsCommand,
  paginateListOperations,
  type AppRunnerClient,
  type OperationSummary,
} from '@aws-sdk/client-apprunner';

/** There is no DescribeOperation: ListOperations lists a service's operations newest first. */

/** `abortSignal` bounds the whole look-up, retries included: a poll must not outlast the wait it belongs to. */
export async function findOperation(
  client: AppRunnerClient,
  target: { serviceArn: string; operationId: string; abortSignal?: AbortSignal },
): Promise<OperationSummary | undefined> {
  const pages = paginateListOperations(
    { client, pageSize: 20 },
    { ServiceArn: target.serviceArn },
    {
      abortSignal: target.abortSignal,
    },
  );
  for await (const page of pages) {
    const found = page.OperationSummaryList?.find((operation) => operation.Id === target.operationId);
    if (found) return found;
  }
  return undefined;
}

export async function latestOperation(
  client: AppRunnerClient,
  serviceArn: string,
): Promise<OperationSummary | undefined> {
  const page = await client.send(new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 1 }));
  return page.OperationSummaryList?.[0];
}
