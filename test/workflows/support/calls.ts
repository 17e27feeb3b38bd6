import {
  calledWorkflowPath,
  loadWorkflow,
  needsOf,
  stepLabel,
  stringsIn,
  workflowCall,
  type ActionMetadata,
  type Finding,
  type Job,
  type WorkflowCall,
  type WorkflowFile,
  type WorkflowInput,
} from './model.ts';

const INPUT_REFERENCE = /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/;

function isRequired(input: { required?: boolean; default?: unknown }): boolean {
  return input.required === true && input.default === undefined;
}

/**
 * The steps that run this repository's action (`uses: <path>`) pass only inputs action.yml declares, pass every
 * required one, and never replace an action default with an empty workflow input (an explicit '' beats the default).
 */
export function checkActionInputs(file: WorkflowFile, action: ActionMetadata, actionPath: string): Finding[] {
  const findings: Finding[] = [];
  const workflowInputs = workflowCall(file)?.inputs ?? {};
  let uses = 0;
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      if (step.uses !== actionPath) return;
      uses += 1;
      const where = `${jobId} ${stepLabel(step, index)}`;
      const given = step.with ?? {};
      for (const [name, value] of Object.entries(given)) {
        const declared = action.inputs[name];
        if (!declared) {
          findings.push({ file: file.path, where, message: `action.yml has no input "${name}"` });
          continue;
        }
        const source = typeof value === 'string' ? INPUT_REFERENCE.exec(value.trim()) : null;
        const workflowDefault = source ? workflowInputs[source[1]]?.default : undefined;
        if (declared.default !== undefined && source && (workflowDefault === undefined || workflowDefault === '')) {
          findings.push({
            file: file.path,
            where,
            message: `input "${name}" has a default in action.yml that an empty inputs.${source[1]} would override`,
          });
        }
      }
      for (const [name, declared] of Object.entries(action.inputs)) {
        if (isRequired(declared) && !(name in given)) {
          findings.push({ file: file.path, where, message: `required action input "${name}" is not passed` });
        }
      }
    });
  }
  if (uses === 0) findings.push({ file: file.path, where: 'jobs', message: `no step uses ${actionPath}` });
  return findings;
}

function literalMatchesType(value: unknown, input: WorkflowInput): boolean {
  if (typeof value === 'string' && value.includes('${{')) return true;
  switch (input.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  }
}

/** Jobs that call one of our reusable workflows pass only declared inputs, of the right type, and every required one. */
export function checkReusableCalls(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    if (job.uses === undefined) continue;
    const where = `${jobId} uses ${job.uses}`;
    const path = calledWorkflowPath(job.uses);
    if (!path) {
      findings.push({ file: file.path, where, message: 'calls a workflow that is not one of this repository' });
      continue;
    }
    const inputs = workflowCall(loadWorkflow(path))?.inputs ?? {};
    const given = job.with ?? {};
    for (const [name, value] of Object.entries(given)) {
      if (!inputs[name])
        findings.push({ file: file.path, where, message: `the called workflow has no input "${name}"` });
      else if (!literalMatchesType(value, inputs[name])) {
        findings.push({ file: file.path, where, message: `input "${name}" must be a ${inputs[name].type}` });
      }
    }
    for (const [name, input] of Object.entries(inputs)) {
      if (isRequired(input) && !(name in given)) {
        findings.push({ file: file.path, where, message: `required input "${name}" is not passed` });
      }
    }
    findings.push(...checkSecretsPassed(file, where, job, workflowCall(loadWorkflow(path))?.secrets ?? {}));
  }
  return findings;
}

function checkSecretsPassed(
  file: WorkflowFile,
  where: string,
  job: Job,
  declared: NonNullable<WorkflowCall['secrets']>,
): Finding[] {
  if (job.secrets === 'inherit') return [];
  const given = typeof job.secrets === 'object' ? job.secrets : {};
  const findings: Finding[] = Object.keys(given)
    .filter((name) => !declared[name])
    .map((name) => ({ file: file.path, where, message: `the called workflow has no secret "${name}"` }));
  for (const [name, secret] of Object.entries(declared)) {
    if (secret.required === true && !(name in given)) {
      findings.push({ file: file.path, where, message: `required secret "${name}" is not passed` });
    }
  }
  return findings;
}

/**
 * A job that calls a reusable workflow has no environment, so `vars.X` in its `with:` or `secrets:` sees repository
 * and organisation variables only, never the environment's: the called workflow must read variables in its own jobs.
 */
export function checkCallerVariables(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    if (job.uses === undefined) continue;
    for (const { at, text } of stringsIn({ with: job.with, secrets: job.secrets })) {
      for (const match of text.matchAll(/\bvars\.([A-Za-z_][\w-]*)/g)) {
        findings.push({
          file: file.path,
          where: `${jobId} ${at}`,
          message: `reads vars.${match[1]} where environment variables are not visible`,
        });
      }
    }
  }
  return findings;
}

/**
 * The job that calls the app workflow after the infra workflow feeds every infra output the app takes as an input
 * (same name on both sides) from `needs.<infra job>.outputs.<name>`. Returns the names it checked, too, so a caller
 * can tell a vacuous pass from a real one.
 */
export function checkInfraOutputsPassed(
  file: WorkflowFile,
  infra: WorkflowFile,
  app: WorkflowFile,
): { findings: Finding[]; checked: string[] } {
  const infraOutputs = Object.keys(workflowCall(infra)?.outputs ?? {});
  const appInputs = workflowCall(app)?.inputs ?? {};
  const passed = infraOutputs.filter((name) => name in appInputs);
  const jobs = Object.entries(file.workflow.jobs);
  const infraJob = jobs.find(([, job]) => job.uses && calledWorkflowPath(job.uses)?.endsWith('/infra.yml'));
  const appJob = jobs.find(([, job]) => job.uses && calledWorkflowPath(job.uses)?.endsWith('/app.yml'));
  if (!infraJob || !appJob) {
    return { findings: [{ file: file.path, where: 'jobs', message: 'no infra job and app job' }], checked: [] };
  }
  const [infraId] = infraJob;
  const [appId, job] = appJob;
  const findings: Finding[] = [];
  if (!needsOf(job).includes(infraId)) {
    findings.push({ file: file.path, where: appId, message: `job ${appId} does not need ${infraId}` });
  }
  for (const name of passed) {
    const value = job.with?.[name];
    const expected = `needs.${infraId}.outputs.${name}`;
    if (typeof value !== 'string' || !value.includes(expected)) {
      findings.push({ file: file.path, where: `${appId} with.${name}`, message: `does not pass ${expected}` });
    }
  }
  return { findings, checked: passed };
}

const STATUS_GUARD = /!\s*cancelled\(\)|\balways\(\)/;

/**
 * A job that needs a job which can be skipped must still run when it is skipped: GitHub adds an implicit
 * `success()` (false after a skip) unless the condition calls a status function, and a bare `always()` would also
 * run it after a failure. So the condition must both use a status function and rule out failure.
 */
export function checkRunsWhenNeedsSkipped(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  const jobs = file.workflow.jobs;
  for (const [jobId, job] of Object.entries(jobs)) {
    for (const needed of needsOf(job)) {
      if (jobs[needed]?.if === undefined) continue;
      const condition = job.if ?? '';
      const where = `${jobId} if`;
      if (!STATUS_GUARD.test(condition)) {
        findings.push({ file: file.path, where, message: `never runs when ${needed} is skipped (no status function)` });
      }
      const rulesOutFailure =
        /!\s*failure\(\)/.test(condition) ||
        new RegExp(`needs\\.${needed}\\.result\\s*==\\s*'success'`).test(condition);
      if (!rulesOutFailure) {
        findings.push({ file: file.path, where, message: `also runs when ${needed} fails` });
      }
    }
  }
  return findings;
}
