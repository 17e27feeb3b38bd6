/**
 * A docker-compatible daemon for tests: `podman system service` on a private socket with its own storage, plus a
 * `docker` wrapper for PATH that logs in client-side. Podman's own login ignores the insecure-registry setting, while
 * a real dockerd treats 127.0.0.1 as insecure, so the CLI's client-side login is the faithful stand-in here.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Podman {
  dir: string;
  /** Environment for the docker CLI: DOCKER_HOST and the wrapper first on PATH. */
  env: NodeJS.ProcessEnv;
  docker(args: string[], input?: string): string;
  stop(): Promise<void>;
}

export async function startPodman(insecureRegistry: string, lifetimeSeconds = 600): Promise<Podman> {
  const dir = mkdtempSync(join(tmpdir(), 'podman-'));
  const socket = join(dir, 'podman.sock');
  writeFileSync(join(dir, 'registries.conf'), `[[registry]]\nlocation = "${insecureRegistry}"\ninsecure = true\n`);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\n[ "$1" = login ] && unset DOCKER_HOST\nexec /usr/local/bin/docker "$@"\n`,
  );
  chmodSync(join(bin, 'docker'), 0o755);
  const child: ChildProcess = spawn(
    'timeout',
    [
      String(lifetimeSeconds),
      'podman',
      '--root',
      join(dir, 'root'),
      '--runroot',
      join(dir, 'run'),
      '--storage-driver',
      'vfs',
      'system',
      'service',
      '--time=0',
      `unix://${socket}`,
    ],
    { stdio: 'ignore', env: { ...process.env, CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf') } },
  );
  child.unref();
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}`, PATH: `${bin}:${process.env.PATH}` };
  const docker = (args: string[], input?: string) =>
    execFileSync('docker', args, { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      await new Promise<void>((resolve) => {
        child.ref();
        child.once('exit', () => resolve());
        process.kill(child.pid as number, 'SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; ; waited += 200) {
    if (existsSync(socket)) {
      try {
        docker(['version']);
        break;
      } catch {
        // socket there, service not answering yet
      }
    }
    if (child.exitCode !== null || waited > 20_000) {
      await stop();
      throw new Error('podman system service did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { dir, env, docker, stop };
}

/** Builds a FROM-scratch image holding one file, tagged `tag`. */
export function buildScratchImage(podman: Podman, tag: string, content: string): void {
  const context = mkdtempSync(join(podman.dir, 'context-'));
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY content.txt /content.txt\n');
  writeFileSync(join(context, 'content.txt'), content);
  podman.docker(['build', '-q', '-t', tag, context]);
}
