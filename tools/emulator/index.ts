/**
 * A local emulator of the AWS control planes the action calls (App Runner, ECR, Secrets Manager, SSM, CloudWatch
 * Logs) plus GitHub deployments, answering the real SDK v3 clients over HTTP on 127.0.0.1. It validates, refuses and
 * moves services through operations the way AWS does, in real time; tests drive and inspect it through this object.
 */
import type { AddressInfo } from 'node:net';
import { addConnection } from './apprunner/code-source.ts';
import { validateCustomDomain } from './apprunner/custom-domains.ts';
import { addConfiguration, type ConfigurationKind, type ScalingValues } from './apprunner/configurations.ts';
import { partitionOf, type ConnectorRecord } from './apprunner/model.ts';
import { addPlan, checkPlan, PENDING_MS, type OperationPlan } from './apprunner/plans.ts';
import {
  EVENTS_STREAM,
  findServiceByName,
  logMessages,
  seedConnector,
  seedImage,
  seedService,
  serviceLogGroup,
  serviceState,
  type SeedServiceInput,
  type ServiceState,
} from './control.ts';
import { addRepository, checkRepositoryName } from './ecr/repositories.ts';
import {
  ecsTasks,
  expressServiceState,
  findExpressService,
  planNextEcsDeployment,
  seedCluster,
  seedExpressService,
  type ExpressServiceState,
  type SeedExpressServiceInput,
} from './ecs/control.ts';
import type { EcsPlan } from './ecs/plans.ts';
import { addFault } from './faults.ts';
import type { RateLimits } from './rate-limit.ts';
import { appendLogEvents } from './logstore.ts';
import { addSecret } from './secrets.ts';
import { addParameter, type NewParameter } from './ssm.ts';
import { createEmulatorServer } from './server.ts';
import { TEST_CREDENTIALS } from './sigv4.ts';
import { EmulatorState, type CallRecord, type Fault, type GithubCall, type RepositoryRecord } from './state.ts';

export { TEST_CREDENTIALS };
export type { CallRecord, Fault, GithubCall, OperationPlan, SeedServiceInput, ServiceState };
export type { PlanOutcome, PlanStep } from './apprunner/plans.ts';
export type { EcsPlan, ExpressServiceState, SeedExpressServiceInput };
export type { EcsOutcome } from './ecs/plans.ts';

export interface EmulatorOptions {
  region?: string;
  accountId?: string;
  /** The server closes itself after this long (default 10 minutes); the timer never keeps the process alive. */
  lifetimeMs?: number;
  /** Default length of an operation's IN_PROGRESS phase (default 1000 ms), after a PENDING step of 150 ms. */
  operationMs?: number;
  /** How long each lifecycle stage of an ECS service deployment lasts (default 50 ms; PENDING lasts one stage). */
  ecsStageMs?: number;
  /**
   * The account's request rate per API, in requests per second (a token bucket with a burst of `rate`, see
   * rate-limit.ts): past it, requests are answered 400 ThrottlingException "Rate exceeded". Unlimited by default.
   */
  rateLimits?: RateLimits;
}

export interface Emulator {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** Environment a child process needs to reach the emulator with the AWS SDK and Octokit. */
  env(): Record<string, string>;
  stop(): Promise<void>;
  seedService(input: SeedServiceInput): ServiceState;
  seedVpcConnector(input: {
    name: string;
    subnets?: string[];
    securityGroups?: string[];
    status?: 'ACTIVE' | 'INACTIVE';
  }): {
    arn: string;
    name: string;
    status: string;
  };
  seedSecret(
    name: string,
    options?: { description?: string; kmsKeyId?: string; deleted?: boolean; tags?: Record<string, string> },
  ): {
    arn: string;
    name: string;
  };
  seedParameter(name: string, options?: Omit<NewParameter, 'name'>): { arn: string; name: string };
  seedRepository(
    name: string,
    options?: {
      tagMutability?: RepositoryRecord['tagMutability'];
      tagMutabilityExclusionFilters?: RepositoryRecord['tagMutabilityExclusionFilters'];
      scanOnPush?: boolean;
    },
  ): { name: string; arn: string; uri: string };
  /**
   * A new revision of an auto scaling configuration (1 for a new name), as CreateAutoScalingConfiguration makes. AWS's
   * `DefaultConfiguration` revision 1 exists from the start.
   */
  seedAutoScalingConfiguration(
    name: string,
    values?: { minSize?: number; maxSize?: number; maxConcurrency?: number },
  ): ConfigurationView;
  /** A new revision of an observability configuration; AWS's `DefaultConfiguration` revision 1 exists from the start. */
  seedObservabilityConfiguration(name: string, options?: { traceVendor?: 'AWSXRAY' }): ConfigurationView;
  /** An App Runner connection to a repository provider (AVAILABLE unless told; PENDING_HANDSHAKE until completed). */
  seedConnection(
    name: string,
    options?: { status?: 'PENDING_HANDSHAKE' | 'AVAILABLE' | 'ERROR' | 'DELETED'; provider?: 'GITHUB' | 'BITBUCKET' },
  ): { arn: string; name: string };
  /** The next build of the source-code service `serviceName` fails with these build log lines (e.g. `[Build] ...`). */
  failNextBuild(serviceName: string, lines: string[]): void;
  /** The head commit GitHub reports for `branch` of `repository` (`owner/name`). */
  seedBranch(repository: string, branch: string, sha: string): void;
  /** What DNS validation does: the custom domain's certificate is issued and the domain ACTIVE. */
  validateCustomDomain(service: string, domain: string): void;
  seedImage(
    repository: string,
    image: { tag?: string; digest?: string; sizeInBytes?: number; manifest?: string; mediaType?: string },
  ): { digest: string; tags: string[] };
  /** Hands out this registry from GetAuthorizationToken and reads images from it (username must be `AWS`). */
  attachRegistry(registry: { endpoint: string; username: string; password: string }): void;
  /**
   * Plans how the next operation of the service (by name, even before it exists) unfolds: the next one of `plan.type`,
   * or without a type the next one at all. A plan that rolls back is only followed by a deployment of a RUNNING
   * service (others cannot roll back): it is refused for a CREATE/DELETE/PAUSE/RESUME type, and an untyped one waits.
   * Planning again for the same type replaces the earlier plan.
   */
  planNextOperation(serviceName: string, plan: OperationPlan): void;
  injectFault(fault: Fault): void;
  /** Every request received, oldest first: refused, unknown and unsigned ones too (see CallRecord). */
  calls(): CallRecord[];
  githubCalls(): GithubCall[];
  /** Current state of the live service of that name (else the last deleted one). */
  service(name: string): ServiceState | undefined;
  /** Messages written to a CloudWatch Logs group (all streams, or one). */
  logMessages(where: { group: string; stream?: string }): string[];
  /** Writes lines to a CloudWatch Logs stream (made if new), now, as the application or App Runner would. */
  appendLogLines(where: { group: string; stream: string }, messages: string[]): void;
  /** The service event log group and stream App Runner writes for that service. */
  serviceEventLog(name: string): { group: string; stream: string } | undefined;
  /** An ECS cluster besides `default` (which always exists). */
  seedCluster(name: string): { name: string; arn: string };
  /** An Express service in any status, settled or with a deployment under way (see SeedExpressServiceInput). */
  seedExpressService(input: SeedExpressServiceInput): ExpressServiceState;
  /**
   * How the next deployment (Create or Update) of the Express service of that name unfolds, in any cluster; replaces
   * an earlier plan for the name. Without a plan deployments succeed, unless the image is missing from this ECR.
   */
  planNextEcsDeployment(serviceName: string, plan: EcsPlan): void;
  /** State of the Express service (the live one of that name, else the last INACTIVE one). */
  expressService(name: string, cluster?: string): ExpressServiceState | undefined;
  /** DescribeTasks views of every task the service ran, oldest first. */
  ecsTasks(name: string, cluster?: string): Record<string, unknown>[];
  reset(): void;
}

export interface ConfigurationView {
  arn: string;
  name: string;
  revision: number;
}

const DEFAULT_LIFETIME_MS = 10 * 60 * 1000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const region = options.region ?? 'eu-west-1';
  const accountId = options.accountId ?? '123456789012';
  if (!/^[0-9]{12}$/.test(accountId)) throw new Error(`accountId must be 12 digits, got ${accountId}`);
  const state = new EmulatorState({
    region,
    accountId,
    partition: partitionOf(region),
    operationMs: options.operationMs ?? 1000,
    ecsStageMs: options.ecsStageMs,
    rateLimits: options.rateLimits,
  });
  const server = createEmulatorServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      state.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopped;
  };
  const lifetime = setTimeout(() => void stop(), options.lifetimeMs ?? DEFAULT_LIFETIME_MS);
  lifetime.unref();

  const seedConfiguration = (
    kind: ConfigurationKind,
    init: { name: string; scaling?: Partial<ScalingValues>; traceVendor?: string },
  ): ConfigurationView => {
    const record = addConfiguration(state, { kind, ...init });
    return { arn: record.arn, name: record.name, revision: record.revision };
  };
  const connectorView = (connector: ConnectorRecord) => ({
    arn: connector.arn,
    name: connector.name,
    status: connector.status,
  });
  return {
    endpoint,
    region,
    accountId,
    env: () => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: region,
      GITHUB_API_URL: endpoint,
    }),
    stop,
    seedService: (input) => seedService(state, input),
    seedVpcConnector: (input) => connectorView(seedConnector(state, input)),
    seedSecret: (name, extra) => {
      const secret = addSecret(state, { name, ...extra });
      return { arn: secret.arn, name: secret.name };
    },
    seedParameter: (name, extra) => {
      const parameter = addParameter(state, { name, ...extra });
      return { arn: parameter.arn, name: parameter.name };
    },
    seedRepository: (name, extra) => {
      checkRepositoryName(name);
      if (state.repositories.has(name)) throw new Error(`Repository ${name} already exists`);
      const repository = addRepository(state, { name, ...extra });
      return { name: repository.name, arn: repository.arn, uri: repository.uri };
    },
    seedImage: (repository, image) => {
      const seeded = seedImage(state, { repository, image });
      return { digest: seeded.digest, tags: [...seeded.tags] };
    },
    attachRegistry: (registry) => {
      if (registry.username !== 'AWS')
        throw new Error(`ECR registries authenticate user AWS, not ${registry.username}`);
      state.registry = { ...registry, endpoint: registry.endpoint.replace(/\/+$/, '') };
    },
    seedAutoScalingConfiguration: (name, scaling) => seedConfiguration('autoscalingconfiguration', { name, scaling }),
    seedObservabilityConfiguration: (name, options) =>
      seedConfiguration('observabilityconfiguration', { name, traceVendor: options?.traceVendor }),
    seedConnection: (name, options) => {
      const connection = addConnection(state, { name, ...options });
      return { arn: connection.arn, name: connection.name };
    },
    validateCustomDomain: (service, domain) => validateCustomDomain(state, { service, domain }),
    seedBranch: (repository, branch, sha) => {
      state.sourceCode.branchHeads.set(`${repository}#${branch}`, sha);
    },
    failNextBuild: (serviceName, lines) => {
      state.sourceCode.failingBuilds.set(serviceName, [...lines]);
    },
    planNextOperation: (serviceName, plan) => {
      checkPlan(plan, { operationMs: state.operationMs, pendingMs: PENDING_MS });
      addPlan(state, { serviceName, plan: structuredClone(plan) });
    },
    injectFault: (fault) => addFault(state, fault),
    calls: () => structuredClone(state.calls),
    githubCalls: () => structuredClone(state.githubCalls),
    service: (name) => {
      const found = findServiceByName(state, name);
      return found ? serviceState(state, found) : undefined;
    },
    logMessages: (where) => logMessages(state, where),
    appendLogLines: (where, messages) => appendLogEvents(state, where, messages),
    serviceEventLog: (name) => {
      const found = findServiceByName(state, name);
      return found ? { group: serviceLogGroup(found), stream: EVENTS_STREAM } : undefined;
    },
    seedCluster: (name) => seedCluster(state, name),
    seedExpressService: (input) => seedExpressService(state, input),
    planNextEcsDeployment: (serviceName, plan) => planNextEcsDeployment(state, serviceName, plan),
    expressService: (name, cluster) => {
      const found = findExpressService(state, name, cluster);
      return found ? expressServiceState(found) : undefined;
    },
    ecsTasks: (name, cluster) => {
      const found = findExpressService(state, name, cluster);
      return found ? ecsTasks(state, found) : [];
    },
    reset: () => state.clear(),
  };
}
