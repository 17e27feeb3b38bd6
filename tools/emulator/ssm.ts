/** SSM Parameter Store: GetParameter (a SecureString stays encrypted without decryption) and DescribeParameters. */
import { randomBytes } from 'node:crypto';
import { AwsError } from './errors.ts';
import type { HandlerTable } from './handler.ts';
import { epochSeconds, optBoolean, reqString, type JsonObject } from './json.ts';
import { paginateInput } from './pagination.ts';
import { parameterTests } from './ssm-filters.ts';
import type { EmulatorState, ParameterRecord } from './state.ts';

export interface NewParameter {
  name: string;
  value?: string;
  type?: ParameterRecord['type'];
  keyId?: string;
  tier?: ParameterRecord['tier'];
  dataType?: ParameterRecord['dataType'];
  tags?: Record<string, string>;
}

export function addParameter(state: EmulatorState, init: NewParameter): ParameterRecord {
  const type = init.type ?? 'String';
  const parameter: ParameterRecord = {
    name: init.name,
    arn: `arn:${state.partition}:ssm:${state.region}:${state.accountId}:parameter/${init.name.replace(/^\//, '')}`,
    type,
    value: init.value ?? 'value',
    version: (state.parameters.get(init.name)?.version ?? 0) + 1,
    modifiedAt: Date.now(),
    tier: init.tier ?? 'Standard',
    dataType: init.dataType ?? 'text',
    tags: { ...init.tags },
  };
  const keyId = init.keyId ?? (type === 'SecureString' ? 'alias/aws/ssm' : undefined);
  if (keyId !== undefined) parameter.keyId = keyId;
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
      DataType: parameter.dataType,
    },
  };
}

function metadata(state: EmulatorState, parameter: ParameterRecord): JsonObject {
  const view: JsonObject = {
    Name: parameter.name,
    ARN: parameter.arn,
    Type: parameter.type,
    LastModifiedDate: epochSeconds(parameter.modifiedAt),
    LastModifiedUser: `arn:${state.partition}:iam::${state.accountId}:user/emulator`,
    Version: parameter.version,
    Tier: parameter.tier,
    Policies: [],
    DataType: parameter.dataType,
  };
  if (parameter.keyId !== undefined) view.KeyId = parameter.keyId;
  return view;
}

function describeParameters(state: EmulatorState, input: JsonObject): JsonObject {
  const tests = parameterTests(input);
  const all = [...state.parameters.values()].sort((a, b) => a.name.localeCompare(b.name));
  // SSM pages over all parameters and filters each page afterwards, so a page can be empty yet carry a NextToken.
  const page = paginateInput(all, {
    input,
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
      .map((parameter) => metadata(state, parameter)),
  };
  if (page.nextToken) output.NextToken = page.nextToken;
  return output;
}

export const ssmHandlers: HandlerTable = { GetParameter: getParameter, DescribeParameters: describeParameters };
