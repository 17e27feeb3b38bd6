/**
 * A minimal pusher speaking the registry HTTP API v2, for the emulator's ECR tests against the real registry that
 * tools/registry/launch.ts starts.
 */
import { createHash } from 'node:crypto';

export { startRegistry, type TestRegistry as RunningRegistry } from '../../tools/registry/launch.ts';

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
