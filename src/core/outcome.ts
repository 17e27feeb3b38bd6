/**
 * Everything the run learned, filled in step by step so that outputs and the summary can be written whenever it
 * stops, on failure too. The steps record what they read into it; `result` is recorded by the core only (flow.ts
 * and run.ts), from what the steps return or throw.
 */
export interface Outcome {
  serviceName?: string;
  serviceArn?: string;
  serviceUrl?: string;
  serviceStatus?: string;
  /** What the run follows: App Runner's operation, ECS's service deployment. */
  operationId?: string;
  operationStatus?: string;
  imageUri?: string;
  imageDigest?: string;
  /** The image the service serves once what was followed ended; unset when it serves nothing, or may not be serving. */
  servingImageUri?: string;
  result?: Result;
  diff?: string;
  /** Every status change of everything followed, with the time since it was started. */
  timeline: { label: string; status: string; elapsedMs: number }[];
  /** Event or log lines that explain a failed deployment. */
  events: string[];
  /** Tables a target adds to the summary (App Runner: the DNS records of a custom domain). */
  tables?: { title: string; header: string[]; rows: string[][] }[];
  startedAt: number;
}

/** How the run ended, in a form report/ turns into words. `label` names what was followed: create, update... */
export type Result =
  | { kind: 'dry-run' }
  | { kind: 'no-change' }
  | { kind: 'refused' }
  | { kind: 'not-waiting'; label: string }
  | { kind: 'succeeded'; label: string }
  | { kind: 'timed-out'; label: string; status: string }
  | { kind: 'rolled-back'; label: string }
  | { kind: 'rollback-failed'; label: string }
  /** `status`: the end state when it is not plain failure. Without a label, the run failed before it followed anything. */
  | { kind: 'failed'; label?: string; status?: string };

export function newOutcome(now: number): Outcome {
  return { timeline: [], events: [], startedAt: now };
}

/**
 * A failure the action understood and explains; anything else is unexpected and reported as such. `result` is how
 * the run ended, which the run records (plain `failed` when not given).
 */
export class DeployError extends Error {
  readonly result?: Result;

  constructor(message: string, options: { result?: Result } = {}) {
    super(message);
    this.name = 'DeployError';
    this.result = options.result;
  }

  /** What was followed was still going when the wait ran out: it goes on in AWS. */
  get timedOut(): boolean {
    return this.result?.kind === 'timed-out';
  }
}
