/**
 * Reads images from an attached Docker Registry HTTP API v2 server (basic auth), so what a test pushed to the real
 * registry is what DescribeImages and BatchGetImage report.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../errors.ts';
import type { ImageRecord, RegistryLink } from '../state.ts';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

function authorization(link: RegistryLink): string {
  return `Basic ${Buffer.from(`${link.username}:${link.password}`, 'utf8').toString('base64')}`;
}

/** A registry that stops answering must fail the ECR call, not hang it (and the test waiting on it). */
const REGISTRY_TIMEOUT_MS = 5000;

async function registryGet(link: RegistryLink, path: string): Promise<Response | undefined> {
  let response: Response;
  try {
    response = await fetch(new URL(path, link.endpoint), {
      headers: { authorization: authorization(link), accept: MANIFEST_TYPES.join(', ') },
      signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AwsError({
      type: 'ServerException',
      status: 500,
      message: `Registry unreachable: ${(error as Error).message}`,
    });
  }
  if (response.status === 404) {
    await response.arrayBuffer();
    return undefined;
  }
  if (!response.ok) {
    await response.arrayBuffer();
    throw new AwsError({
      type: 'ServerException',
      status: 500,
      message: `Registry answered HTTP ${response.status} for ${path}`,
    });
  }
  return response;
}

interface ManifestBody {
  mediaType?: string;
  config?: { size?: number; mediaType?: string };
  layers?: { size?: number }[];
  manifests?: { size?: number }[];
}

export interface RegistryImage extends Omit<ImageRecord, 'tags' | 'pushedAt'> {
  artifactMediaType?: string;
}

export async function fetchManifest(init: {
  link: RegistryLink;
  repository: string;
  reference: string;
}): Promise<RegistryImage | undefined> {
  const response = await registryGet(init.link, `/v2/${init.repository}/manifests/${init.reference}`);
  if (!response) return undefined;
  const manifest = await response.text();
  const parsed = JSON.parse(manifest) as ManifestBody;
  const digest =
    response.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const parts = parsed.layers ?? parsed.manifests ?? [];
  const sizeInBytes = parts.reduce((sum, part) => sum + (part.size ?? 0), parsed.config?.size ?? 0);
  const mediaType = parsed.mediaType ?? response.headers.get('content-type') ?? MANIFEST_TYPES[0];
  const image: RegistryImage = { digest, manifest, mediaType, sizeInBytes };
  if (parsed.config?.mediaType) image.artifactMediaType = parsed.config.mediaType;
  return image;
}

export async function listTags(link: RegistryLink, repository: string): Promise<string[]> {
  const response = await registryGet(link, `/v2/${repository}/tags/list`);
  if (!response) return [];
  const body = (await response.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}
