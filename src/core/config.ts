/**
 * The one typed configuration the action runs from. `parseInputs` (src/inputs/) builds it from the raw inputs before
 * any AWS call; every later stage reads only this. `undefined` always means "the user did not say: keep what the
 * service has (or AWS's default on create)".
 */

export type EnvUpdateStrategy = 'merge' | 'overwrite';
export type OnCreateFailed = 'fail' | 'update' | 'recreate';
export type OnPaused = 'fail' | 'resume';
export type OnBusy = 'wait' | 'fail';

export interface HealthCheckInput {
  protocol?: 'TCP' | 'HTTP';
  path?: string;
  interval?: number;
  timeout?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

/** Where the VPC connector comes from, when egress goes through a VPC. */
export type ConnectorSource =
  | { kind: 'arn'; arn: string }
  /** `nameGiven`: the user named the connector (else the name is our default and may take a suffix). */
  | { kind: 'network'; name: string; nameGiven: boolean; subnets: string[]; securityGroups: string[] };

/** What to push to ECR before deploying (only when `ecr-repository` is set). */
export interface PushConfig {
  /** The local source, e.g. `name:tag`, `docker-daemon:name:tag`, `oci:DIR[:ref]`, `oci-archive:FILE[:ref]`, `docker-archive:FILE`. */
  source: string;
  repository: string;
  tags: string[];
  createRepository: boolean;
  concurrency: number;
  tagMutability?: 'MUTABLE' | 'IMMUTABLE';
  kmsKeyArn?: string;
}

export interface DeployConfig {
  service: string;
  region: string;
  /** The image App Runner deploys; with `push`, filled in with `<repositoryUri>@<digest>` after the push. */
  image?: string;
  push?: PushConfig;
  accessRoleArn?: string;
  instanceRoleArn?: string;
  /** Normalised to App Runner units as DescribeService reports them: cpu "1024" (= 1 vCPU), memory "2048" (= 2 GB). */
  cpu?: string;
  memory?: string;
  port?: string;
  startCommand?: string;
  envVars: Record<string, string>;
  secrets: Record<string, string>;
  envUpdateStrategy: EnvUpdateStrategy;
  connector?: ConnectorSource;
  egress?: 'DEFAULT' | 'VPC';
  ingress?: 'public' | 'private';
  healthCheck: HealthCheckInput;
  autoScalingConfigArn?: string;
  observabilityConfigArn?: string;
  kmsKeyArn?: string;
  tags?: Record<string, string>;
  autoDeployments: boolean;
  onCreateFailed: OnCreateFailed;
  onPaused: OnPaused;
  onBusy: OnBusy;
  preflight: boolean;
  dryRun: boolean;
  forceDeploy: boolean;
  wait: boolean;
  waitTimeoutSeconds: number;
  githubEnvironment?: string;
  githubToken?: string;
}
