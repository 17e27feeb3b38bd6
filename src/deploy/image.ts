import * as runner from '../runner.js';
import type { DeployContext } from './flow.js';
import { DeployError } from './outcome.js';

/**
 * With `ecr-repository`, pushes the local image and returns `<repositoryUri>@<digest>`: App Runner deploys exactly
 * what was pushed. In a dry run nothing is pushed: the plan names the repository and first tag instead.
 */
export async function resolveImage(context: DeployContext): Promise<string | undefined> {
  const { config, outcome } = context;
  const push = config.push;
  if (!push) return undefined;
  if (config.dryRun) {
    runner.info(`Would push ${push.source} to ECR repository ${push.repository} (tags ${push.tags.join(', ')}).`);
    return `${await repositoryUriForPlan(context)}:${push.tags[0]}`;
  }
  try {
    const { pushImage } = await import('../push/index.js');
    const pushed = await pushImage(push, { ecr: await context.clients.ecr() });
    outcome.imageDigest = pushed.digest;
    outcome.imageUri = pushed.imageUri;
    return pushed.imageUri;
  } catch (error) {
    const { name, message } = error as Error;
    const what = name && name !== 'Error' ? `${name}: ${message}` : message;
    throw new DeployError(`Push of ${push.source} to ECR repository ${push.repository} failed: ${what}`);
  }
}

/** A read-only look-up; a repository that does not exist yet is shown with a placeholder account. */
async function repositoryUriForPlan(context: DeployContext): Promise<string> {
  const { repository } = context.config.push ?? { repository: '' };
  const { DescribeRepositoriesCommand } = await import('@aws-sdk/client-ecr');
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
