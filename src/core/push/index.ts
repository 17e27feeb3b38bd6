/** Pushes the image the action deploys to ECR and returns the digest App Runner deploys by. */
import * as core from '@actions/core';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { PushConfig } from '../config.js';
import { pushDaemonless } from './daemonless.js';
import { pushWithDocker } from './docker-push.js';
import { ensureRepository, getRegistryCredentials } from './ecr-repository.js';
import { parseImageSource } from '../inputs/image-source.js';

export { parseImageSource, type ImageSource } from '../inputs/image-source.js';

export interface PushResult {
  repositoryUri: string;
  registry: string;
  digest: string;
  /** `${repositoryUri}@${digest}`: what App Runner deploys. */
  imageUri: string;
  tags: string[];
}

export interface PushDeps {
  ecr: ECRClient;
  /** Environment of the docker CLI and proxy settings (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export async function pushImage(push: PushConfig, deps: PushDeps): Promise<PushResult> {
  const source = parseImageSource(push.source);
  const { repositoryUri } = await ensureRepository(deps.ecr, push);
  const credentials = await getRegistryCredentials(deps.ecr);
  core.info(`Pushing ${push.source} to ${repositoryUri}`);
  let digest: string;
  let tags = push.tags;
  if (source.kind === 'docker-daemon') {
    if (tags.length === 0) tags = ['latest'];
    digest = await pushWithDocker({
      reference: source.reference,
      repository: push.repository,
      tags,
      credentials,
      env: deps.env,
    });
  } else {
    const result = await pushDaemonless({
      source,
      repository: push.repository,
      tags,
      credentials,
      concurrency: Math.min(Math.max(push.concurrency, 1), 16),
      env: deps.env,
    });
    digest = result.digest;
  }
  return { repositoryUri, registry: credentials.registry, digest, imageUri: `${repositoryUri}@${digest}`, tags };
}
