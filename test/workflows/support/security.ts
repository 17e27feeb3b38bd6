import { stepLabel, type Finding, type Job, type Permissions, type WorkflowFile } from './model.ts';

const CREDENTIALS_ACTION = 'aws-actions/configure-aws-credentials@';

/** Why a job may hold a permission: the only grants these workflows need, each tied to what uses it. */
function grantReason(job: Job, scope: string, level: string): string | undefined {
  if (level === 'none') return 'none';
  if (scope === 'contents' && level === 'read') return 'checkout';
  const steps = job.steps ?? [];
  if (scope === 'id-token' && level === 'write') {
    // A reusable-workflow call needs the grant for the jobs it runs; a job of steps only for OIDC.
    if (job.uses !== undefined) return 'called workflow';
    if (steps.some((step) => step.uses?.startsWith(CREDENTIALS_ACTION))) return 'OIDC';
    return undefined;
  }
  if (scope === 'contents' && level === 'write') {
    // Only the release job writes: it pushes the major tag through .github/scripts/release-tags.sh.
    return steps.some((step) => /\.github\/scripts\/release-tags\.sh (?!--check)/.test(step.run ?? ''))
      ? 'release'
      : undefined;
  }
  if (scope === 'deployments' && level === 'write') {
    return steps.some((step) => step.with?.['github-environment'] !== undefined) ? 'deployment report' : undefined;
  }
  return undefined;
}

function checkGrant(file: WorkflowFile, where: string, granted: Permissions | undefined, job: Job): Finding[] {
  if (granted === undefined) return [{ file: file.path, where, message: 'permissions are not set' }];
  if (typeof granted === 'string') return [{ file: file.path, where, message: `permissions: ${granted} is too broad` }];
  return Object.entries(granted)
    .filter(([scope, level]) => grantReason(job, scope, level) === undefined)
    .map(([scope, level]) => ({ file: file.path, where, message: `"${scope}: ${level}" is not needed here` }));
}

/**
 * Least privilege: every job runs with an explicit set of permissions (its own or the workflow's), and each grant is
 * one the job has a use for.
 */
export function checkPermissions(file: WorkflowFile): Finding[] {
  const top = file.workflow.permissions;
  const findings: Finding[] = [];
  if (top !== undefined && typeof top !== 'string') {
    // Grants at the top reach every job, so they must be ones that any job may hold.
    const bare: Job = {};
    findings.push(...checkGrant(file, 'permissions', top, bare));
  } else if (typeof top === 'string') {
    findings.push({ file: file.path, where: 'permissions', message: `permissions: ${top} is too broad` });
  }
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    if (job.permissions === undefined && top !== undefined) continue;
    findings.push(...checkGrant(file, `${jobId} permissions`, job.permissions, job));
  }
  return findings;
}

const USES_LINE = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/;

/**
 * Every action or workflow from another repository is pinned to a full commit SHA with its version in a comment.
 * `allowTags` lists repositories that may be referenced by tag (the examples call this repository as `@v1`).
 */
export function checkPinning(file: WorkflowFile, allowTags: string[] = []): Finding[] {
  const findings: Finding[] = [];
  file.text.split('\n').forEach((line, index) => {
    const match = USES_LINE.exec(line);
    if (!match) return;
    const [, reference, comment] = match;
    const where = `line ${index + 1}`;
    if (reference.startsWith('./') || reference.startsWith('docker://')) return;
    const [path, ref] = reference.split('@');
    const repository = path.split('/').slice(0, 2).join('/');
    if (ref === undefined) {
      findings.push({ file: file.path, where, message: `${reference} has no ref` });
    } else if (allowTags.includes(repository)) {
      return;
    } else if (!/^[0-9a-f]{40}$/.test(ref)) {
      findings.push({ file: file.path, where, message: `${reference} is not pinned to a full commit SHA` });
    } else if (!/^v\d+(\.\d+)*\b/.test(comment ?? '')) {
      findings.push({ file: file.path, where, message: `${reference} has no version comment (# vX.Y.Z)` });
    }
  });
  return findings;
}

/**
 * No expression inside a `run:` script: `${{ }}` is pasted into the script before bash sees it, so a value from
 * the caller (inputs, event data, job outputs) could inject commands. Values go through `env:` instead.
 */
export function checkRunExpressions(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      const expressions = (step.run ?? '').match(/\$\{\{[^}]*\}\}/g) ?? [];
      for (const expression of expressions) {
        const where = `${jobId} ${stepLabel(step, index)}`;
        findings.push({ file: file.path, where, message: `expression ${expression} inside run: (use env:)` });
      }
    });
  }
  return findings;
}

/** A line of a `run:` script that prints a workflow command which shows a message (`::error::`, `::warning file=x::`). */
const MESSAGE_COMMAND = /::(?:error|warning|notice)(?:\s[^:]*)?::/;
/** The neutralised forms: `${name@Q}` (bash escapes every newline) and `$((name))` (always a number). */
const NEUTRALISED = /\$\{[A-Za-z_][A-Za-z0-9_]*@Q\}|\$\(\([A-Za-z_][A-Za-z0-9_]*\)\)/g;
/** Any other expansion: `$name`, `${...}`, `$(...)`, `$1`, `$@`, ... */
const EXPANSION = /\$[A-Za-z_{(0-9@*#?!-]/;

/**
 * A value printed inside a workflow command could carry a newline and start a command line of its own
 * (`::add-mask::`, `::stop-commands::`, ...): every expansion on a line that prints `::error::`, `::warning::` or
 * `::notice::` must be neutralised as `${name@Q}` or `$((name))`.
 */
export function checkCommandValues(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      for (const line of (step.run ?? '').split('\n')) {
        if (!MESSAGE_COMMAND.test(line) || !EXPANSION.test(line.replace(NEUTRALISED, ''))) continue;
        findings.push({
          file: file.path,
          where: `${jobId} ${stepLabel(step, index)}`,
          message: `prints a value inside a workflow command without \${name@Q}: ${line.trim()}`,
        });
      }
    });
  }
  return findings;
}
