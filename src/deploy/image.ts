import * as core from '@actions/core';
import { pushImage } from '../push/index.js';
import type { DeployContext } from './flow.js';

/**
 * With `ecr-repository`, pushes the local image and returns `<repositoryUri>@<digest>`: App Runner deploys exactly
 * what was pushed. In a dry run nothing is pushed and the plan shows where it would go.
 */
export async function resolveImage(context: DeployContext): Promise<string | undefined> {
  const { config, outcome } = context;
  if (!config.push) return undefined;
  if (config.dryRun) {
    core.info(
      `Would push ${config.push.source} to ECR repository ${config.push.repository} (tags ${config.push.tags.join(', ')}).`,
    );
    return undefined;
  }
  const pushed = await pushImage(config.push, { ecr: context.clients.ecr });
  outcome.imageDigest = pushed.digest;
  outcome.imageUri = pushed.imageUri;
  return pushed.imageUri;
}
