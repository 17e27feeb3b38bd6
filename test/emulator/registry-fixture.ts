/**
 * A real Docker registry (CNCF distribution, Debian package `docker-registry`) on 127.0.0.1 with htpasswd auth for
 * user AWS, plus a minimal pusher speaking the registry HTTP API v2. The registry runs under `timeout`, so it ends by
 * itself even if the test process dies; stop() ends it by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningRegistry {
  endpoint: string;
  username: 'AWS';
  password: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitReady(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/v2/`);
      await response.arrayBuffer();
      if (response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('docker-registry did not start in 15 s');
}

export async function startRegistry(lifetimeSeconds = 120): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-registry-'));
  const password = randomBytes(18).toString('base64url');
  // -i reads the password from stdin, keeping it off the command line.
  const hashed = spawnSync('htpasswd', ['-Bci', join(dir, 'htpasswd'), 'AWS'], { input: password });
  if (hashed.status !== 0) throw new Error(`htpasswd failed: ${hashed.stderr.toString()}`);
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    'auth:',
    '  htpasswd:',
    '    realm: emulator',
    `    path: ${join(dir, 'htpasswd')}`,
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), `${config}\n`);
  const child = spawn('timeout', [String(lifetimeSeconds), 'docker-registry', 'serve', join(dir, 'config.yml')], {
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitReady(endpoint, child);
  return {
    endpoint,
    username: 'AWS',
    password,
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(init: { endpoint: string; auth: string; repository: string; blob: Buffer }): Promise<string> {
  const digest = sha256(init.blob);
  const started = await fetch(`${init.endpoint}/v2/${init.repository}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization: init.auth },
  });
  await started.arrayBuffer();
  if (started.status !== 202) throw new Error(`blob upload start answered ${started.status}`);
  const location = new URL(started.headers.get('location') as string, init.endpoint);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { authorization: init.auth, 'content-type': 'application/octet-stream' },
    body: init.blob,
  });
  await put.arrayBuffer();
  if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
  return digest;
}

/** Pushes a one-layer OCI image under `tag` with the given basic-auth header; returns its manifest digest and size. */
export async function pushImage(init: {
  endpoint: string;
  auth: string;
  repository: string;
  tag: string;
  layer: string;
}): Promise<{ digest: string; size: number; manifest: string }> {
  const layer = Buffer.from(init.layer, 'utf8');
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }),
  );
  const blobs = { endpoint: init.endpoint, auth: init.auth, repository: init.repository };
  const configDigest = await pushBlob({ ...blobs, blob: config });
  const layerDigest = await pushBlob({ ...blobs, blob: layer });
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  });
  const put = await fetch(`${init.endpoint}/v2/${init.repository}/manifests/${init.tag}`, {
    method: 'PUT',
    headers: { authorization: init.auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  await put.arrayBuffer();
  if (put.status !== 201) throw new Error(`manifest upload answered ${put.status}`);
  return { digest: put.headers.get('docker-content-digest') as string, size: config.length + layer.length, manifest };
}
