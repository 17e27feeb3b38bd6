/**
 * A front for the test registry that refuses a manifest PUT under an immutable tag that exists, as ECR does (even
 * when the tag already names that very image): 400 `TAG_INVALID` in ECR's wording. Everything else is passed through
 * unchanged, Host header included, so the Locations the registry hands out name this front.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TagGuard {
  /** Set by whoever knows the repository settings (the emulator, from its ECR repositories); unset: all mutable. */
  isImmutable?: (repository: string, tag: string) => boolean;
}

const MANIFEST_PUT = /^\/v2\/(.+)\/manifests\/([^/@:]+)$/;
const ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, ' +
  'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json';

function tagExists(backend: number, request: http.IncomingMessage, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const head = http.request(
      { host: '127.0.0.1', port: backend, method: 'HEAD', path, headers: { ...pick(request), accept: ACCEPT } },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    head.once('error', reject);
    head.end();
  });
}

function pick(request: http.IncomingMessage): http.OutgoingHttpHeaders {
  const { authorization, host } = request.headers;
  return { ...(authorization ? { authorization } : {}), ...(host ? { host } : {}) };
}

function forward(backend: number, request: http.IncomingMessage, response: http.ServerResponse): void {
  const upstream = http.request(
    { host: '127.0.0.1', port: backend, method: request.method, path: request.url, headers: request.headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.once('error', () => response.destroy());
  request.pipe(upstream);
}

export async function startTagGuard(
  backend: number,
  guard: TagGuard,
  port: number,
): Promise<{ close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const match = request.method === 'PUT' ? MANIFEST_PUT.exec((request.url ?? '').split('?')[0]) : null;
    if (!match || !guard.isImmutable?.(match[1], match[2])) return forward(backend, request, response);
    const [, repository, tag] = match;
    tagExists(backend, request, `/v2/${repository}/manifests/${tag}`).then(
      (exists) => {
        if (!exists) return forward(backend, request, response);
        request.resume();
        const message =
          `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten ` +
          'because the tag is immutable.';
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 'TAG_INVALID', message }] }));
      },
      () => response.destroy(),
    );
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  void (server.address() as AddressInfo);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
