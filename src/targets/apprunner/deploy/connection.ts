import { lazy } from '../../../core/lazy.js';
import { DeployError } from '../../../core/outcome.js';
import * as workflow from '../../../core/workflow.js';
import { findConnection } from '../aws/connections.js';
import type { SourceCodeInput } from '../config.js';
import type { AppRunnerContext } from '../context.js';

const refused = (message: string) => new DeployError(message, { result: { kind: 'refused' } });

/**
 * Read-only, before any change: App Runner builds only through an AVAILABLE connection. A new GitHub or Bitbucket
 * connection waits in PENDING_HANDSHAKE until someone completes the handshake in the console.
 */
export async function checkConnection(context: AppRunnerContext, source: SourceCodeInput): Promise<void> {
  const arn = source.connectionArn;
  const name = arn.split('/')[1] ?? arn;
  const connection = await findConnection(context.clients.apprunner, { name, arn });
  const nothing = 'Nothing was changed.';
  if (!connection) {
    throw refused(
      `Connection ${arn} (input \`source-connection-arn\`) does not exist in ${context.config.region}. ${nothing} ` +
        'Create one in the App Runner console (Connected accounts) or with `aws apprunner create-connection`, complete its handshake, and run again.',
    );
  }
  if (connection.Status === 'AVAILABLE') return;
  const provider = connection.ProviderType === 'BITBUCKET' ? 'Bitbucket' : 'GitHub';
  if (connection.Status === 'PENDING_HANDSHAKE') {
    throw refused(
      `Connection ${name} (input \`source-connection-arn\`) is PENDING_HANDSHAKE: App Runner cannot read ${source.repositoryUrl} until the handshake with ${provider} is completed. ${nothing} ` +
        `Complete it in the App Runner console: Connected accounts → ${name} → Complete handshake (install or authorize the AWS Connector for ${provider} on the repository's account), then run again.`,
    );
  }
  throw refused(
    `Connection ${name} (input \`source-connection-arn\`) is ${connection.Status}, not AVAILABLE: App Runner cannot read ${source.repositoryUrl}. ${nothing} ` +
      'Create a new connection in the App Runner console (Connected accounts), complete its handshake, and use its ARN.',
  );
}

/**
 * App Runner builds the head of the branch, whatever commit started the workflow: when the workflow's commit is not
 * that head, the line to warn with. Only for the workflow's own GitHub repository, and silent when it cannot tell
 * (no token, no access, another repository).
 */
export async function branchHeadNote(
  context: AppRunnerContext,
  source: SourceCodeInput,
  env: Record<string, string | undefined> = process.env,
): Promise<string | undefined> {
  const token = context.config.githubToken;
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+)$/.exec(source.repositoryUrl);
  const sha = env.GITHUB_SHA;
  if (!token || !match || !sha || env.GITHUB_REPOSITORY?.toLowerCase() !== `${match[1]}/${match[2]}`.toLowerCase())
    return undefined;
  try {
    const github = await lazy.github();
    const answer = await github.getOctokit(token).rest.repos.getBranch({
      owner: match[1],
      repo: match[2],
      branch: source.branch,
    });
    const head = answer.data.commit.sha;
    if (head === sha) return undefined;
    const note = `warning: this workflow's commit ${sha.slice(0, 12)} is not the head of branch ${source.branch} (${head.slice(0, 12)}): App Runner builds the head.`;
    workflow.warning(
      `${note} Run the workflow on the branch's newest commit (or push it first) to deploy what you reviewed.`,
    );
    return note;
  } catch (error) {
    workflow.info(`Could not read the head of branch ${source.branch} from GitHub: ${(error as Error).message}`);
    return undefined;
  }
}

/** Source-code mode's checks while reading: the connection, then the branch head. */
export async function checkSourceCode(context: AppRunnerContext, source: SourceCodeInput): Promise<string | undefined> {
  await checkConnection(context, source);
  workflow.info(`Source code: branch ${source.branch} of ${source.repositoryUrl}.`);
  return branchHeadNote(context, source);
}
