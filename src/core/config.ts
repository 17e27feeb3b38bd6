/**
 * What every target's configuration has: the inputs common to all targets, parsed once by
 * `parseCommonInputs` (src/core/inputs/common.ts) before any AWS call. Later stages receive these parsed values and
 * never parse or validate them again. `undefined` always means "the user did not say: keep what the service has (or
 * AWS's default on create)".
 */
import type { ImageReference } from './inputs/image.js';
import type { ImageSource } from './inputs/image-source.js';
import type { SecretReference } from './inputs/secrets.js';

export type EnvUpdateStrategy = 'merge' | 'overwrite';
export type OnBusy = 'wait' | 'fail';

export const TAG_MUTABILITIES = ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'] as const;
export type TagMutability = (typeof TAG_MUTABILITIES)[number];

/** What to push to ECR before deploying (only when `ecr-repository` is set). */
export interface PushConfig {
  source: ImageSource;
  /** The `image` input as given, for messages. */
  sourceName: string;
  repository: string;
  /** Never empty: the parser falls back to the commit SHA, or refuses. */
  tags: [string, ...string[]];
  createRepository: boolean;
  /** 1-16, checked by the parser. */
  concurrency: number;
  tagMutability?: TagMutability;
  /** Wildcard filters (1-5) exempt from `tagMutability`; only with a `*_WITH_EXCLUSION` value. */
  tagMutabilityExclusions?: string[];
  kmsKeyArn?: string;
}

export interface CommonConfig {
  service: string;
  region: string;
  /** The image to deploy as is; without it, `push` names what to push and deploy. */
  image?: ImageReference;
  push?: PushConfig;
  envVars: Record<string, string>;
  secrets: Record<string, SecretReference>;
  envUpdateStrategy: EnvUpdateStrategy;
  tags?: Record<string, string>;
  onBusy: OnBusy;
  preflight: boolean;
  dryRun: boolean;
  forceDeploy: boolean;
  wait: boolean;
  waitTimeoutSeconds: number;
  githubEnvironment?: string;
  githubToken?: string;
}
