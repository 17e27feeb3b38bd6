/** Pushes the image the action deploys to ECR and returns the digest the service deploys by. */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { PushConfig } from '../config.js';
import * as workflow from '../workflow.js';
import { pushDaemonless } from './daemonless.js';
import { pushWithDocker } from './docker-push.js';
import { ensureRepository, getRegistryCredentials } from './ecr-repository.js';

export interface PushResult {
  repositoryUri: string;
  registry: string;
  digest: string;
  /** `${repositoryUri}@${digest}`: what the service deploys. */
  imageUri: string;
  tags: string[];
}

export interface PushDeps {
  ecr: ECRClient;
  /** Environment of the docker CLI and proxy settings (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** `push` comes parsed and checked from the inputs layer: its source, tags and concurrency are not checked again. */
export async function pushImage(push: PushConfig, deps: PushDeps): Promise<PushResult> {
  const { source, tags } = push;
  const { repositoryUri, tagIsImmutable } = await ensureRepository(deps.ecr, push);
  const credentials = await getRegistryCredentials(deps.ecr);
  workflow.info(`Pushing ${push.sourceName} to ${repositoryUri}`);
  const target = { repository: push.repository, tags, credentials, env: deps.env };
  const digest =
    source.kind === 'docker-daemon'
      ? await pushWithDocker({ reference: source.reference, ...target, ecr: deps.ecr })
      : (await pushDaemonless({ source, concurrency: push.concurrency, tagIsImmutable, ...target })).digest;
  return { repositoryUri, registry: credentials.registry, digest, imageUri: `${repositoryUri}@${digest}`, tags };
}
