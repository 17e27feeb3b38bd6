import * as workflow from '../workflow.js';
import * as github from '@actions/github';

type State = 'in_progress' | 'success' | 'failure' | 'error';

/**
 * The deploy as a GitHub deployment of `environment`. Reporting is a courtesy: a GitHub API failure is a warning and
 * never fails the deploy.
 */
export class GitHubDeployment {
  private id?: number;
  private readonly octokit: ReturnType<typeof github.getOctokit>;
  private readonly environment: string;

  constructor(options: { token: string; environment: string }) {
    this.octokit = github.getOctokit(options.token);
    this.environment = options.environment;
  }

  async start(description: string): Promise<void> {
    const { owner, repo } = github.context.repo;
    try {
      const answer = await this.octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: github.context.sha,
        environment: this.environment,
        description,
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
      });
      if ('id' in answer.data) this.id = answer.data.id;
      await this.update('in_progress', {});
    } catch (error) {
      workflow.warning(`Could not create a GitHub deployment for ${this.environment}: ${(error as Error).message}`);
    }
  }

  async update(state: State, details: { url?: string; description?: string }): Promise<void> {
    if (this.id === undefined) return;
    const { owner, repo } = github.context.repo;
    const { serverUrl, runId } = github.context;
    try {
      await this.octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: this.id,
        state,
        environment: this.environment,
        environment_url: details.url,
        log_url: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
        description: details.description?.slice(0, 140),
        auto_inactive: state === 'success',
      });
    } catch (error) {
      workflow.warning(`Could not update the GitHub deployment for ${this.environment}: ${(error as Error).message}`);
    }
  }
}
