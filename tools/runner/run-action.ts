/**
 * Runs the committed bundle the way GitHub's runner runs a `node24` action: inputs from action.yml with their
 * defaults as `INPUT_<NAME>` (upper-cased, hyphens kept), the file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * GITHUB_ENV, GITHUB_STATE) in a temp dir, the usual GITHUB_* variables, and nothing of this process's environment
 * but PATH and HOME. The child is spawned asynchronously so that an emulator in this process keeps answering it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { node24 } from '../node24.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the bundles are: the committed dist/, or ACTION_DIST, a build of one's own (`npm run build -- ...` into
 * another folder), so that someone changing the source can run the end-to-end tests without rebuilding dist/.
 */
const DIST = resolve(process.env.ACTION_DIST || join(ROOT, 'dist'));

/** The actions of this repository: which action.yml declares the inputs, and which bundle it runs. */
export type ActionName = 'apprunner' | 'ecs-express';
export const ACTIONS: Record<ActionName, { manifest: string; bundle: string }> = {
  apprunner: { manifest: join(ROOT, 'action.yml'), bundle: join(DIST, 'index.js') },
  'ecs-express': { manifest: join(ROOT, 'ecs-express/action.yml'), bundle: join(DIST, 'ecs-express/index.js') },
};
export const BUNDLE = ACTIONS.apprunner.bundle;
export const EXPRESS_BUNDLE = ACTIONS['ecs-express'].bundle;

/** What `${{ github.token }}` stands for in these runs: recognisable, so a leak is easy to grep for. */
export const FAKE_GITHUB_TOKEN = 'ghs_e2eFakeToken0000000000000000000000DoNotPrint';
export const REPOSITORY = 'octo-org/shop-web';
export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const RUN_ID = '4242';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

const actionInputs = new Map<ActionName, Record<string, ActionInput>>();

/** The inputs an action's action.yml declares (the App Runner one by default), read once per action. */
export function declaredInputs(action: ActionName = 'apprunner'): Record<string, ActionInput> {
  let inputs = actionInputs.get(action);
  if (!inputs) {
    inputs = (parse(readFileSync(ACTIONS[action].manifest, 'utf8')) as { inputs: Record<string, ActionInput> }).inputs;
    actionInputs.set(action, inputs);
  }
  return inputs;
}

/** `${{ github.token }}` and the few other expressions defaults use, resolved as the runner would. */
function expand(value: string, context: { token: string }): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, context.token);
}

export interface RunOptions {
  /** Action inputs by their action.yml name; an input not given gets its default, as on a runner. */
  inputs: Record<string, string>;
  /** The emulator's env() (AWS endpoint, test credentials, region, GITHUB_API_URL). */
  awsEnv?: Record<string, string>;
  /** More runner environment variables (e.g. for `copy-env-vars`). */
  env?: Record<string, string>;
  /** What `${{ github.token }}` resolves to (default FAKE_GITHUB_TOKEN). */
  token?: string;
  /**
   * Kill the child (and its process group) after this long (default 50 s, under jest's 60 s test timeout): a hung
   * action must fail the test, not hang it.
   */
  timeoutMs?: number;
  /** Which action to run (default `apprunner`): its action.yml gives the defaults, its bundle is spawned. */
  action?: ActionName;
  /** Spawn this file instead of the action's bundle (its action.yml still gives the inputs). */
  bundle?: string;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The run was killed because it outlived `timeoutMs`. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Outputs the action set, parsed from GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** The job summary the action wrote (markdown/HTML as GitHub renders it). */
  summary: string;
  /** Lines of `::error::` commands, without the prefix. */
  errors: string[];
  warnings: string[];
  durationMs: number;
  /** Epoch milliseconds just before the child was spawned, and when it had exited. */
  startedAt: number;
  endedAt: number;
  /** The environment the child got (for tests of the runner itself). */
  env: Record<string, string>;
}

/** Parses the `name<<delimiter` (and legacy `name=value`) format of GITHUB_OUTPUT. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (index += 1; index < lines.length && lines[index] !== delimiter; index += 1) body.push(lines[index]);
      if (index >= lines.length) throw new Error(`Unterminated value of ${name} in a file command`);
      values[name] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`Unparseable file command line: ${line}`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

function commandLines(stdout: string, command: string): string[] {
  const prefix = new RegExp(`^::${command}(?: [^:]*)?::`);
  return stdout
    .split('\n')
    .filter((line) => prefix.test(line))
    .map((line) => line.replace(prefix, '').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
}

function runnerEnv(options: RunOptions, dir: string): Record<string, string> {
  const token = options.token ?? FAKE_GITHUB_TOKEN;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_JOB: 'deploy',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_REPOSITORY_OWNER: REPOSITORY.split('/')[0],
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: RUN_ID,
    GITHUB_RUN_NUMBER: '7',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: 'http://127.0.0.1:9/graphql',
    GITHUB_SHA: SHA,
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKSPACE: join(dir, 'workspace'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_PATH: join(dir, 'path'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'e2e',
    RUNNER_TEMP: join(dir, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(dir, 'tool-cache'),
    ...options.awsEnv,
    ...options.env,
  };
  const declared = declaredInputs(options.action);
  for (const [name, input] of Object.entries(declared)) {
    const given = options.inputs[name];
    const value = given ?? (input.default === undefined ? undefined : expand(String(input.default), { token }));
    if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const name of Object.keys(options.inputs)) {
    if (!(name in declared)) env[`INPUT_${name.toUpperCase()}`] = options.inputs[name];
  }
  return env;
}

const DEFAULT_TIMEOUT_MS = 50_000;

/** Ends the child and everything it started (docker, skopeo): it leads its own process group. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** Spawns the bundle detached (its own process group) and waits for it, killing the group when time is up. */
async function spawnBundle(options: RunOptions, init: { env: Record<string, string> }): Promise<Exit> {
  const child = spawn(node24(), [options.bundle ?? ACTIONS[options.action ?? 'apprunner'].bundle], {
    env: init.env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  killer.unref();
  try {
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
      child.once('error', fail);
      child.once('close', (exitCode, exitSignal) => done({ code: exitCode, signal: exitSignal }));
    });
    return { code, signal, timedOut, stdout, stderr };
  } finally {
    clearTimeout(killer);
  }
}

/** Runs the bundle once; never throws for a failing action, only for a runner that cannot start it. */
export async function runAction(options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-run-'));
  try {
    const env = runnerEnv(options, dir);
    for (const file of ['output', 'summary', 'env', 'state', 'path']) writeFileSync(join(dir, file), '');
    for (const folder of [env.RUNNER_TEMP, env.GITHUB_WORKSPACE, env.RUNNER_TOOL_CACHE]) mkdirSync(folder);
    writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify({ ref: env.GITHUB_REF, after: SHA, repository: {} }));
    const startedAt = Date.now();
    const started = performance.now();
    const exit = await spawnBundle(options, { env });
    const durationMs = performance.now() - started;
    return {
      exitCode: exit.code,
      signal: exit.signal,
      timedOut: exit.timedOut,
      stdout: exit.stdout,
      stderr: exit.stderr,
      outputs: parseFileCommand(readFileSync(join(dir, 'output'), 'utf8')),
      summary: readFileSync(join(dir, 'summary'), 'utf8'),
      errors: commandLines(exit.stdout, 'error'),
      warnings: commandLines(exit.stdout, 'warning'),
      durationMs,
      startedAt,
      endedAt: Date.now(),
      env,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The log as a person reads it on GitHub: `::add-mask::` lines dropped, groups shown as headers. */
export function readableLog(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::') && !line.startsWith('::set-output') && line !== '::endgroup::')
    .map((line) =>
      line
        .replace(/^::group::(.*)$/, '▼ $1')
        .replace(/^::error(?: [^:]*)?::/, 'Error: ')
        .replace(/^::warning(?: [^:]*)?::/, 'Warning: ')
        .replace(/^::notice(?: [^:]*)?::/, 'Notice: ')
        .replace(/^::debug::.*$/, '')
        .replace(/%0A/g, '\n'),
    )
    .filter((line) => line !== '')
    .join('\n');
}
