import type { Runtime } from '@aws-sdk/client-apprunner';
import type { CommonConfig } from '../../core/config.js';
import type { ImageReference } from '../../core/inputs/image.js';

/**
 * App Runner's configuration: the common inputs plus App Runner's own, parsed once by `parseAppRunnerInputs`.
 * `undefined` means "keep what the service has (or App Runner's default on create)".
 */

export type OnCreateFailed = 'fail' | 'update' | 'recreate';
export type OnPaused = 'fail' | 'resume';

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

/** Source-code mode: App Runner builds the branch of a repository it reaches through a connection. */
export interface SourceCodeInput {
  repositoryUrl: string;
  connectionArn: string;
  branch: string;
  sourceDirectory?: string;
  /** `API`: the build settings below; `REPOSITORY`: the repository's apprunner.yaml. */
  configurationSource: 'API' | 'REPOSITORY';
  runtime?: Runtime;
  buildCommand?: string;
}

export interface ScalingInput {
  /** The configuration's name: `auto-scaling-config-name`, or the service name cut to 32 characters. */
  name: string;
  minSize: number;
  maxSize: number;
  maxConcurrency: number;
}

export interface AppRunnerConfig extends CommonConfig {
  /** The image to deploy as is (private ECR or ECR Public); without it, `push` names what to push and deploy. */
  image?: ImageReference & { registry: 'ECR' | 'ECR_PUBLIC' };
  /** Deploy from a source code repository instead (`repo`); excludes `image` and a push. */
  sourceCode?: SourceCodeInput;
  accessRoleArn?: string;
  instanceRoleArn?: string;
  /** Normalised to App Runner units as DescribeService reports them: cpu "1024" (= 1 vCPU), memory "2048" (= 2 GB). */
  cpu?: string;
  memory?: string;
  port?: string;
  startCommand?: string;
  connector?: ConnectorSource;
  egress?: 'DEFAULT' | 'VPC';
  ingress?: 'public' | 'private';
  healthCheck: HealthCheckInput;
  autoScalingConfigArn?: string;
  /** Auto scaling by its values: an ACTIVE revision of `name` with exactly these is used, or one is created. */
  scaling?: ScalingInput;
  observabilityConfigArn?: string;
  /** `xray`: an observability configuration with X-Ray tracing is found or created; `off`: observability is turned off. */
  tracing?: 'off' | 'xray';
  /** Associated with the service once it is RUNNING, when it is not associated yet. */
  customDomain?: { name: string; www: boolean };
  kmsKeyArn?: string;
  autoDeployments: boolean;
  onCreateFailed: OnCreateFailed;
  onPaused: OnPaused;
}
