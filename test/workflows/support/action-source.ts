import { stepLabel, type Finding, type Step, type WorkflowFile } from './model.ts';

const CHECKOUT = 'actions/checkout@';

function outputReference(value: unknown): { step: string; output: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(value.trim());
  return match ? { step: match[1], output: match[2] } : undefined;
}

function normalise(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

function checkResolver(steps: Step[], id: string, before: number): string[] {
  const index = steps.findIndex((step) => step.id === id);
  if (index < 0 || index >= before) return [`step ${id} must run before the checkout`];
  const script = steps[index].run ?? '';
  const problems: string[] = [];
  if (!script.includes('ACTIONS_ID_TOKEN_REQUEST_URL'))
    problems.push(`step ${id} does not request the job's OIDC token`);
  if (!script.includes('job_workflow_ref')) problems.push(`step ${id} does not read the job_workflow_ref claim`);
  if (!script.includes('job_workflow_sha')) problems.push(`step ${id} does not read the job_workflow_sha claim`);
  return problems;
}

/** Whether an action at `path` comes from a checkout into `checkoutPath`: that directory or one inside it. */
function inside(path: string, checkoutPath: string): boolean {
  return checkoutPath !== '' && (path === checkoutPath || path.startsWith(`${checkoutPath}/`));
}

function checkCheckout(steps: Step[], path: string, before: number): string[] {
  const index = steps.findIndex(
    (step, at) =>
      at < before && step.uses?.startsWith(CHECKOUT) && inside(path, normalise(String(step.with?.path ?? ''))),
  );
  if (index < 0) return [`no checkout into "${path}" before the action runs`];
  const checkout = steps[index];
  // An action in a subdirectory of a sparse checkout is there only when the checkout lists that directory.
  const sub = path.slice(normalise(String(checkout.with?.path ?? '')).length + 1).split('/')[0];
  const sparse = checkout.with?.['sparse-checkout'];
  if (sub && sparse !== undefined && !String(sparse).split('\n').map(normalise).includes(sub)) {
    return [`the sparse checkout does not include "${sub}"`];
  }
  const repository = outputReference(checkout.with?.repository);
  const ref = outputReference(checkout.with?.ref);
  if (!repository || !ref || repository.step !== ref.step) {
    return ['the checkout must take repository and ref from the step that resolves this workflow'];
  }
  return [
    ...(repository.output === 'repository' ? [] : ['the checkout repository must be the resolved repository']),
    ...(ref.output === 'sha' ? [] : ['the checkout ref must be the resolved commit SHA']),
    ...checkResolver(steps, repository.step, index),
  ];
}

function hasIdTokenWrite(file: WorkflowFile, jobPermissions: unknown): boolean {
  const granted = jobPermissions ?? file.workflow.permissions;
  return typeof granted === 'object' && granted !== null && (granted as Record<string, string>)['id-token'] === 'write';
}

/**
 * The action a called workflow runs comes from this repository at the called workflow's own commit: every local
 * action (`uses: ./<path>`) is preceded by a checkout into <path> of the repository and SHA that an earlier step
 * read from the job's OIDC token (job_workflow_ref / job_workflow_sha), and the job may request that token.
 * A bare `uses: ./` would resolve in the caller's workspace, so it is a finding too. Returns the action paths found.
 */
export function checkActionSource(file: WorkflowFile): { findings: Finding[]; actionPaths: string[] } {
  const findings: Finding[] = [];
  const actionPaths: string[] = [];
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    const steps = job.steps ?? [];
    steps.forEach((step, index) => {
      if (!step.uses?.startsWith('./')) return;
      const where = `${jobId} ${stepLabel(step, index)}`;
      const path = normalise(step.uses);
      if (path === '' || path === '.') {
        findings.push({
          file: file.path,
          where,
          message: 'uses: ./ resolves in the caller workspace, not this repository',
        });
        return;
      }
      actionPaths.push(step.uses);
      for (const message of checkCheckout(steps, path, index)) findings.push({ file: file.path, where, message });
      if (!hasIdTokenWrite(file, job.permissions)) {
        findings.push({ file: file.path, where, message: 'the job cannot request an OIDC token (id-token: write)' });
      }
    });
  }
  return { findings, actionPaths };
}
