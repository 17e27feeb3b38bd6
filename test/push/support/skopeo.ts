/** skopeo against the test registry: the independent check of what a push stored. */
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import type { TestRegistry } from '../../../tools/registry/launch.ts';

function skopeo(args: string[]): string {
  return execFileSync('skopeo', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

export interface Inspected {
  Digest: string;
  RepoTags: string[];
  Layers: string[];
}

export function inspect(registry: TestRegistry, image: string, extra: string[] = []): string {
  return skopeo([
    'inspect',
    '--tls-verify=false',
    '--creds',
    `${registry.username}:${registry.password}`,
    ...extra,
    `docker://${registry.host}/${image}`,
  ]);
}

export function inspectImage(registry: TestRegistry, image: string): Inspected {
  return JSON.parse(inspect(registry, image)) as Inspected;
}

/** `skopeo copy` between local transports (oci:, oci-archive:, docker-archive:). */
export function copyLocal(from: string, to: string): void {
  skopeo(['copy', '--quiet', from, to]);
}

/** Status of a HEAD on `/v2/<path>` straight at the registry (bypassing any proxy), e.g. `repo/blobs/<digest>`. */
export function blobStatus(registry: TestRegistry, path: string): Promise<number | undefined> {
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: registry.port,
        method: 'HEAD',
        path: `/v2/${path}`,
        headers: { authorization: `Basic ${auth}` },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    request.once('error', reject);
    request.end();
  });
}
