import {
  CreateVpcConnectorCommand,
  DescribeVpcConnectorCommand,
  paginateListVpcConnectors,
  type AppRunnerClient,
  type VpcConnector,
} from '@aws-sdk/client-apprunner';

/** VPC connector calls. A connector is immutable: one revision per name, matched by its subnets and groups. */

export async function listConnectors(client: AppRunnerClient): Promise<VpcConnector[]> {
  const connectors: VpcConnector[] = [];
  for await (const page of paginateListVpcConnectors({ client, pageSize: 100 }, {})) {
    connectors.push(...(page.VpcConnectors ?? []));
  }
  return connectors;
}

export async function describeConnector(client: AppRunnerClient, arn: string): Promise<VpcConnector> {
  const answer = await client.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: arn }));
  if (!answer.VpcConnector) throw new Error(`DescribeVpcConnector returned no connector for ${arn}.`);
  return answer.VpcConnector;
}

export async function createConnector(
  client: AppRunnerClient,
  request: { name: string; subnets: string[]; securityGroups: string[]; tags?: Record<string, string> },
): Promise<VpcConnector> {
  const answer = await client.send(
    new CreateVpcConnectorCommand({
      VpcConnectorName: request.name,
      Subnets: request.subnets,
      SecurityGroups: request.securityGroups,
      Tags: Object.entries(request.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  if (!answer.VpcConnector) throw new Error('CreateVpcConnector returned no connector.');
  return answer.VpcConnector;
}
