/** The emulator's in-memory world: every resource, the call log, planned outcomes and pending faults. */
import type { AwsServiceName } from './errors.ts';
import { SourceCodeState } from './apprunner/code-source.ts';
import type { CustomDomainRecord } from './apprunner/custom-domains.ts';
import { defaultConfigurations, type ConfigurationRecord } from './apprunner/configurations.ts';
import type { ConnectorRecord, Place, ServiceRecord } from './apprunner/model.ts';
import type { OperationPlan } from './apprunner/plans.ts';
import { EcsState } from './ecs/model.ts';
import type { Json } from './json.ts';
import { RateLimiter, type RateLimits } from './rate-limit.ts';

/** One request the emulator received, whatever became of it. */
export interface CallRecord {
  /** The API the X-Amz-Target names, or `unknown` when it names none the emulator serves. */
  service: AwsServiceName | 'ecs' | 'unknown';
  operation: string;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  input: Json;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /**
   * True for every operation that is not a read (Describe*, List*, Get*, BatchGet*, BatchCheck*, Filter*), whether or
   * not it was refused: a forged UpdateService is still an attempt to change something.
   */
  mutating: boolean;
  /** The emulator serves this operation (a known X-Amz-Target prefix and operation name). */
  known: boolean;
  /** The SigV4 signature checked out. */
  authenticated: boolean;
  /** The exception name AWS answered with, when the call failed (injected faults included). */
  error?: string;
  /** The injected fault that answered this call, if any. */
  fault?: FaultKind;
}

/**
 * `reset` drops the connection before the request is applied; `reset-after` applies it, then drops the connection
 * before the answer (the lost response a client cannot tell from a lost request).
 */
export type FaultKind = 'throttle' | '500' | 'reset' | 'reset-after' | 'slow';

export interface Fault {
  /** Operation name (`DescribeService`) or `*` for any operation. */
  operation: string;
  kind: FaultKind;
  /** How many matching requests it answers (default 1). */
  times?: number;
  /** For `slow`: how long to hold the response (default 2000 ms). */
  delayMs?: number;
  /** Only requests to this signing service (`ecs`, `apprunner`, ...); any service when left out. */
  service?: string;
}

export interface SecretRecord {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  createdAt: number;
  deletedAt?: number;
  tags: Record<string, string>;
}

export interface ParameterRecord {
  name: string;
  arn: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  version: number;
  modifiedAt: number;
  /** The KMS key of a SecureString (`alias/aws/ssm` unless given). */
  keyId?: string;
  tier: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  dataType: 'text' | 'aws:ec2:image' | 'aws:ssm:integration';
  tags: Record<string, string>;
}

export interface ImageRecord {
  digest: string;
  tags: string[];
  sizeInBytes: number;
  pushedAt: number;
  manifest: string;
  mediaType: string;
}

export interface RepositoryRecord {
  name: string;
  arn: string;
  uri: string;
  createdAt: number;
  tagMutability: 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';
  /** Tags (wildcard patterns) that take the opposite mutability; only with a `*_WITH_EXCLUSION` setting. */
  tagMutabilityExclusionFilters: { filterType: 'WILDCARD'; filter: string }[];
  scanOnPush: boolean;
  encryption: { encryptionType: 'AES256' | 'KMS' | 'KMS_DSSE'; kmsKey?: string };
  images: ImageRecord[];
  tags: Record<string, string>;
}

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface LogStreamRecord {
  name: string;
  createdAt: number;
  events: LogEvent[];
}

export interface LogGroupRecord {
  name: string;
  createdAt: number;
  streams: Map<string, LogStreamRecord>;
}

export interface RegistryLink {
  /** Base URL of a Docker Registry HTTP API v2 server, e.g. `http://127.0.0.1:5000`. */
  endpoint: string;
  username: string;
  password: string;
}

export interface GithubCall {
  method: string;
  path: string;
  body: Json;
  status: number;
  at: number;
}

export interface GithubDeployment {
  id: number;
  owner: string;
  repo: string;
  body: { [key: string]: Json };
  statuses: { [key: string]: Json }[];
  createdAt: number;
}

export class EmulatorState implements Place {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  /** Default length of an operation's IN_PROGRESS phase. */
  readonly operationMs: number;
  services: ServiceRecord[] = [];
  connectors: ConnectorRecord[] = [];
  secrets: SecretRecord[] = [];
  parameters = new Map<string, ParameterRecord>();
  repositories = new Map<string, RepositoryRecord>();
  logGroups = new Map<string, LogGroupRecord>();
  /** Per service name, the plans of its next operations (at most one per operation type, and one untyped). */
  plans = new Map<string, OperationPlan[]>();
  /** Auto scaling and observability configurations, AWS's DefaultConfiguration of each included. */
  configurations: ConfigurationRecord[];
  /** Connections and planned build failures of source-code services. */
  sourceCode = new SourceCodeState();
  /** Custom domains by service ARN. */
  customDomains = new Map<string, CustomDomainRecord[]>();
  faults: (Required<Omit<Fault, 'service'>> & Pick<Fault, 'service'>)[] = [];
  calls: CallRecord[] = [];
  githubCalls: GithubCall[] = [];
  deployments: GithubDeployment[] = [];
  registry: RegistryLink | undefined;
  /** Timers of running operations, cleared on reset/stop. */
  timers = new Set<NodeJS.Timeout>();
  /** Digest → first time the emulator saw it in the attached registry (the registry keeps no push time). */
  registrySeen = new Map<string, number>();
  /** ECS clusters, Express services and their planned deployments. */
  ecs: EcsState;
  /** The account's request rate per API (unlimited unless the emulator was started with `rateLimits`). */
  readonly rateLimiter: RateLimiter;

  constructor(init: {
    region: string;
    accountId: string;
    partition: string;
    operationMs: number;
    ecsStageMs?: number;
    rateLimits?: RateLimits;
  }) {
    this.region = init.region;
    this.accountId = init.accountId;
    this.partition = init.partition;
    this.operationMs = init.operationMs;
    this.configurations = defaultConfigurations(this);
    this.ecs = new EcsState(init.ecsStageMs ?? 50);
    this.rateLimiter = new RateLimiter(init.rateLimits);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.services = [];
    this.connectors = [];
    this.secrets = [];
    this.parameters.clear();
    this.repositories.clear();
    this.logGroups.clear();
    this.plans.clear();
    this.configurations = defaultConfigurations(this);
    this.sourceCode = new SourceCodeState();
    this.customDomains.clear();
    this.faults = [];
    this.calls = [];
    this.githubCalls = [];
    this.deployments = [];
    this.registry = undefined;
    this.registrySeen.clear();
    this.ecs = new EcsState(this.ecs.stageMs);
    this.rateLimiter.reset();
  }

  /** Schedules work that must not keep the process alive nor outlive a reset. */
  later(ms: number, work: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }
}
