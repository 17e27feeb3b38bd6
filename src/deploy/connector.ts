import * as runner from '../runner.js';
import type { AppRunnerClient, VpcConnector } from '@aws-sdk/client-apprunner';
import type { ConnectorSource } from '../config.js';
import { createConnector, describeConnector, listConnectors } from '../aws/connectors.js';
import { realClock, type Clock } from '../wait.js';
import { DeployError } from './outcome.js';

const sameSet = (a: string[] = [], b: string[] = []) =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** The connector whose subnets and groups are exactly the ones asked for, if one is ACTIVE. */
export function matchConnector(connectors: VpcConnector[], wanted: { subnets: string[]; securityGroups: string[] }) {
  return connectors.find(
    (connector) =>
      connector.Status === 'ACTIVE' &&
      sameSet(connector.Subnets, wanted.subnets) &&
      sameSet(connector.SecurityGroups, wanted.securityGroups),
  );
}

/**
 * The connector ARN to egress through. By ARN: it must be ACTIVE. By network: reuse a matching ACTIVE connector, else
 * create one (unless `dryRun`) and wait until it is ACTIVE.
 */
export async function resolveConnector(options: {
  client: AppRunnerClient;
  source: ConnectorSource;
  dryRun: boolean;
  clock?: Clock;
}): Promise<string | undefined> {
  const { client, source } = options;
  if (source.kind === 'arn') {
    const connector = await describeConnector(client, source.arn);
    if (connector.Status !== 'ACTIVE') {
      throw new DeployError(
        `VPC connector ${source.arn} is ${connector.Status}, not ACTIVE: pick an ACTIVE connector (input \`vpc-connector-arn\`).`,
      );
    }
    return source.arn;
  }
  const found = matchConnector(await listConnectors(client), source);
  if (found) {
    runner.info(
      `Reusing VPC connector ${found.VpcConnectorName} (revision ${found.VpcConnectorRevision}): same subnets and security groups.`,
    );
    return found.VpcConnectorArn;
  }
  if (options.dryRun) {
    runner.info(`Would create VPC connector ${source.name} over ${source.subnets.join(', ')}.`);
    return undefined;
  }
  runner.info(
    `Creating VPC connector ${source.name} over ${source.subnets.join(', ')} with ${source.securityGroups.join(', ')}.`,
  );
  let connector = await createConnector(client, source);
  const clock = options.clock ?? realClock;
  for (let attempt = 0; connector.Status !== 'ACTIVE'; attempt += 1) {
    if (attempt >= 30)
      throw new DeployError(
        `VPC connector ${connector.VpcConnectorArn} did not become ACTIVE (it is ${connector.Status}).`,
      );
    await clock.sleep(2000);
    connector = await describeConnector(client, connector.VpcConnectorArn ?? '');
  }
  return connector.VpcConnectorArn;
}
