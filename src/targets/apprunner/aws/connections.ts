import { paginateListConnections, type AppRunnerClient, type ConnectionSummary } from '@aws-sdk/client-apprunner';

/** App Runner connections to GitHub or Bitbucket. There is no DescribeConnection: ListConnections filters by name. */
export async function findConnection(
  client: AppRunnerClient,
  connection: { name: string; arn: string },
): Promise<ConnectionSummary | undefined> {
  for await (const page of paginateListConnections({ client, pageSize: 100 }, { ConnectionName: connection.name })) {
    const found = page.ConnectionSummaryList?.find((item) => item.ConnectionArn === connection.arn);
    if (found) return found;
  }
  return undefined;
}
