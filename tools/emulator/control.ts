/** Test-side control of the emulator: seeding resources and reading state without going through the AWS API. */
import { createHash } from 'node:crypto';
import type { CreateServiceRequest } from '@aws-sdk/client-apprunner';
import { addConnector } from './apprunner/connectors.ts';
import { EVENTS_STREAM, serviceLogGroup, writeServiceEvents } from './apprunner/events.ts';
import type {
  ConnectorRecord,
  OperationType,
  ServiceConfig,
  ServiceRecord,
  ServiceStatus,
  VpcConnectorStatus,
} from './apprunner/model.ts';
import { startOperation } from './apprunner/operations.ts';
import { canRollBack, checkPlan, rollsBack, type OperationPlan } from './apprunner/plans.ts';
import { checkResultingConfig, createConfig } from './apprunner/service-rules.ts';
import { addService, nameTaken } from './apprunner/services.ts';
import { parseConfigInput } from './apprunner/validate-config.ts';
import { checkName } from './apprunner/validate-fields.ts';
import { describeService } from './apprunner/views.ts';
import { addRepository, checkRepositoryName, tagIsImmutable } from './ecr/repositories.ts';
import type { JsonObject } from './json.ts';
import type { EmulatorState, ImageRecord, RepositoryRecord } from './state.ts';

export type SeedConfig = Partial<Omit<CreateServiceRequest, 'ServiceName' | 'Tags'>>;

export interface SeedServiceInput {
  name: string;
  /** Settled status of the service (default RUNNING); ignored when `operation` is given. */
  status?: Exclude<ServiceStatus, 'OPERATION_IN_PROGRESS'>;
  /** CreateService-shaped configuration; by default a private ECR image of this account with an access role. */
  config?: SeedConfig;
  tags?: Record<string, string>;
  /**
   * An operation already under way (past PENDING): the service is OPERATION_IN_PROGRESS until its plan ends. Only a
   * deployment (UPDATE_SERVICE, START_DEPLOYMENT) of a RUNNING service may plan a rollback.
   */
  operation?: { type: OperationType; plan?: OperationPlan };
}

export interface ServiceState {
  name: string;
  id: string;
  arn: string;
  status: ServiceStatus;
  config: ServiceConfig;
  tags: Record<string, string>;
  /** Newest first, times in epoch milliseconds. */
  operations: {
    id: string;
    type: OperationType;
    status: string;
    startedAt: number;
    updatedAt: number;
    endedAt?: number;
  }[];
  /** Exactly what DescribeService answers (epoch-second timestamps). */
  description: JsonObject;
}

function defaultSeedConfig(state: EmulatorState, name: string): SeedConfig {
  return {
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: `${state.accountId}.dkr.ecr.${state.region}.amazonaws.com/${name.toLowerCase()}:latest`,
        ImageRepositoryType: 'ECR',
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: {
        AccessRoleArn: `arn:${state.partition}:iam::${state.accountId}:role/AppRunnerECRAccessRole`,
      },
    },
  };
}

export function serviceState(state: EmulatorState, service: ServiceRecord): ServiceState {
  return {
    name: service.name,
    id: service.id,
    arn: service.arn,
    status: service.status,
    config: structuredClone(service.config),
    tags: Object.fromEntries(service.tags),
    operations: [...service.operations].reverse().map((operation) => ({
      id: operation.id,
      type: operation.type,
      status: operation.status,
      startedAt: operation.startedAt,
      updatedAt: operation.updatedAt,
      ...(operation.endedAt === undefined ? {} : { endedAt: operation.endedAt }),
    })),
    description: describeService(state, service),
  };
}

export function seedService(state: EmulatorState, input: SeedServiceInput): ServiceState {
  checkName('serviceName', input.name);
  if (nameTaken(state, input.name)) throw new Error(`A service named ${input.name} already exists`);
  const raw = (input.config ?? defaultSeedConfig(state, input.name)) as unknown as JsonObject;
  const config = createConfig(parseConfigInput(raw, state), state);
  checkResultingConfig(config, state);
  const operation = input.operation;
  const previousStatus = operation?.type === 'RESUME_SERVICE' ? 'PAUSED' : (input.status ?? 'RUNNING');
  if (operation?.plan) {
    checkPlan({ ...operation.plan, type: operation.type }, { operationMs: state.operationMs, pendingMs: 0 });
    if (rollsBack(operation.plan) && !canRollBack(operation.type, previousStatus)) {
      throw new Error(`A ${operation.type} operation of a ${previousStatus} service cannot roll back`);
    }
  }
  const kmsKey = input.config?.EncryptionConfiguration?.KmsKey;
  const service = addService(state, {
    name: input.name,
    config,
    tags: new Map(Object.entries(input.tags ?? {})),
    encryption: kmsKey ? { KmsKey: kmsKey } : undefined,
  });
  if (operation) {
    startOperation(state, service, {
      type: operation.type,
      target: config,
      plan: operation.plan,
      underWay: true,
      previousStatus,
    });
  } else {
    service.status = input.status ?? 'RUNNING';
    if (service.status === 'DELETED') service.deletedAt = Date.now();
    writeServiceEvents(state, service, [`Service status is set to ${service.status}.`]);
  }
  return serviceState(state, service);
}

/** The live service of that name, else the most recent deleted one. */
export function findServiceByName(state: EmulatorState, name: string): ServiceRecord | undefined {
  const named = state.services.filter((service) => service.name === name);
  return named.find((service) => service.status !== 'DELETED') ?? named.at(-1);
}

export function seedConnector(
  state: EmulatorState,
  input: { name: string; subnets?: string[]; securityGroups?: string[]; status?: VpcConnectorStatus },
): ConnectorRecord {
  checkName('vpcConnectorName', input.name);
  return addConnector(state, { ...input, subnets: input.subnets ?? ['subnet-0emulator0000001'] });
}

export function seedImage(
  state: EmulatorState,
  init: {
    repository: string;
    image: { tag?: string; digest?: string; sizeInBytes?: number; manifest?: string; mediaType?: string };
  },
): ImageRecord {
  checkRepositoryName(init.repository);
  const repository: RepositoryRecord =
    state.repositories.get(init.repository) ?? addRepository(state, { name: init.repository });
  const { tag } = init.image;
  const manifest =
    init.image.manifest ??
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      layers: [],
      annotations: { tag },
    });
  const digest = init.image.digest ?? `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const holder = tag === undefined ? undefined : repository.images.find((image) => image.tags.includes(tag));
  if (holder && tag !== undefined && holder.digest !== digest) {
    if (tagIsImmutable(repository, tag)) throw new Error(`Tag ${tag} is immutable in ${repository.name}`);
    holder.tags = holder.tags.filter((item) => item !== tag);
  }
  let image = repository.images.find((item) => item.digest === digest);
  if (!image) {
    image = {
      digest,
      tags: [],
      sizeInBytes: init.image.sizeInBytes ?? Buffer.byteLength(manifest),
      pushedAt: Date.now(),
      manifest,
      mediaType: init.image.mediaType ?? 'application/vnd.oci.image.manifest.v1+json',
    };
    repository.images.push(image);
  }
  if (tag !== undefined && !image.tags.includes(tag)) image.tags.push(tag);
  return image;
}

export function logMessages(state: EmulatorState, where: { group: string; stream?: string }): string[] {
  const group = state.logGroups.get(where.group);
  if (!group) return [];
  const streams =
    where.stream === undefined
      ? [...group.streams.values()]
      : [group.streams.get(where.stream)].filter((s) => s !== undefined);
  return streams.flatMap((stream) => stream.events.map((event) => event.message));
}

export { EVENTS_STREAM, serviceLogGroup };
