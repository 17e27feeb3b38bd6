import type { Clients } from '../aws/clients.js';
import type { CommonConfig } from '../config.js';
import type { ImageReference } from '../inputs/image.js';
import { lazy } from '../lazy.js';
import { DeployError, type Outcome } from '../outcome.js';
import * as workflow from '../workflow.js';
import { findRepository } from './ecr-repository.js';
import { pushImage } from './index.js';

/*
 * The push as a step of the deploy. This module is itself loaded on demand (by runs that push), so what it imports
 * costs nothing to other runs.
 */

type Context = { config: CommonConfig; clients: Clients; outcome: Outcome };

/**
 * The image a push will produce, for the plan made before any change: in a dry run the repository's real URI and
 * the first tag, so the diff reads true; otherwise a stand-in of the same shape, since only its kind matters then.
 */
export async function imageForPlan(context: Context): Promise<string> {
  const { config } = context;
  const push = config.push;
  if (!push) throw new Error('imageForPlan needs a push.');
  if (!config.dryRun) return `000000000000.dkr.ecr.${config.region}.amazonaws.com/${push.repository}:${push.tags[0]}`;
  workflow.info(`Would push ${push.sourceName} to ECR repository ${push.repository} (tags ${push.tags.join(', ')}).`);
  return `${await repositoryUriForPlan(context)}:${push.tags[0]}`;
}

/**
 * Pushes the local image and returns `<repositoryUri>@<digest>`: the service deploys exactly what was pushed. With
 * preflight, ECR is asked whether it has that digest before the service is told to pull it.
 */
export async function pushAndCheck(context: Context): Promise<string> {
  const { config, outcome } = context;
  const push = config.push;
  if (!push) throw new Error('pushAndCheck needs a push.');
  let imageUri: string;
  try {
    const pushed = await pushImage(push, { ecr: await context.clients.ecr() });
    outcome.imageDigest = pushed.digest;
    imageUri = outcome.imageUri = pushed.imageUri;
  } catch (error) {
    const { name, message } = error as Error;
    const what = name && name !== 'Error' ? `${name}: ${message}` : message;
    throw new DeployError(
      `Push of ${push.sourceName} to ECR repository ${push.repository} failed: ${what} Nothing was deployed.`,
    );
  }
  if (config.preflight) {
    // ECR repository URIs start with the registry's account: `123456789012.dkr.ecr.REGION.amazonaws.com/NAME`.
    const registryId = /^(\d{12})\./.exec(imageUri)?.[1];
    const ecr = registryId && {
      registryId,
      region: config.region,
      repository: push.repository,
      digest: outcome.imageDigest,
    };
    const image: ImageReference = { identifier: imageUri, registry: 'ECR', ecr: ecr || undefined };
    await (await lazy.preflight()).preflight({ context, secrets: {}, image });
  }
  return imageUri;
}

/** A read-only look-up; a repository that does not exist yet is shown with a placeholder account. */
async function repositoryUriForPlan(context: Context): Promise<string> {
  const { repository } = context.config.push ?? { repository: '' };
  const uri = (await findRepository(await context.clients.ecr(), repository))?.repositoryUri;
  if (uri) return uri;
  workflow.info(
    `ECR repository ${repository} does not exist yet: it would be created (account shown as 000000000000).`,
  );
  return `000000000000.dkr.ecr.${context.config.region}.amazonaws.com/${repository}`;
}
