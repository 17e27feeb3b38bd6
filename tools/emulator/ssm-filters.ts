/**
 * DescribeParameters filters as SSM takes them: `ParameterFilters` (keys Name, Type, KeyId, Path, Tier, DataType and
 * `tag:<key>`; options Equals and BeginsWith, Contains for Name, OneLevel and Recursive for Path) and the deprecated
 * `Filters` (keys Name, Type, KeyId), never both in one request. Wording follows SSM's refusals.
 */
import { AwsError } from './errors.ts';
import { optObjectList, optString, optStringList, reqString, type JsonObject } from './json.ts';
import type { ParameterRecord } from './state.ts';

export type ParameterTest = (parameter: ParameterRecord) => boolean;

const KEY = /^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/;

const VALUES: Record<string, readonly string[]> = {
  Type: ['String', 'StringList', 'SecureString'],
  Tier: ['Standard', 'Advanced', 'Intelligent-Tiering'],
  DataType: ['text', 'aws:ec2:image', 'aws:ssm:integration'],
};

const validation = (message: string): AwsError => new AwsError({ type: 'ValidationException', message });

function constraint(init: { path: string; value: string; rule: string }): AwsError {
  return validation(
    `1 validation error detected: Value '${init.value}' at '${init.path}' failed to satisfy constraint: ${init.rule}`,
  );
}

/** What a filter's key reads from a parameter (undefined when the parameter has no such attribute). */
function attribute(parameter: ParameterRecord, key: string): string | undefined {
  if (key.startsWith('tag:')) return parameter.tags[key.slice(4)];
  const attributes: Record<string, string | undefined> = {
    Name: parameter.name,
    Type: parameter.type,
    KeyId: parameter.keyId,
    Tier: parameter.tier,
    DataType: parameter.dataType,
  };
  return attributes[key];
}

function matchOption(option: string, values: string[]): (actual: string) => boolean {
  if (option === 'BeginsWith') return (actual) => values.some((value) => actual.startsWith(value));
  if (option === 'Contains') return (actual) => values.some((value) => actual.includes(value));
  return (actual) => values.includes(actual);
}

function pathTest(option: string, values: string[]): ParameterTest {
  return (parameter) =>
    values.some((value) => {
      const prefix = value.endsWith('/') ? value : `${value}/`;
      const below = parameter.name.startsWith(prefix) ? parameter.name.slice(prefix.length) : undefined;
      return below !== undefined && (option === 'Recursive' || !below.includes('/'));
    });
}

function parameterFilter(filter: JsonObject, index: number): { key: string; test: ParameterTest } {
  const path = `parameterFilters.${index + 1}.member`;
  const key = reqString({ obj: filter, key: 'Key', path: `${path}.key`, errorType: 'ValidationException' });
  if (key.length > 132 || !KEY.test(key)) {
    throw constraint({
      path: `${path}.key`,
      value: key,
      rule: `Member must satisfy regular expression pattern: ${KEY.source.slice(1, -1)}`,
    });
  }
  if (key === 'Label') {
    throw new AwsError({
      type: 'InvalidFilterKey',
      message:
        'The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag].',
    });
  }
  const option =
    optString({ obj: filter, key: 'Option', path: `${path}.option` }) ?? (key === 'Path' ? 'OneLevel' : 'Equals');
  const values = optStringList({ obj: filter, key: 'Values', path: `${path}.values` });
  const allowed =
    key === 'Path'
      ? ['Recursive', 'OneLevel']
      : key === 'Name'
        ? ['BeginsWith', 'Contains', 'Equals']
        : ['BeginsWith', 'Equals'];
  if (!allowed.includes(option)) {
    throw new AwsError({
      type: 'InvalidFilterOption',
      message: `The following filter option is not valid: ${option}. Valid options include: [${allowed.join(', ')}].`,
    });
  }
  // A tag filter without values matches every parameter that has the tag.
  if (key.startsWith('tag:') && (values === undefined || values.length === 0)) {
    return { key, test: (parameter) => attribute(parameter, key) !== undefined };
  }
  if (values === undefined || values.length === 0) {
    throw new AwsError({
      type: 'InvalidFilterValue',
      message: `The following filter values are missing : null for filter key ${key}.`,
    });
  }
  const invalid = values.find((value) => VALUES[key] !== undefined && !VALUES[key].includes(value));
  if (invalid !== undefined) {
    throw new AwsError({
      type: 'InvalidFilterValue',
      message: `The following filter value is not valid: ${invalid}. Valid values include: [${VALUES[key].join(', ')}].`,
    });
  }
  if (key === 'Path') return { key, test: pathTest(option, values) };
  const matches = matchOption(option, values);
  return {
    key,
    test: (parameter) => {
      const actual = attribute(parameter, key);
      return actual !== undefined && matches(actual);
    },
  };
}

/** The deprecated ParametersFilter: Name matches by prefix, Type and KeyId exactly. */
function legacyFilter(filter: JsonObject, index: number): ParameterTest {
  const path = `filters.${index + 1}.member`;
  const key = reqString({ obj: filter, key: 'Key', path: `${path}.key`, errorType: 'ValidationException' });
  if (!['Name', 'Type', 'KeyId'].includes(key)) {
    throw constraint({
      path: `${path}.key`,
      value: key,
      rule: 'Member must satisfy enum value set: [Name, Type, KeyId]',
    });
  }
  const values = optStringList({ obj: filter, key: 'Values', path: `${path}.values` }) ?? [];
  if (values.length === 0) {
    throw constraint({
      path: `${path}.values`,
      value: '[]',
      rule: 'Member must have length greater than or equal to 1',
    });
  }
  const matches = matchOption(key === 'Name' ? 'BeginsWith' : 'Equals', values);
  return (parameter) => {
    const actual = attribute(parameter, key);
    return actual !== undefined && matches(actual);
  };
}

/** Every test a DescribeParameters request asks a parameter to pass. */
export function parameterTests(input: JsonObject): ParameterTest[] {
  const modern = optObjectList({ obj: input, key: 'ParameterFilters', path: 'parameterFilters' });
  const legacy = optObjectList({ obj: input, key: 'Filters', path: 'filters' });
  if (modern !== undefined && legacy !== undefined) {
    throw validation('You can use either Filters or ParameterFilters in a single request.');
  }
  if (legacy !== undefined) return legacy.map(legacyFilter);
  const filters = (modern ?? []).map(parameterFilter);
  const duplicate = filters.find((filter, index) => filters.findIndex((other) => other.key === filter.key) !== index);
  if (duplicate) {
    throw new AwsError({
      type: 'InvalidFilterKey',
      message: `The following filter is duplicated in the request: ${duplicate.key}. A request can contain only one occurrence of a specific filter.`,
    });
  }
  return filters.map((filter) => filter.test);
}
