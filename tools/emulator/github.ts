/**
 * The slice of the GitHub REST API the action uses: deployments, deployment statuses and branch heads (source-code
 * mode compares the workflow's commit with its branch's head). Authentication is required
 * (`Authorization: token <t>` or `Bearer <t>`), missing members answer 422 as GitHub does, and every call is recorded.
 * Every repository here has a commit status check still pending, so a deployment that does not opt out of status
 * checks (`required_contexts: []`) is refused with 409, as GitHub refuses it.
 */
import type { Json, JsonObject } from './json.ts';
import { isObject } from './json.ts';
import type { EmulatorState, GithubDeployment } from './state.ts';

export interface GithubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface GithubResponse {
  status: number;
  body: Json;
}

const DOCS = 'https://docs.github.com/rest/deployments';
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
const API = 'https://api.github.com';

/** The commit status every ref has here, never finished: what blocks a deployment that waits for checks. */
const PENDING_CONTEXTS = [{ context: 'ci/build', state: 'pending' }];

const fail = (status: number, message: string): GithubResponse => ({
  status,
  body: { message, documentation_url: DOCS },
});

function deploymentView(deployment: GithubDeployment): JsonObject {
  const base = `${API}/repos/${deployment.owner}/${deployment.repo}/deployments/${deployment.id}`;
  const at = new Date(deployment.createdAt).toISOString();
  return {
    id: deployment.id,
    node_id: Buffer.from(`Deployment${deployment.id}`).toString('base64'),
    sha: '0000000000000000000000000000000000000000',
    ref: deployment.body.ref ?? null,
    task: deployment.body.task ?? 'deploy',
    payload: deployment.body.payload ?? {},
    environment: deployment.body.environment ?? 'production',
    description: deployment.body.description ?? null,
    transient_environment: deployment.body.transient_environment ?? false,
    production_environment: deployment.body.production_environment ?? deployment.body.environment === 'production',
    created_at: at,
    updated_at: at,
    url: base,
    statuses_url: `${base}/statuses`,
    repository_url: `${API}/repos/${deployment.owner}/${deployment.repo}`,
  };
}

function createDeployment(
  state: EmulatorState,
  init: { owner: string; repo: string; body: JsonObject },
): GithubResponse {
  if (typeof init.body.ref !== 'string' || init.body.ref === '')
    return fail(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
  const contexts = init.body.required_contexts;
  if (contexts !== undefined && (!Array.isArray(contexts) || contexts.some((item) => typeof item !== 'string'))) {
    return fail(422, "Invalid request.\n\nFor 'properties/required_contexts', it is not an array of strings.");
  }
  // Without required_contexts every submitted context must be success; a listed one is pending or never submitted.
  if (contexts === undefined || contexts.length > 0) {
    return {
      status: 409,
      body: {
        message: `Conflict: Commit status checks failed for ${init.body.ref}.`,
        errors: [{ contexts: PENDING_CONTEXTS, resource: 'Deployment', field: 'required_contexts', code: 'invalid' }],
        documentation_url: DOCS,
      },
    };
  }
  const deployment: GithubDeployment = {
    id: state.deployments.length + 1,
    owner: init.owner,
    repo: init.repo,
    body: init.body,
    statuses: [],
    createdAt: Date.now(),
  };
  state.deployments.push(deployment);
  return { status: 201, body: deploymentView(deployment) };
}

function createStatus(deployment: GithubDeployment, body: JsonObject): GithubResponse {
  if (typeof body.state !== 'string' || !STATES.includes(body.state)) {
    return fail(422, `Invalid request.\n\n"state" must be one of: ${STATES.join(', ')}.`);
  }
  const at = new Date().toISOString();
  const base = `${API}/repos/${deployment.owner}/${deployment.repo}/deployments/${deployment.id}`;
  const status: JsonObject = {
    id: deployment.statuses.length + 1,
    state: body.state,
    description: body.description ?? '',
    environment: body.environment ?? deployment.body.environment ?? 'production',
    target_url: body.target_url ?? body.log_url ?? '',
    log_url: body.log_url ?? body.target_url ?? '',
    environment_url: body.environment_url ?? '',
    created_at: at,
    updated_at: at,
    deployment_url: base,
    repository_url: `${API}/repos/${deployment.owner}/${deployment.repo}`,
  };
  deployment.statuses.push(status);
  return { status: 201, body: status };
}

/** GET /repos/{o}/{r}/branches/{branch}: a seeded branch head (`seedBranch`); others are 404, as for a private repo. */
function branch(state: EmulatorState, request: GithubRequest): GithubResponse | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/branches\/([^?]+)$/.exec(request.path.split('?')[0]);
  if (!match || request.method !== 'GET') return undefined;
  if (!/^(token|bearer) \S+$/i.test(request.authorization ?? '')) return fail(401, 'Requires authentication');
  const [, owner, repo, name] = match;
  const sha = state.sourceCode.branchHeads.get(`${owner}/${repo}#${decodeURIComponent(name)}`);
  if (!sha) return fail(404, 'Branch not found');
  return {
    status: 200,
    body: {
      name: decodeURIComponent(name),
      commit: { sha, url: `${API}/repos/${owner}/${repo}/commits/${sha}` },
      protected: false,
    },
  };
}

function route(state: EmulatorState, request: GithubRequest): GithubResponse {
  const branchAnswer = branch(state, request);
  if (branchAnswer) return branchAnswer;
  const match = /^\/repos\/([^/]+)\/([^/]+)\/deployments(?:\/([0-9]+)\/statuses)?\/?$/.exec(request.path.split('?')[0]);
  if (!match) return fail(404, 'Not Found');
  if (!/^(token|bearer) \S+$/i.test(request.authorization ?? '')) return fail(401, 'Requires authentication');
  const [, owner, repo, id] = match;
  let body: JsonObject = {};
  if (request.body.trim() !== '') {
    try {
      const parsed = JSON.parse(request.body) as unknown;
      if (!isObject(parsed)) return fail(400, 'Body should be a JSON object');
      body = parsed;
    } catch {
      return fail(400, 'Problems parsing JSON');
    }
  }
  if (id === undefined) {
    if (request.method === 'POST') return createDeployment(state, { owner, repo, body });
    if (request.method === 'GET') {
      const mine = state.deployments.filter((item) => item.owner === owner && item.repo === repo);
      return { status: 200, body: mine.reverse().map(deploymentView) };
    }
    return fail(404, 'Not Found');
  }
  const deployment = state.deployments.find(
    (item) => item.id === Number(id) && item.owner === owner && item.repo === repo,
  );
  if (!deployment) return fail(404, 'Not Found');
  if (request.method === 'POST') return createStatus(deployment, body);
  if (request.method === 'GET') return { status: 200, body: [...deployment.statuses].reverse() };
  return fail(404, 'Not Found');
}

export function handleGithub(state: EmulatorState, request: GithubRequest): GithubResponse {
  const response = route(state, request);
  let recorded: Json = request.body;
  try {
    recorded = request.body.trim() === '' ? null : (JSON.parse(request.body) as Json);
  } catch {
    // keep the raw text
  }
  state.githubCalls.push({
    method: request.method,
    path: request.path,
    body: recorded,
    status: response.status,
    at: Date.now(),
  });
  return response;
}
