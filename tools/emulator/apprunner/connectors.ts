/** VPC connectors: created ACTIVE at once (as AWS answers), one revision per name, not deletable while in use. */
import { invalidRequest, missingMember, resourceNotFound } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { optStringList, reqString, type JsonObject } from '../json.ts';
import { paginateInput } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import { appRunnerArn, describeConnector, newId, type ConnectorRecord, type VpcConnectorStatus } from './model.ts';
import { parseTags } from './services.ts';
import { checkAppRunnerArn, checkName } from './validate-fields.ts';

export interface NewConnector {
  name: string;
  subnets: string[];
  securityGroups?: string[];
  status?: VpcConnectorStatus;
  tags?: Map<string, string>;
}

export function addConnector(state: EmulatorState, init: NewConnector): ConnectorRecord {
  const revision =
    Math.max(0, ...state.connectors.filter((item) => item.name === init.name).map((item) => item.revision)) + 1;
  const now = Date.now();
  const connector: ConnectorRecord = {
    name: init.name,
    arn: appRunnerArn(state, `vpcconnector/${init.name}/${revision}/${newId()}`),
    revision,
    subnets: [...init.subnets],
    securityGroups: [...(init.securityGroups ?? [])],
    status: init.status ?? 'ACTIVE',
    createdAt: now,
    tags: init.tags ?? new Map(),
  };
  if (connector.status === 'INACTIVE') connector.deletedAt = now;
  state.connectors.push(connector);
  return connector;
}

export function findConnector(state: EmulatorState, input: JsonObject): ConnectorRecord {
  const arn = reqString({ obj: input, key: 'VpcConnectorArn', path: 'vpcConnectorArn' });
  checkAppRunnerArn('vpcConnectorArn', arn);
  const connector = state.connectors.find((item) => item.arn === arn);
  if (!connector) throw resourceNotFound(`No VPC connector found for the ARN ${arn}`);
  return connector;
}

function createVpcConnector(state: EmulatorState, input: JsonObject): JsonObject {
  const name = reqString({ obj: input, key: 'VpcConnectorName', path: 'vpcConnectorName' });
  checkName('vpcConnectorName', name);
  const subnets = optStringList({ obj: input, key: 'Subnets', path: 'subnets' });
  if (subnets === undefined) throw missingMember('subnets');
  if (subnets.length === 0) throw invalidRequest('Subnets must contain at least one subnet ID');
  const securityGroups = optStringList({ obj: input, key: 'SecurityGroups', path: 'securityGroups' }) ?? [];
  const tags = parseTags(input, 'tags');
  if (state.connectors.some((item) => item.name === name && item.status === 'ACTIVE')) {
    throw invalidRequest(`A VPC connector with the name ${name} already exists`);
  }
  return { VpcConnector: describeConnector(addConnector(state, { name, subnets, securityGroups, tags })) };
}

function deleteVpcConnector(state: EmulatorState, input: JsonObject): JsonObject {
  const connector = findConnector(state, input);
  if (connector.status !== 'ACTIVE') throw invalidRequest(`The VPC connector ${connector.arn} is already INACTIVE`);
  const user = state.services.find(
    (service) =>
      service.status !== 'DELETED' &&
      [service.config, ...service.operations.filter((op) => op.endedAt === undefined).map((op) => op.target)].some(
        (config) => config.NetworkConfiguration.EgressConfiguration?.VpcConnectorArn === connector.arn,
      ),
  );
  if (user) throw invalidRequest(`The VPC connector ${connector.arn} is in use by the service ${user.arn}`);
  connector.status = 'INACTIVE';
  connector.deletedAt = Date.now();
  return { VpcConnector: describeConnector(connector) };
}

function listVpcConnectors(state: EmulatorState, input: JsonObject): JsonObject {
  const page = paginateInput(state.connectors, {
    input,
    min: 1,
    max: 100,
    defaultSize: 100,
    scope: 'ListVpcConnectors',
    errorType: 'InvalidRequestException',
  });
  const output: JsonObject = { VpcConnectors: page.items.map(describeConnector) };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

export const connectorHandlers: HandlerTable = {
  CreateVpcConnector: createVpcConnector,
  DescribeVpcConnector: (state, input) => ({ VpcConnector: describeConnector(findConnector(state, input)) }),
  DeleteVpcConnector: deleteVpcConnector,
  ListVpcConnectors: listVpcConnectors,
};
