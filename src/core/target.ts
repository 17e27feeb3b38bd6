import type { Clients } from './aws/clients.js';
import type { Clock } from './clock.js';
import type { CommonConfig } from './config.js';
import type { Environment, InputReader } from './inputs/common.js';
import type { Outcome, Result } from './outcome.js';

/**
 * The seam between the core pipeline and one AWS service (src/targets/<name>/). The core flow (flow.ts) calls these
 * steps in this order — read → (wait for busy) → plan with stand-ins → preflight → prepare → push → plan → apply →
 * follow — and owns everything both targets share: inputs, push, preflight, outcome, outputs, summary, GitHub
 * deployment. A target never writes `outcome.result`: it returns a Result, or throws a DeployError carrying one.
 */
export interface Target<
  C extends CommonConfig,
  K extends Clients,
  O extends Outcome,
  S extends TargetState,
  P extends TargetPlan = TargetPlan,
> {
  /** `App Runner`, `ECS Express`: in the log, the summary heading and the GitHub deployment. */
  readonly title: string;
  /** What the target follows, as the log names it: `operation`, `deployment`. */
  readonly followed: string;
  parseInputs(read: InputReader, env: Environment): C;
  createClients(region: string): K;
  /** The action's outputs by name, from what the run learned (on failure too). */
  outputs(outcome: O): Record<string, string | undefined>;
  /** Reads the service as it is and decides what to do. Read-only; a refusal is a DeployError (result `refused`). */
  read(context: DeployContext<C, K, O>): Promise<S>;
  /** `state.busy`: follows what someone else started to its end (the flow reads again afterwards). */
  waitForBusy(context: DeployContext<C, K, O>, state: S): Promise<void>;
  /** Pure: the state + the inputs → the exact request and a readable diff. `image` is the pushed one (or a stand-in). */
  plan(context: DeployContext<C, K, O>, input: { state: S; image?: string }): P;
  /** Changes that must precede the deploy, made only after every check passed (resume a paused service...). */
  prepare(context: DeployContext<C, K, O>, state: S): Promise<S>;
  /** Sends the plan; answers what to follow, or nothing when there was nothing to deploy. */
  apply(context: DeployContext<C, K, O>, input: { plan: P; state: S }): Promise<Started | undefined>;
  /** Follows what `apply` started to its end: answers how it succeeded, or throws a DeployError that says why not. */
  follow(context: DeployContext<C, K, O>, started: Started): Promise<Result>;
  /** The account the deploy is in, when the inputs tell (preflight does not look into other accounts). */
  account?(config: C): string | undefined;
}

export interface DeployContext<C extends CommonConfig, K extends Clients, O extends Outcome> {
  config: C;
  clients: K;
  outcome: O;
  clock?: Clock;
}

export interface TargetState {
  /** Someone else's change is under way: wait for it (`on-busy: wait`) before planning. */
  busy: boolean;
}

/** What the core needs of a target's plan; the target keeps the request itself in `request`. */
export interface TargetPlan {
  kind: 'create' | 'update' | 'redeploy' | 'none';
  /** What the service runs once the plan is applied. */
  image: string;
  /** Readable lines: `cpu: 1 vCPU → 2 vCPU`, `+ env FOO`, `- secret DB_URL`. */
  changes: { line: string }[];
}

export interface Started {
  id: string;
  /** What was started, in a word: create, update, deployment. */
  label: string;
}
