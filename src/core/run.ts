import type { Clients } from './aws/clients.js';
import type { CommonConfig } from './config.js';
import { describeEndpoint, oldestInFlight } from './aws/requests.js';
import { DeadlineError, startDeadline, type Deadline } from './deadline.js';
import { explainNetwork } from './explain-network.js';
import { deploy } from './flow.js';
import { plainSecrets } from './inputs/common.js';
import { InputError } from './inputs/errors.js';
import { lazy } from './lazy.js';
import { DeployError, newOutcome, type Outcome } from './outcome.js';
import { setOutputs } from './report/outputs.js';
import { describeResult } from './report/result.js';
import type { Clock } from './clock.js';
import type { Target, TargetPlan, TargetState } from './target.js';
import * as workflow from './workflow.js';

/** The action, for one target: parse every input first, then deploy, then report. Never throws: failures end in setFailed. */
export async function run<
  C extends CommonConfig,
  K extends Clients,
  O extends Outcome,
  S extends TargetState,
  P extends TargetPlan,
>(target: Target<C, K, O, S, P>, options: { clock?: Clock } = {}): Promise<void> {
  const outcome = newOutcome(Date.now()) as O;
  let config: C;
  try {
    config = target.parseInputs((name) => workflow.getInput(name), process.env);
  } catch (error) {
    workflow.setFailed((error as Error).message);
    return;
  }
  // Masked before anything else is printed, so that no later line (an error, an AWS answer) can show them.
  const plain = plainSecrets(config.envVars);
  for (const value of plain.masks) workflow.setSecret(value);
  if (config.githubToken) workflow.setSecret(config.githubToken);
  for (const line of plain.warnings) workflow.warning(line);
  if (config.githubEnvironment && !config.githubToken) {
    workflow.warning('`github-environment` is set but `github-token` is empty: the GitHub deployment is not reported.');
  }
  const deployment =
    config.githubEnvironment && config.githubToken && !config.dryRun
      ? new (await lazy.githubDeployment()).GitHubDeployment({
          token: config.githubToken,
          environment: config.githubEnvironment,
        })
      : undefined;
  await deployment?.start(`Deploy ${config.service} to ${target.title}`);

  let failure: string | undefined;
  let state: 'success' | 'failure' | 'error' | 'in_progress' = config.wait ? 'success' : 'in_progress';
  const deadline = startDeadline(config.waitTimeoutSeconds);
  try {
    await untilDeadline(
      deploy(target, { config, clients: target.createClients(config.region), outcome, clock: options.clock }),
      deadline,
    );
  } catch (error) {
    failure = explain(error);
    // A deploy that failed is a failure; an error we did not expect (credentials, API, bug) is an error.
    state = error instanceof DeployError || error instanceof InputError ? 'failure' : 'error';
    outcome.result ??= { kind: 'failed' };
  }
  setOutputs(target.outputs(outcome));
  const result = describeResult(outcome.result);
  await deployment?.update(state, { url: outcome.serviceUrl, description: failure ?? result });
  await summarise({ title: target.title, service: config.service, outcome, failure });
  if (failure) workflow.setFailed(failure);
  else workflow.info(`Done: ${result}${outcome.serviceUrl ? ` — ${outcome.serviceUrl}` : ''}.`);
  deadline.cancel();
  // Past the deadline, a request or push the abort could not reach may still hold the process: the run has reported,
  // so it ends now rather than when that socket gives up.
  if (deadline.signal.aborted) setTimeout(() => process.exit(), 1000).unref();
}

/** The deploy, or a DeadlineError once the run's deadline passes, whatever the deploy is waiting for. */
function untilDeadline(work: Promise<void>, deadline: Deadline): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(deadline.signal.reason as Error);
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.signal.removeEventListener('abort', onAbort));
  });
}

/** What went wrong, in words that say what to do. */
function explain(error: unknown): string {
  if (error instanceof DeployError || error instanceof InputError) return error.message;
  if (error instanceof DeadlineError) return explainDeadline(error);
  const { name, message } = error as Error;
  const network = explainNetwork(error);
  if (network) return network;
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return `${name}: ${message} — the credentials lack a permission this action needs; see the IAM policy in the README.`;
  }
  if (name === 'CredentialsProviderError') {
    return `${message} — configure credentials first, e.g. with aws-actions/configure-aws-credentials.`;
  }
  return `${name}: ${message}`;
}

function explainDeadline(error: DeadlineError): string {
  const waiting = oldestInFlight();
  const why = waiting
    ? `${waiting.call} to ${describeEndpoint(waiting)} got no answer for ${Math.round((Date.now() - waiting.startedAt) / 1000)}s`
    : 'it was still working (a push or a retry)';
  return (
    `${error.message}: ${why}. It was stopped there; anything it had started goes on in AWS. ` +
    'Check the endpoint and the service in the console, or raise `wait-timeout`.'
  );
}

async function summarise(options: {
  title: string;
  service: string;
  outcome: Outcome;
  failure?: string;
}): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    const { buildSummary, writeSummary } = await lazy.summary();
    writeSummary(buildSummary({ ...options, now: Date.now() }));
  } catch (error) {
    workflow.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
