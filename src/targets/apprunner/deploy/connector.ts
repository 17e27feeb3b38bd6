import { createHash } from 'node:crypto';
import * as workflow from '../../../core/workflow.js';
import type { AppRunnerClient, VpcConnector } from '@aws-sdk/client-apprunner';
import type { ConnectorSource } from '../config.js';
import { createConnector, describeConnector, listConnectors } from '../aws/connectors.js';
import { realClock, type Clock } from '../../../core/clock.js';
import { DeployError } from '../../../core/outcome.js';

type Network = Extract<ConnectorSource, { kind: 'network' }>;

/** What egress will go through: a connector that exists, or one to create (never created before the checks pass). */
export type ConnectorChoice = { arn: string } | { create: Network };

const sorted = (values: string[] = []) => [...values].sort().join(',');

function sameNetwork(connector: VpcConnector, wanted: Network): boolean {
  return (
    sorted(connector.Subnets) === sorted(wanted.subnets) &&
    sorted(connector.SecurityGroups) === sorted(wanted.securityGroups)
  );
}

/** The ACTIVE connector whose subnets and groups are exactly the ones asked for, if there is one. */
export function matchConnector(connectors: VpcConnector[], wanted: Network): VpcConnector | undefined {
  return connectors.find((connector) => connector.Status === 'ACTIVE' && sameNetwork(connector, wanted));
}

/**
 * Read-only. By ARN: it must be ACTIVE. By network: reuse a matching ACTIVE connector, else plan to create one.
 * A connector is immutable and its name takes one revision, so when our default name is taken by a connector over
 * another network the new one gets a suffix from its network; a name the user gave is never changed.
 */
export async function chooseConnector(client: AppRunnerClient, source: ConnectorSource): Promise<ConnectorChoice> {
  if (source.kind === 'arn') {
    const connector = await describeConnector(client, source.arn);
    if (connector.Status !== 'ACTIVE') {
      throw new DeployError(
        `VPC connector ${source.arn} is ${connector.Status}, not ACTIVE: pick an ACTIVE connector (input \`vpc-connector-arn\`).`,
      );
    }
    return { arn: source.arn };
  }
  const connectors = await listConnectors(client);
  const found = matchConnector(connectors, source);
  if (found?.VpcConnectorArn) {
    workflow.info(`Reusing VPC connector ${found.VpcConnectorName} (revision ${found.VpcConnectorRevision}).`);
    return { arn: found.VpcConnectorArn };
  }
  const taken = connectors.some((c) => c.VpcConnectorName === source.name && c.Status === 'ACTIVE');
  if (!taken) return { create: source };
  if (source.nameGiven) {
    throw new DeployError(
      `VPC connector ${source.name} exists over other subnets or security groups, and connectors cannot change: ` +
        'give `vpc-connector-name` a new name.',
    );
  }
  const suffix = createHash('sha256')
    .update(`${sorted(source.subnets)}|${sorted(source.securityGroups)}`)
    .digest('hex');
  return { create: { ...source, name: `${source.name}-${suffix.slice(0, 6)}` } };
}

/** Creates the connector and waits until App Runner reports it ACTIVE. */
export async function createConnectorAndWait(options: {
  client: AppRunnerClient;
  network: Network;
  clock?: Clock;
}): Promise<string> {
  const { client, network } = options;
  workflow.info(
    `Creating VPC connector ${network.name} over ${network.subnets.join(', ')} with ${network.securityGroups.join(', ')}.`,
  );
  let connector = await createConnector(client, network);
  const arn = connector.VpcConnectorArn;
  if (!arn) throw new DeployError(`CreateVpcConnector returned no ARN for ${network.name}.`);
  const clock = options.clock ?? realClock;
  for (let attempt = 0; connector.Status !== 'ACTIVE'; attempt += 1) {
    // INACTIVE is where a connector ends, not a step on its way to ACTIVE.
    if (attempt >= 30 || (attempt > 0 && connector.Status === 'INACTIVE')) {
      throw new DeployError(`VPC connector ${arn} did not become ACTIVE (it is ${connector.Status}).`);
    }
    await clock.sleep(2000);
    connector = await describeConnector(client, arn);
  }
  return arn;
}

/** How the plan and diff show a connector that does not exist yet. */
export function describeChoice(choice: ConnectorChoice | undefined): string | undefined {
  if (!choice) return undefined;
  return 'arn' in choice ? choice.arn : `(new connector ${choice.create.name})`;
}
