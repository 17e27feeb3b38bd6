import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { pushImage } from './index.js';
import * as runner from '../workflow.js';
import type { DeployContext } from '../../targets/apprunner/deploy/context.js';
import { DeployError } from '../outcome.js';

/*
 * This module is itself loaded on demand (by runs that push), so what it imports costs nothing to other runs.
 */

/**
 * The image a push will produce, for the plan made before any change: in a dry run the repository's real URI and
 * the first tag, so the diff reads true; otherwise a stand-in of the same shape, since only its kind matters then.
 */
export async function imageForPlan(context: DeployContext): Promise<string> {
  const { config } = context;
  const push = config.push;
  if (!push) throw new Error('imageForPlan needs a push.');
  if (!config.dryRun) return `000000000000.dkr.ecr.${config.region}.amazonaws.com/${push.repository}:${push.tags[0]}`;
  runner.info(`Would push ${push.source} to ECR repository ${push.repository} (tags ${push.tags.join(', ')}).`);
  return `${await repositoryUriForPlan(context)}:${push.tags[0]}`;
}

/**
 * Pushes the local image and returns `<repositoryUri>@<digest>`: App Runner deploys exactly what was pushed. With
 * preflight, ECR is asked whether it has that digest before App Runner is told to pull it.
 */
export async function pushAndCheck(context: DeployContext): Promise<string> {
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
    throw new DeployError(`Push of ${push.source} to ECR repository ${push.repository} failed: ${what}`);
  }
  if (config.preflight) {
    const { preflight } = await import('../preflight.js');
    await preflight({ clients: context.clients, config, secrets: {}, image: imageUri });
  }
  return imageUri;
}

/** A read-only look-up; a repository that does not exist yet is shown with a placeholder account. */
async function repositoryUriForPlan(context: DeployContext): Promise<string> {
  const { repository } = context.config.push ?? { repository: '' };
  try {
    const found = await (
      await context.clients.ecr()
    ).send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }));
    const uri = found.repositories?.[0]?.repositoryUri;
    if (uri) return uri;
  } catch (error) {
    if ((error as Error).name !== 'RepositoryNotFoundException') throw error;
  }
  runner.info(`ECR repository ${repository} does not exist yet: it would be created (account shown as 000000000000).`);
  return `000000000000.dkr.ecr.${context.config.region}.amazonaws.com/${repository}`;
}
