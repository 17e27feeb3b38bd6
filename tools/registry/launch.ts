/**
 * A real registry for tests: CNCF distribution (`docker-registry` Debian package) on 127.0.0.1 with htpasswd (bcrypt)
 * auth and storage in a temp dir. It runs under `timeout`, so it dies by itself even if the test process is killed;
 * `stop()` ends it by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTagGuard, type TagGuard } from './tag-guard.ts';

export interface TestRegistry {
  port: number;
  /** `127.0.0.1:<port>`, as image names and `docker login` want it. */
  host: string;
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  username: string;
  password: string;
  dir: string;
  /** With `immutableTags`: the rule the front applies (the emulator sets it when it hands the registry out). */
  tagGuard?: TagGuard;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  username?: string;
  password?: string;
  /** Hard limit after which the registry exits on its own (default 10 minutes). */
  lifetimeSeconds?: number;
  /** Serve through a front that refuses moving an immutable tag, as ECR does (see tag-guard.ts). */
  immutableTags?: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function v2Status(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('error', () => resolve(undefined));
    request.once('timeout', () => request.destroy());
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    // Unref'd so it never holds a test process open, but its exit must keep us alive while we wait for it.
    child.ref();
    child.once('exit', () => resolve());
    process.kill(child.pid as number, 'SIGTERM');
  });
}

export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const username = options.username ?? 'AWS';
  const password = options.password ?? randomBytes(12).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'test-registry-'));
  const htpasswd = spawnSync('htpasswd', ['-Bbc', join(dir, 'htpasswd'), username, password], { stdio: 'ignore' });
  if (htpasswd.status !== 0) throw new Error('htpasswd failed (is apache2-utils installed?)');
  const publicPort = await freePort();
  const port = options.immutableTags ? await freePort() : publicPort;
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    'auth:',
    '  htpasswd:',
    '    realm: test-registry',
    `    path: ${join(dir, 'htpasswd')}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config);
  const lifetime = String(options.lifetimeSeconds ?? 600);
  const child = spawn('timeout', [lifetime, '/usr/bin/docker-registry', 'serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  const tagGuard: TagGuard | undefined = options.immutableTags ? {} : undefined;
  let front: { close(): Promise<void> } | undefined;
  const stop = async () => {
    clearTimeout(safetyNet);
    await front?.close();
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  // Second safety net, for a test process that lives on but forgot stop().
  const safetyNet = setTimeout(() => void stop(), Number(lifetime) * 1000);
  safetyNet.unref();
  for (let waited = 0; ; waited += 100) {
    if ((await v2Status(port)) === 401) break;
    if (child.exitCode !== null || waited > 15000) {
      await stop();
      throw new Error(`docker-registry did not start on port ${port}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (tagGuard) front = await startTagGuard(port, tagGuard, publicPort);
  const host = `127.0.0.1:${publicPort}`;
  return { port: publicPort, host, endpoint: `http://${host}`, username, password, dir, tagGuard, stop };
}
