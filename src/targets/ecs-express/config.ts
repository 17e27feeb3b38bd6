import type { CommonConfig } from '../../core/config.js';

/**
 * ECS Express Mode's configuration: the common inputs plus Express's own, parsed once by `parseExpressInputs`.
 * `undefined` means "keep what the service has (or ECS's default on create)".
 */

export type ScalingMetric = 'AVERAGE_CPU' | 'AVERAGE_MEMORY' | 'REQUEST_COUNT_PER_TARGET';

export interface ExpressConfig extends CommonConfig {
  cluster: string;
  executionRoleArn?: string;
  infrastructureRoleArn?: string;
  taskRoleArn?: string;
  /** In units as ECS reports them: cpu "1024" (= 1 vCPU), memory "2048" (MB). */
  cpu?: string;
  memory?: string;
  cpuArchitecture?: 'X86_64' | 'ARM64';
  port?: number;
  command?: string[];
  network?: { subnets: string[]; securityGroups: string[] };
  healthCheckPath?: string;
  minTasks?: number;
  maxTasks?: number;
  scalingMetric?: ScalingMetric;
  scalingTarget?: number;
  logGroup?: string;
  /** An App Runner service whose settings are the defaults of every input not given. */
  fromAppRunnerService?: string;
}
