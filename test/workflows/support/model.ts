import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The parts of GitHub's workflow syntax the checks read; everything else is left untyped on purpose. */
export type Permissions = string | Record<string, string>;

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: string | Record<string, unknown>;
  permissions?: Permissions;
  outputs?: Record<string, string>;
  environment?: unknown;
  concurrency?: unknown;
  steps?: Step[];
}

export interface WorkflowInput {
  type?: string;
  required?: boolean;
  default?: unknown;
  description?: string;
  options?: string[];
}

export interface WorkflowOutput {
  value?: string;
  description?: string;
}

export interface WorkflowCall {
  inputs?: Record<string, WorkflowInput>;
  secrets?: Record<string, { required?: boolean; description?: string }>;
  outputs?: Record<string, WorkflowOutput>;
}

export interface Workflow {
  name?: string;
  on?: Record<string, unknown>;
  permissions?: Permissions;
  jobs: Record<string, Job>;
}

export interface ActionInput {
  required?: boolean;
  default?: string;
  description?: string;
}

export interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, unknown>;
}

/** A workflow as read from disk: where it came from, its raw text (for comments) and its parsed form. */
export interface WorkflowFile {
  path: string;
  text: string;
  workflow: Workflow;
}

/** Something a check found wrong: the file, a place inside it, and what is wrong. */
export interface Finding {
  file: string;
  where: string;
  message: string;
}

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const workflowsDir = join(repoRoot, '.github/workflows');
export const examplesDir = join(repoRoot, 'examples/workflows');
/** The placeholder the examples and docs call this repository by. */
export const ownRepository = 'apprunner-deploy-action/apprunner-deploy-action';

export function parseWorkflow(text: string, path = 'inline.yml'): WorkflowFile {
  const workflow = parse(text) as Workflow;
  if (!workflow || typeof workflow !== 'object' || typeof workflow.jobs !== 'object') {
    throw new Error(`${path}: not a workflow (no jobs)`);
  }
  return { path, text, workflow };
}

export function loadWorkflow(path: string): WorkflowFile {
  return parseWorkflow(readFileSync(path, 'utf8'), relative(repoRoot, path));
}

export function listWorkflows(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** An action's metadata: the App Runner action (`action.yml`) unless another path is given (`ecs-express/action.yml`). */
export function loadAction(path = 'action.yml'): ActionMetadata {
  const action = parse(readFileSync(join(repoRoot, path), 'utf8')) as Partial<ActionMetadata>;
  return { inputs: action.inputs ?? {}, outputs: action.outputs ?? {} };
}

export function workflowCall(file: WorkflowFile): WorkflowCall | undefined {
  const on = file.workflow.on;
  if (!on || typeof on !== 'object' || !('workflow_call' in on)) return undefined;
  return (on.workflow_call ?? {}) as WorkflowCall;
}

export function needsOf(job: Job): string[] {
  if (job.needs === undefined) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Every string inside a value, with a dotted path to where it sits (for messages). */
export function stringsIn(value: unknown, at = ''): Array<{ at: string; text: string }> {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${at}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, at ? `${at}.${key}` : key));
  }
  return [];
}

export function stepLabel(step: Step, index: number): string {
  return `step ${index + 1}${step.id ? ` (${step.id})` : step.name ? ` (${step.name})` : ''}`;
}

/**
 * The local file a reusable-workflow reference points at: `./.github/workflows/x.yml` in this repository, or this
 * repository's own workflow when called as `<owner>/<repo>/.github/workflows/x.yml@ref` (the examples' form).
 */
export function calledWorkflowPath(uses: string): string | undefined {
  const local = /^\.\/(\.github\/workflows\/[\w.-]+\.ya?ml)$/.exec(uses);
  if (local) return join(repoRoot, local[1]);
  const remote = /^([\w.-]+\/[\w.-]+)\/(\.github\/workflows\/[\w.-]+\.ya?ml)@\S+$/.exec(uses);
  if (remote && remote[1] === ownRepository) return join(repoRoot, remote[2]);
  return undefined;
}
