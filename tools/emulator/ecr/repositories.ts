/** ECR repositories: GetAuthorizationToken, DescribeRepositories, CreateRepository. */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import {
  epochSeconds,
  optBoolean,
  optInteger,
  optObject,
  optObjectList,
  optString,
  optStringList,
  reqString,
  type JsonObject,
} from '../json.ts';
import { paginate } from '../pagination.ts';
import type { EmulatorState, RepositoryRecord } from '../state.ts';

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TOKEN_HOURS = 12;

export const invalidParameter = (message: string): AwsError =>
  new AwsError({ type: 'InvalidParameterException', message });

export function repositoryNotFound(state: EmulatorState, name: string): AwsError {
  return new AwsError({
    type: 'RepositoryNotFoundException',
    message: `The repository with name '${name}' does not exist in the registry with id '${state.accountId}'`,
  });
}

export function checkRepositoryName(name: string): void {
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source.slice(1, -1)}''`,
    );
  }
}

export const registryHost = (state: EmulatorState): string =>
  `${state.accountId}.dkr.ecr.${state.region}.amazonaws.com`;

export function addRepository(
  state: EmulatorState,
  init: {
    name: string;
    tagMutability?: RepositoryRecord['tagMutability'];
    tagMutabilityExclusionFilters?: RepositoryRecord['tagMutabilityExclusionFilters'];
    scanOnPush?: boolean;
    encryption?: RepositoryRecord['encryption'];
  },
): RepositoryRecord {
  const tagMutability = init.tagMutability ?? 'MUTABLE';
  const exclusions = init.tagMutabilityExclusionFilters ?? [];
  if (tagMutability.endsWith('_WITH_EXCLUSION') !== exclusions.length > 0) {
    throw invalidParameter(
      `${tagMutability} ${exclusions.length > 0 ? "doesn't take" : 'needs'} imageTagMutabilityExclusionFilters`,
    );
  }
  const repository: RepositoryRecord = {
    name: init.name,
    arn: `arn:${state.partition}:ecr:${state.region}:${state.accountId}:repository/${init.name}`,
    uri: `${registryHost(state)}/${init.name}`,
    createdAt: Date.now(),
    tagMutability,
    tagMutabilityExclusionFilters: exclusions.map((filter) => ({ ...filter })),
    scanOnPush: init.scanOnPush ?? false,
    encryption: init.encryption ?? { encryptionType: 'AES256' },
    images: [],
    tags: {},
  };
  state.repositories.set(init.name, repository);
  return repository;
}

/** Whether pushing `tag` again to another digest is refused, exclusion filters (wildcards) considered. */
export function tagIsImmutable(repository: RepositoryRecord, tag: string): boolean {
  const excluded = repository.tagMutabilityExclusionFilters.some((item) => wildcard(item.filter).test(tag));
  return repository.tagMutability.startsWith('IMMUTABLE') !== excluded;
}

/** An exclusion filter's pattern as a regex: its characters are `[0-9a-zA-Z._*-]`, so only `.` and `*` are special. */
const wildcard = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);

export function describeRepository(state: EmulatorState, repository: RepositoryRecord): JsonObject {
  const exclusions = repository.tagMutabilityExclusionFilters;
  return {
    ...(exclusions.length > 0 ? { imageTagMutabilityExclusionFilters: exclusions.map((item) => ({ ...item })) } : {}),
    repositoryArn: repository.arn,
    registryId: state.accountId,
    repositoryName: repository.name,
    repositoryUri: repository.uri,
    createdAt: epochSeconds(repository.createdAt),
    imageTagMutability: repository.tagMutability,
    imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
    encryptionConfiguration: { ...repository.encryption },
  };
}

export function requireRepository(state: EmulatorState, input: JsonObject): RepositoryRecord {
  const name = reqString({
    obj: input,
    key: 'repositoryName',
    path: 'repositoryName',
    errorType: 'InvalidParameterException',
  });
  checkRepositoryName(name);
  const repository = state.repositories.get(name);
  if (!repository) throw repositoryNotFound(state, name);
  return repository;
}

/**
 * A registry attached with its tag guard (tools/registry, `immutableTags`) learns this emulator's repository settings,
 * so a push that would move an immutable tag is refused by the registry as ECR's would be.
 */
function guardRegistryTags(state: EmulatorState): void {
  const guard = (state.registry as { tagGuard?: { isImmutable?: (repository: string, tag: string) => boolean } })
    ?.tagGuard;
  if (!guard) return;
  guard.isImmutable = (name, tag) => {
    const repository = state.repositories.get(name);
    return repository !== undefined && tagIsImmutable(repository, tag);
  };
}

function getAuthorizationToken(state: EmulatorState): JsonObject {
  guardRegistryTags(state);
  const link = state.registry;
  const password = link?.password ?? randomBytes(48).toString('base64');
  return {
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${password}`, 'utf8').toString('base64'),
        expiresAt: epochSeconds(Date.now() + TOKEN_HOURS * 3600_000),
        proxyEndpoint: link?.endpoint ?? `https://${registryHost(state)}`,
      },
    ],
  };
}

function describeRepositories(state: EmulatorState, input: JsonObject): JsonObject {
  const names = optStringList({ obj: input, key: 'repositoryNames', path: 'repositoryNames' });
  const maxResults = optInteger({ obj: input, key: 'maxResults', path: 'maxResults' });
  if (names !== undefined) {
    if (maxResults !== undefined) throw invalidParameter('maxResults cannot be used together with repositoryNames');
    names.forEach(checkRepositoryName);
    const missing = names.find((name) => !state.repositories.has(name));
    if (missing !== undefined) throw repositoryNotFound(state, missing);
    const found = names.map((name) => state.repositories.get(name) as RepositoryRecord);
    return { repositories: found.map((repository) => describeRepository(state, repository)) };
  }
  const page = paginate([...state.repositories.values()], {
    maxResults,
    nextToken: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
    min: 1,
    max: 1000,
    defaultSize: 100,
    scope: 'DescribeRepositories',
    errorType: 'InvalidParameterException',
  });
  const output: JsonObject = { repositories: page.items.map((repository) => describeRepository(state, repository)) };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

const MUTABILITIES = ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'] as const;
const EXCLUSION_FILTER = /^[0-9a-zA-Z._*-]{1,128}$/;

/** imageTagMutability and its exclusion filters (1-5 WILDCARD patterns, only with a `*_WITH_EXCLUSION` setting). */
function readTagMutability(
  input: JsonObject,
): Pick<RepositoryRecord, 'tagMutability' | 'tagMutabilityExclusionFilters'> {
  const mutability = optString({ obj: input, key: 'imageTagMutability', path: 'imageTagMutability' }) ?? 'MUTABLE';
  if (!(MUTABILITIES as readonly string[]).includes(mutability)) {
    throw invalidParameter(
      `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${MUTABILITIES.join(', ')}]'`,
    );
  }
  const path = 'imageTagMutabilityExclusionFilters';
  const filters = optObjectList({ obj: input, key: 'imageTagMutabilityExclusionFilters', path }) ?? [];
  if (filters.length > 5) {
    throw invalidParameter(
      `Invalid parameter at '${path}' failed to satisfy constraint: 'Member must have length less than or equal to 5'`,
    );
  }
  const exclusions = filters.map((item) => {
    const filterType = reqString({
      obj: item,
      key: 'filterType',
      path: `${path}.member.filterType`,
      errorType: 'InvalidParameterException',
    });
    const filter = reqString({
      obj: item,
      key: 'filter',
      path: `${path}.member.filter`,
      errorType: 'InvalidParameterException',
    });
    if (filterType !== 'WILDCARD') {
      throw invalidParameter(
        `Invalid parameter at 'filterType' failed to satisfy constraint: 'Member must satisfy enum value set: [WILDCARD]'`,
      );
    }
    if (!EXCLUSION_FILTER.test(filter)) {
      throw invalidParameter(
        `Invalid parameter at 'filter' failed to satisfy constraint: 'Member must satisfy regular expression pattern: ${EXCLUSION_FILTER.source}'`,
      );
    }
    return { filterType, filter } as const;
  });
  return { tagMutability: mutability as RepositoryRecord['tagMutability'], tagMutabilityExclusionFilters: exclusions };
}

function createRepository(state: EmulatorState, input: JsonObject): JsonObject {
  const name = reqString({
    obj: input,
    key: 'repositoryName',
    path: 'repositoryName',
    errorType: 'InvalidParameterException',
  });
  checkRepositoryName(name);
  const mutability = readTagMutability(input);
  const scanning = optObject({ obj: input, key: 'imageScanningConfiguration', path: 'imageScanningConfiguration' });
  const scanOnPush = scanning
    ? optBoolean({ obj: scanning, key: 'scanOnPush', path: 'imageScanningConfiguration.scanOnPush' })
    : undefined;
  const encryptionInput = optObject({ obj: input, key: 'encryptionConfiguration', path: 'encryptionConfiguration' });
  let encryption: RepositoryRecord['encryption'] | undefined;
  if (encryptionInput) {
    const type = reqString({
      obj: encryptionInput,
      key: 'encryptionType',
      path: 'encryptionConfiguration.encryptionType',
    });
    if (type !== 'AES256' && type !== 'KMS' && type !== 'KMS_DSSE')
      throw invalidParameter(`Invalid encryptionType ${type}`);
    const kmsKey = optString({ obj: encryptionInput, key: 'kmsKey', path: 'encryptionConfiguration.kmsKey' });
    if (kmsKey !== undefined && type === 'AES256')
      throw invalidParameter('kmsKey can only be specified when encryptionType is KMS');
    encryption = kmsKey === undefined ? { encryptionType: type } : { encryptionType: type, kmsKey };
  }
  const tags: Record<string, string> = {};
  for (const tag of optObjectList({ obj: input, key: 'tags', path: 'tags' }) ?? []) {
    const key = reqString({ obj: tag, key: 'Key', path: 'tags.member.Key', errorType: 'InvalidParameterException' });
    tags[key] = reqString({
      obj: tag,
      key: 'Value',
      path: 'tags.member.Value',
      errorType: 'InvalidParameterException',
    });
  }
  if (state.repositories.has(name)) {
    throw new AwsError({
      type: 'RepositoryAlreadyExistsException',
      message: `The repository with name '${name}' already exists in the registry with id '${state.accountId}'`,
    });
  }
  const repository = addRepository(state, { name, ...mutability, scanOnPush, encryption });
  repository.tags = tags;
  return { repository: describeRepository(state, repository) };
}

export const repositoryHandlers: HandlerTable = {
  GetAuthorizationToken: getAuthorizationToken,
  DescribeRepositories: describeRepositories,
  CreateRepository: createRepository,
};
