/**
 * The auto scaling and observability configuration operations: Create (a new revision of a name), Describe and List
 * (`LatestOnly`, by name). The account quota is 10 names and 5 revisions a name for each kind, as AWS documents it for
 * auto scaling; a create past it answers ServiceQuotaExceededException (HTTP 402, as the model declares).
 */
import { AwsError, invalidRequest, resourceNotFound } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { epochSeconds, optBoolean, optInteger, optObject, reqString, type JsonObject } from '../json.ts';
import { paginateInput } from '../pagination.ts';
import type { EmulatorState } from '../state.ts';
import {
  addConfiguration,
  resolveConfiguration,
  type ConfigurationKind,
  type ConfigurationRecord,
} from './configurations.ts';
import { parseTags } from './services.ts';

export const CONFIGURATION_QUOTA = { names: 10, revisionsPerName: 5 };

const NOUN: Record<ConfigurationKind, { member: string; what: string }> = {
  autoscalingconfiguration: { member: 'AutoScalingConfiguration', what: 'auto scaling configuration' },
  observabilityconfiguration: { member: 'ObservabilityConfiguration', what: 'observability configuration' },
};

const active = (state: EmulatorState, kind: ConfigurationKind) =>
  state.configurations.filter((item) => item.kind === kind && item.status === 'ACTIVE');

/** The account quota, checked before a revision is added. */
function checkQuota(state: EmulatorState, init: { kind: ConfigurationKind; name: string }): void {
  const records = active(state, init.kind);
  const names = new Set(records.map((item) => item.name));
  const revisions = records.filter((item) => item.name === init.name).length;
  const { what } = NOUN[init.kind];
  const refuse = (limit: string) =>
    new AwsError({
      type: 'ServiceQuotaExceededException',
      status: 402,
      message: `You have reached the quota of ${limit}. Delete unused ${what}s or request a quota increase.`,
    });
  if (!names.has(init.name) && names.size >= CONFIGURATION_QUOTA.names)
    throw refuse(`${CONFIGURATION_QUOTA.names} ${what} names per account`);
  if (revisions >= CONFIGURATION_QUOTA.revisionsPerName)
    throw refuse(`${CONFIGURATION_QUOTA.revisionsPerName} revisions per ${what} name`);
}

const isLatest = (state: EmulatorState, record: ConfigurationRecord): boolean =>
  !active(state, record.kind).some((item) => item.name === record.name && item.revision > record.revision);

const inUse = (state: EmulatorState, record: ConfigurationRecord): boolean =>
  state.services.some(
    (service) =>
      service.status !== 'DELETED' &&
      (service.config.AutoScalingConfigurationArn === record.arn ||
        service.config.ObservabilityConfiguration.ObservabilityConfigurationArn === record.arn),
  );

function describe(state: EmulatorState, record: ConfigurationRecord): JsonObject {
  const prefix = NOUN[record.kind].member;
  const view: JsonObject = {
    [`${prefix}Arn`]: record.arn,
    [`${prefix}Name`]: record.name,
    [`${prefix}Revision`]: record.revision,
    Latest: isLatest(state, record),
    Status: record.status,
    CreatedAt: epochSeconds(record.createdAt),
  };
  if (record.scaling) {
    view.MaxConcurrency = record.scaling.maxConcurrency;
    view.MinSize = record.scaling.minSize;
    view.MaxSize = record.scaling.maxSize;
    view.HasAssociatedService = inUse(state, record);
    view.IsDefault = record.isDefault;
  }
  if (record.traceVendor) view.TraceConfiguration = { Vendor: record.traceVendor };
  return view;
}

function summarize(state: EmulatorState, record: ConfigurationRecord): JsonObject {
  const prefix = NOUN[record.kind].member;
  const summary: JsonObject = {
    [`${prefix}Arn`]: record.arn,
    [`${prefix}Name`]: record.name,
    [`${prefix}Revision`]: record.revision,
  };
  if (record.kind === 'observabilityconfiguration') return summary;
  return {
    ...summary,
    Status: record.status,
    CreatedAt: epochSeconds(record.createdAt),
    HasAssociatedService: inUse(state, record),
    IsDefault: record.isDefault,
  };
}

function createScaling(state: EmulatorState, input: JsonObject): JsonObject {
  const name = reqString({ obj: input, key: 'AutoScalingConfigurationName', path: 'autoScalingConfigurationName' });
  const scaling = {
    maxConcurrency: optInteger({ obj: input, key: 'MaxConcurrency', path: 'maxConcurrency' }),
    minSize: optInteger({ obj: input, key: 'MinSize', path: 'minSize' }),
    maxSize: optInteger({ obj: input, key: 'MaxSize', path: 'maxSize' }),
  };
  const given = Object.fromEntries(Object.entries(scaling).filter(([, value]) => value !== undefined));
  parseTags(input, 'tags');
  const kind = 'autoscalingconfiguration';
  checkQuota(state, { kind, name });
  const record = addConfiguration(state, { kind, name, scaling: given });
  if (record.scaling && record.scaling.minSize > record.scaling.maxSize) {
    state.configurations.pop();
    throw invalidRequest(
      `MinSize (${record.scaling.minSize}) can't be greater than MaxSize (${record.scaling.maxSize}).`,
    );
  }
  return { AutoScalingConfiguration: describe(state, record) };
}

function createObservability(state: EmulatorState, input: JsonObject): JsonObject {
  const path = 'observabilityConfigurationName';
  const name = reqString({ obj: input, key: 'ObservabilityConfigurationName', path });
  if (name === 'DefaultConfiguration')
    throw invalidRequest(
      'The name DefaultConfiguration is reserved for the observability configuration App Runner provides.',
    );
  const trace = optObject({ obj: input, key: 'TraceConfiguration', path: 'traceConfiguration' });
  const traceVendor = trace ? reqString({ obj: trace, key: 'Vendor', path: 'traceConfiguration.vendor' }) : undefined;
  parseTags(input, 'tags');
  const kind = 'observabilityconfiguration';
  checkQuota(state, { kind, name });
  return { ObservabilityConfiguration: describe(state, addConfiguration(state, { kind, name, traceVendor })) };
}

/** By full ARN (an INACTIVE revision too, as AWS describes deleted ones for a while) or by name[/revision]. */
function describeHandler(kind: ConfigurationKind) {
  const { member, what } = NOUN[kind];
  const path = `${member.charAt(0).toLowerCase()}${member.slice(1)}Arn`;
  return (state: EmulatorState, input: JsonObject): JsonObject => {
    const arn = reqString({ obj: input, key: `${member}Arn`, path });
    const exact = state.configurations.find((item) => item.kind === kind && item.arn === arn);
    let record = exact;
    if (!record) {
      try {
        record = resolveConfiguration(state, { path, value: arn, kind });
      } catch {
        throw resourceNotFound(`No ${what} found for the ARN ${arn}`);
      }
    }
    return { [member]: describe(state, record) };
  };
}

function listHandler(kind: ConfigurationKind) {
  const { member } = NOUN[kind];
  return (state: EmulatorState, input: JsonObject): JsonObject => {
    const name = input[`${member}Name`] as string | undefined;
    const latestOnly = optBoolean({ obj: input, key: 'LatestOnly', path: 'latestOnly' }) ?? false;
    const records = active(state, kind)
      .filter((item) => name === undefined || item.name === name)
      .filter((item) => !latestOnly || isLatest(state, item));
    const page = paginateInput(records, {
      input,
      min: 1,
      max: 100,
      defaultSize: 100,
      scope: `List${member}s:${name ?? ''}:${latestOnly}`,
      errorType: 'InvalidRequestException',
    });
    const output: JsonObject = { [`${member}SummaryList`]: page.items.map((item) => summarize(state, item)) };
    if (page.nextToken) output.NextToken = page.nextToken;
    return output;
  };
}

export const configurationHandlers: HandlerTable = {
  CreateAutoScalingConfiguration: createScaling,
  DescribeAutoScalingConfiguration: describeHandler('autoscalingconfiguration'),
  ListAutoScalingConfigurations: listHandler('autoscalingconfiguration'),
  CreateObservabilityConfiguration: createObservability,
  DescribeObservabilityConfiguration: describeHandler('observabilityconfiguration'),
  ListObservabilityConfigurations: listHandler('observabilityconfiguration'),
};
