/** Secrets Manager DescribeSecret (metadata only) and SSM GetParameter / DescribeParameters. */
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from './errors.ts';
import type { HandlerTable } from './handler.ts';
import {
  epochSeconds,
  optBoolean,
  optInteger,
  optObjectList,
  optString,
  optStringList,
  reqString,
  type JsonObject,
} from './json.ts';
import { paginate } from './pagination.ts';
import type { EmulatorState, ParameterRecord, SecretRecord } from './state.ts';

export function addSecret(
  state: EmulatorState,
  init: { name: string; description?: string; kmsKeyId?: string; deleted?: boolean; tags?: Record<string, string> },
): SecretRecord {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = Array.from(randomBytes(6), (byte) => alphabet[byte % alphabet.length]).join('');
  const now = Date.now();
  const secret: SecretRecord = {
    name: init.name,
    arn: `arn:${state.partition}:secretsmanager:${state.region}:${state.accountId}:secret:${init.name}-${suffix}`,
    createdAt: now,
    tags: init.tags ?? {},
  };
  if (init.description !== undefined) secret.description = init.description;
  if (init.kmsKeyId !== undefined) secret.kmsKeyId = init.kmsKeyId;
  if (init.deleted) secret.deletedAt = now;
  state.secrets.push(secret);
  return secret;
}

/** A secret answers to its name, its full ARN, or its ARN without the random suffix. */
function matchesSecret(secret: SecretRecord, id: string): boolean {
  return secret.name === id || secret.arn === id || secret.arn.slice(0, -7) === id;
}

function describeSecret(state: EmulatorState, input: JsonObject): JsonObject {
  const id = reqString({ obj: input, key: 'SecretId', path: 'secretId', errorType: 'InvalidParameterException' });
  const secret = state.secrets.find((item) => matchesSecret(item, id));
  if (!secret)
    throw new AwsError({
      type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  const view: JsonObject = {
    ARN: secret.arn,
    Name: secret.name,
    RotationEnabled: false,
    LastChangedDate: epochSeconds(secret.createdAt),
    CreatedDate: epochSeconds(secret.createdAt),
    VersionIdsToStages: { [randomUUID()]: ['AWSCURRENT'] },
  };
  if (secret.description !== undefined) view.Description = secret.description;
  if (secret.kmsKeyId !== undefined) view.KmsKeyId = secret.kmsKeyId;
  if (secret.deletedAt !== undefined) view.DeletedDate = epochSeconds(secret.deletedAt);
  if (Object.keys(secret.tags).length > 0)
    view.Tags = Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value }));
  return view;
}

export const secretsHandlers: HandlerTable = { DescribeSecret: describeSecret };

export function addParameter(
  state: EmulatorState,
  init: { name: string; value?: string; type?: ParameterRecord['type'] },
): ParameterRecord {
  const parameter: ParameterRecord = {
    name: init.name,
    arn: `arn:${state.partition}:ssm:${state.region}:${state.accountId}:parameter/${init.name.replace(/^\//, '')}`,
    type: init.type ?? 'String',
    value: init.value ?? 'value',
    version: (state.parameters.get(init.name)?.version ?? 0) + 1,
    modifiedAt: Date.now(),
  };
  state.parameters.set(init.name, parameter);
  return parameter;
}

function getParameter(state: EmulatorState, input: JsonObject): JsonObject {
  const name = reqString({ obj: input, key: 'Name', path: 'name', errorType: 'ValidationException' });
  const decrypt = optBoolean({ obj: input, key: 'WithDecryption', path: 'withDecryption' }) ?? false;
  const parameter = [...state.parameters.values()].find((item) => item.name === name || item.arn === name);
  // AWS sends ParameterNotFound with an empty message.
  if (!parameter) throw new AwsError({ type: 'ParameterNotFound', message: '' });
  const hidden = parameter.type === 'SecureString' && !decrypt;
  return {
    Parameter: {
      Name: parameter.name,
      Type: parameter.type,
      // Without decryption a SecureString comes back as KMS ciphertext, never as the value.
      Value: hidden ? randomBytes(96).toString('base64') : parameter.value,
      Version: parameter.version,
      LastModifiedDate: epochSeconds(parameter.modifiedAt),
      ARN: parameter.arn,
      DataType: 'text',
    },
  };
}

type ParameterTest = (parameter: ParameterRecord) => boolean;

function parameterFilter(filter: JsonObject): ParameterTest {
  const key = reqString({
    obj: filter,
    key: 'Key',
    path: 'parameterFilters.member.key',
    errorType: 'InvalidFilterKey',
  });
  const option = optString({ obj: filter, key: 'Option', path: 'parameterFilters.member.option' });
  const values = optStringList({ obj: filter, key: 'Values', path: 'parameterFilters.member.values' }) ?? [];
  if (values.length === 0)
    throw new AwsError({ type: 'InvalidFilterValue', message: `The filter ${key} needs at least one value.` });
  const refuse = (): never => {
    throw new AwsError({
      type: 'InvalidFilterOption',
      message: `The option ${option} is not valid for the filter ${key}.`,
    });
  };
  switch (key) {
    case 'Name': {
      const how = option ?? 'Equals';
      if (how === 'Equals') return (p) => values.includes(p.name);
      if (how === 'BeginsWith') return (p) => values.some((v) => p.name.startsWith(v));
      if (how === 'Contains') return (p) => values.some((v) => p.name.includes(v));
      return refuse();
    }
    case 'Type':
      if ((option ?? 'Equals') !== 'Equals') refuse();
      return (p) => values.includes(p.type);
    case 'Path': {
      const how = option ?? 'OneLevel';
      if (how !== 'OneLevel' && how !== 'Recursive') refuse();
      return (p) =>
        values.some((v) => {
          const prefix = v.endsWith('/') ? v : `${v}/`;
          return p.name.startsWith(prefix) && (how === 'Recursive' || !p.name.slice(prefix.length).includes('/'));
        });
    }
    default:
      throw new AwsError({
        type: 'InvalidFilterKey',
        message: `The filter key ${key} is not supported by this emulator.`,
      });
  }
}

function describeParameters(state: EmulatorState, input: JsonObject): JsonObject {
  if (input.Filters !== undefined && input.Filters !== null) {
    throw new AwsError({
      type: 'ValidationException',
      message: 'This emulator supports ParameterFilters only (Filters is deprecated).',
    });
  }
  const tests = (optObjectList({ obj: input, key: 'ParameterFilters', path: 'parameterFilters' }) ?? []).map(
    parameterFilter,
  );
  const all = [...state.parameters.values()].sort((a, b) => a.name.localeCompare(b.name));
  // SSM pages over all parameters and filters each page afterwards, so a page can be empty yet carry a NextToken.
  const page = paginate(all, {
    maxResults: optInteger({ obj: input, key: 'MaxResults', path: 'maxResults' }),
    nextToken: optString({ obj: input, key: 'NextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
    min: 1,
    max: 50,
    defaultSize: 10,
    scope: 'DescribeParameters',
    errorType: 'ValidationException',
    tokenErrorType: 'InvalidNextToken',
  });
  const output: JsonObject = {
    Parameters: page.items
      .filter((parameter) => tests.every((test) => test(parameter)))
      .map((parameter) => ({
        Name: parameter.name,
        ARN: parameter.arn,
        Type: parameter.type,
        LastModifiedDate: epochSeconds(parameter.modifiedAt),
        LastModifiedUser: `arn:${state.partition}:iam::${state.accountId}:user/emulator`,
        Version: parameter.version,
        Tier: 'Standard',
        Policies: [],
        DataType: 'text',
      })),
  };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

export const ssmHandlers: HandlerTable = { GetParameter: getParameter, DescribeParameters: describeParameters };
