import * as runner from './workflow.js';
import { createClients } from './aws/clients.js';
import type { DeployConfig } from './config.js';
import { deploy } from '../targets/apprunner/deploy/flow.js';
import { DeployError, newOutcome, type Outcome } from './outcome.js';
import { InputError } from './inputs/errors.js';
import { parseInputs } from './inputs/parse.js';
import { setOutputs } from './report/outputs.js';
import type { Clock } from '../targets/apprunner/wait.js';

/** The action: parse every input first, then deploy, then report. Never throws: failures end in setFailed. */
export async function run(options: { clock?: Clock } = {}): Promise<void> {
  const outcome = newOutcome(Date.now());
  let config: DeployConfig;
  try {
    config = parseInputs((name) => runner.getInput(name), process.env);
  } catch (error) {
    runner.setFailed((error as Error).message);
    return;
  }
  if (config.githubToken) runner.setSecret(config.githubToken);
  if (config.githubEnvironment && !config.githubToken) {
    runner.warning('`github-environment` is set but `github-token` is empty: the GitHub deployment is not reported.');
  }
  // Octokit is loaded only by runs that report a GitHub deployment.
  const deployment =
    config.githubEnvironment && config.githubToken && !config.dryRun
      ? new (await import('./report/github-deployment.js')).GitHubDeployment({
          token: config.githubToken,
          environment: config.githubEnvironment,
        })
      : undefined;
  await deployment?.start(`Deploy ${config.service} to App Runner`);

  let failure: string | undefined;
  let state: 'success' | 'failure' | 'error' | 'in_progress' = config.wait ? 'success' : 'in_progress';
  try {
    await deploy({ config, clients: createClients(config.region), outcome, clock: options.clock });
  } catch (error) {
    failure = explain(error);
    // A deploy that failed is a failure; an error we did not expect (credentials, API, bug) is an error.
    state = error instanceof DeployError || error instanceof InputError ? 'failure' : 'error';
    outcome.result ??= 'failed';
  }
  setOutputs(outcome);
  await deployment?.update(state, { url: outcome.serviceUrl, description: failure ?? outcome.result });
  await writeSummary({ service: config.service, outcome, failure });
  if (failure) runner.setFailed(failure);
  else runner.info(`Done: ${outcome.result}${outcome.serviceUrl ? ` — ${outcome.serviceUrl}` : ''}.`);
}

/** What went wrong, in words that say what to do. */
function explain(error: unknown): string {
  if (error instanceof DeployError || error instanceof InputError) return error.message;
  const { name, message } = error as Error;
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return `${name}: ${message} — the credentials lack a permission this action needs; see the IAM policy in the README.`;
  }
  if (name === 'CredentialsProviderError') {
    return `${message} — configure credentials first, e.g. with aws-actions/configure-aws-credentials.`;
  }
  return `${name}: ${message}`;
}

async function writeSummary(options: { service: string; outcome: Outcome; failure?: string }): Promise<void> {
  // Outside a runner there is no summary file; the log already says everything.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    // @actions/core (and its HTTP client) is loaded here, after the deploy, not at start.
    const { buildSummary } = await import('./report/summary.js');
    await buildSummary({ ...options, now: Date.now() }).write();
  } catch (error) {
    runner.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
