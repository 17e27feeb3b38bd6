import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot, workflowCall, type WorkflowFile } from './model.ts';

/** The JSON form @cdktf/hcl2json gives a module: each block kind, then names, then a list of bodies. */
export type Blocks = Record<string, Array<Record<string, unknown>>>;
export interface TerraformModule {
  output?: Blocks;
  variable?: Blocks;
  locals?: Array<Record<string, unknown>>;
  terraform?: Array<Record<string, unknown>>;
  resource?: Record<string, Blocks>;
  data?: Record<string, Blocks>;
}

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
  convertFiles(directory: string): Promise<Record<string, unknown>>;
}

// Loaded through require so TypeScript never reads the package's typings, which pull the DOM library into the
// whole program.
const hcl2json = createRequire(import.meta.url)('@cdktf/hcl2json') as Hcl2Json;

export const terraformExampleDir = join(repoRoot, 'examples/terraform');

export async function loadModule(directory = terraformExampleDir): Promise<TerraformModule> {
  return (await hcl2json.convertFiles(directory)) as TerraformModule;
}

export async function parseHcl(filename: string, text: string): Promise<Record<string, unknown>> {
  return hcl2json.parse(filename, text);
}

export async function loadTfvars(name: string): Promise<Record<string, unknown>> {
  return parseHcl(name, readFileSync(join(terraformExampleDir, name), 'utf8'));
}

/**
 * The Terraform outputs the infra workflow reads, taken from the plan job's script (`scalar("<name>")` and
 * `.<name>.value`), so the test follows the workflow rather than a copy of its list.
 */
export function outputsReadByInfra(infra: WorkflowFile): string[] {
  const step = infra.workflow.jobs.plan?.steps?.find((candidate) => candidate.id === 'outputs');
  const script = step?.run ?? '';
  const names = [...script.matchAll(/\bscalar\("([a-z_]+)"\)/g), ...script.matchAll(/\.([a-z_]+)\.value\b/g)];
  return [...new Set(names.map((match) => match[1]))].sort();
}

/** The snake_case Terraform name behind each infra workflow output the app consumes. */
export function expectedTerraformNames(infra: WorkflowFile): string[] {
  return Object.keys(workflowCall(infra)?.outputs ?? {})
    .filter((name) => name !== 'terraform-outputs' && name !== 'has-changes')
    .map((name) => name.replaceAll('-', '_'))
    .sort();
}

export function missingOutputs(module: TerraformModule, names: string[]): string[] {
  return names.filter((name) => !module.output?.[name]);
}

/** Problems of a .tfvars file against a module: keys it does not declare, and required variables left unset. */
export function checkTfvars(module: TerraformModule, tfvars: Record<string, unknown>): string[] {
  const variables = module.variable ?? {};
  const unknown = Object.keys(tfvars)
    .filter((name) => !variables[name])
    .map((name) => `"${name}" is not a variable of the module`);
  const unset = Object.entries(variables)
    .filter(([name, [body]]) => body?.default === undefined && !(name in tfvars))
    .map(([name]) => `required variable "${name}" is not set`);
  return [...unknown, ...unset];
}

export function resourceBody(module: TerraformModule, type: string, name: string): Record<string, unknown> {
  const body = module.resource?.[type]?.[name]?.[0];
  if (!body) throw new Error(`resource ${type}.${name} is not declared`);
  return body;
}

export function dataBody(module: TerraformModule, type: string, name: string): Record<string, unknown> {
  const body = module.data?.[type]?.[name]?.[0];
  if (!body) throw new Error(`data ${type}.${name} is not declared`);
  return body;
}

/** The service principals a trust policy document (aws_iam_policy_document) lets assume the role. */
export function trustedPrincipals(document: Record<string, unknown>): string[] {
  const statements = (document.statement ?? []) as Array<{ principals?: Array<{ identifiers?: string[] }> }>;
  return statements.flatMap((statement) => (statement.principals ?? []).flatMap((p) => p.identifiers ?? []));
}
