/** What a daemonless push sends: blobs read from disk and manifests (children before the index that lists them). */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { readRange, type FileRange } from './blob-store.js';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface BlobToPush {
  digest: string;
  size: number;
  file: FileRange;
  /** `config` or `layer`, for the progress lines. */
  role: 'config' | 'layer';
}

export interface ManifestToPush {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export interface PushPlan {
  blobs: BlobToPush[];
  /** Pushed in order, by digest; the last one is the image that gets the tags. */
  manifests: ManifestToPush[];
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function hashRange(file: FileRange, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    readRange(file),
    async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) hash.update(chunk);
    },
    { signal },
  );
  return `sha256:${hash.digest('hex')}`;
}

/** `blobs/sha256/<hex>` for a digest, refusing anything that could escape the layout. */
export function blobPath(digest: string): string {
  const match = /^(sha256):([a-f0-9]{64})$/.exec(digest) ?? /^(sha512):([a-f0-9]{128})$/.exec(digest);
  if (!match) throw new Error(`Unsupported or malformed digest "${digest}".`);
  return `blobs/${match[1]}/${match[2]}`;
}

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}

/** Adds blobs once each (images of an index share layers). */
export function addBlob(plan: PushPlan, blob: BlobToPush): void {
  if (!plan.blobs.some((known) => known.digest === blob.digest)) plan.blobs.push(blob);
}

/**
 * Runs `work` over `items`, at most `limit` at a time, keeping the order of results. After the first failure no new
 * item starts, the others are told to stop through the signal, and the call settles only once every worker has: a
 * caller that cleans up after the failure (closes the client, deletes temporary files) must not race work in flight.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const stop = new AbortController();
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop.signal.aborted) {
      const index = next++;
      try {
        results[index] = await work(items[index], stop.signal);
      } catch (error) {
        // Later failures are mostly the stop itself: the first one is the reason.
        if (!failure) {
          failure = { error };
          stop.abort();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
