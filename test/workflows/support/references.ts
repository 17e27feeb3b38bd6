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
  type Step,
  type WorkflowFile,
} from './model.ts';

const NEEDS_OUTPUT = /\bneeds\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
const STEP_OUTPUT = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
const JOB_OUTPUT = /\bjobs\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;

/** How the checks learn what a `uses:` step produces; a step whose outputs are unknown is itself a finding. */
export interface OutputSources {
  /** Local action paths (`./x`) that are this repository's action, whose outputs are in action.yml. */
  ownActionPaths: string[];
  action: ActionMetadata;
  /** Other actions of this repository by local path (`./x/ecs-express`), when they differ from `action`. */
  actions?: Record<string, ActionMetadata>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a `run:` script writes `name` to $GITHUB_OUTPUT: the name must stand as its own token (`name=`, `name<<`,
 * or a word handed to a writer function such as `put name ...`), and the script must write to GITHUB_OUTPUT at all.
 */
export function scriptWritesOutput(script: string, name: string): boolean {
  if (!script.includes('GITHUB_OUTPUT')) return false;
  const token = new RegExp(`(?:^|[\\s'"{]|\\\\n)${escapeRegExp(name)}(?:=|<<|\\s)`, 'm');
  return token.test(script);
}

function stepOutputs(step: Step, sources: OutputSources): { names?: Set<string>; unknown?: string } {
  if (step.run !== undefined) return { names: undefined };
  const uses = (step.uses ?? '').replace(/\/$/, '');
  const other = Object.entries(sources.actions ?? {}).find(([path]) => path.replace(/\/$/, '') === uses)?.[1];
  if (other) return { names: new Set(Object.keys(other.outputs)) };
  if (sources.ownActionPaths.some((path) => path.replace(/\/$/, '') === uses)) {
    return { names: new Set(Object.keys(sources.action.outputs)) };
  }
  return { unknown: `outputs of "${step.uses}" are not known to the checks` };
}

function checkStepReference(
  file: WorkflowFile,
  where: string,
  ref: { id: string; output: string; steps: Step[]; before: number },
  sources: OutputSources,
): Finding[] {
  const index = ref.steps.findIndex((step) => step.id === ref.id);
  const at = { file: file.path, where };
  if (index < 0) return [{ ...at, message: `steps.${ref.id} does not exist in this job` }];
  if (index >= ref.before) return [{ ...at, message: `steps.${ref.id} runs after the step that reads it` }];
  const producer = ref.steps[index];
  if (producer.run !== undefined) {
    return scriptWritesOutput(producer.run, ref.output)
      ? []
      : [{ ...at, message: `step ${ref.id} never writes output "${ref.output}" to GITHUB_OUTPUT` }];
  }
  const { names, unknown } = stepOutputs(producer, sources);
  if (unknown) return [{ ...at, message: unknown }];
  return names?.has(ref.output) ? [] : [{ ...at, message: `step ${ref.id} has no output "${ref.output}"` }];
}

/** Every `steps.<id>.outputs.<x>` names an earlier step of the same job that produces `x`. */
export function checkStepOutputReferences(file: WorkflowFile, sources: OutputSources): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    const steps = job.steps ?? [];
    const readers: Array<{ where: string; value: unknown; before: number }> = [
      ...steps.map((step, index) => ({ where: `${jobId} ${stepLabel(step, index)}`, value: step, before: index })),
      // Job outputs and the environment URL are read after every step.
      { where: `${jobId} outputs`, value: job.outputs, before: steps.length },
      { where: `${jobId} environment`, value: job.environment, before: steps.length },
    ];
    for (const reader of readers) {
      for (const { at, text } of stringsIn(reader.value)) {
        for (const match of text.matchAll(STEP_OUTPUT)) {
          const ref = { id: match[1], output: match[2], steps, before: reader.before };
          findings.push(...checkStepReference(file, `${reader.where} ${at}`.trim(), ref, sources));
        }
      }
    }
  }
  return findings;
}

/** The outputs a job makes available to `needs`: its own `outputs:` or, for a reusable-workflow call, the callee's. */
export function jobOutputNames(job: Job): Set<string> | undefined {
  if (job.uses === undefined) return new Set(Object.keys(job.outputs ?? {}));
  const path = calledWorkflowPath(job.uses);
  if (!path) return undefined;
  return new Set(Object.keys(workflowCall(loadWorkflow(path))?.outputs ?? {}));
}

/** Every `needs.<job>.outputs.<x>` names a job listed in `needs:` that declares output `x`. */
export function checkNeedsOutputReferences(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  const jobs = file.workflow.jobs;
  for (const [jobId, job] of Object.entries(jobs)) {
    for (const { at, text } of stringsIn(job)) {
      for (const match of text.matchAll(NEEDS_OUTPUT)) {
        const [, needed, output] = match;
        const where = `${jobId} ${at}`;
        if (!needsOf(job).includes(needed)) {
          findings.push({ file: file.path, where, message: `job ${jobId} reads needs.${needed} but does not need it` });
          continue;
        }
        if (!jobs[needed]) {
          findings.push({ file: file.path, where, message: `job ${needed} does not exist` });
          continue;
        }
        const outputs = jobOutputNames(jobs[needed]);
        if (!outputs) {
          findings.push({ file: file.path, where, message: `outputs of job ${needed} (${jobs[needed].uses}) unknown` });
        } else if (!outputs.has(output)) {
          findings.push({ file: file.path, where, message: `job ${needed} has no output "${output}"` });
        }
      }
    }
  }
  return findings;
}

/** Every `workflow_call` output is produced by a job: its value reads `jobs.<job>.outputs.<x>` that exists. */
export function checkWorkflowCallOutputs(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [name, output] of Object.entries(workflowCall(file)?.outputs ?? {})) {
    const where = `on.workflow_call.outputs.${name}`;
    const refs = [...(output.value ?? '').matchAll(JOB_OUTPUT)];
    if (refs.length === 0) findings.push({ file: file.path, where, message: 'value reads no job output' });
    for (const [, jobId, jobOutput] of refs) {
      const job = file.workflow.jobs[jobId];
      const names = job ? jobOutputNames(job) : undefined;
      if (!job) findings.push({ file: file.path, where, message: `job ${jobId} does not exist` });
      else if (!names?.has(jobOutput)) {
        findings.push({ file: file.path, where, message: `job ${jobId} has no output "${jobOutput}"` });
      }
    }
  }
  return findings;
}
