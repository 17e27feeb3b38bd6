/**
 * Converts a `docker save` archive (manifest.json, a config, layer tars that are usually uncompressed) into a Docker
 * v2 schema 2 image. Layers are gzip-compressed to a temporary file as registries expect, hashing both sides on the
 * way: the uncompressed digest must match the config's diff_id, the compressed one is what the manifest names.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { readRange, readWhole, type FileRange, type SourceStore } from './blob-store.js';
import { hashRange, mapLimit, MEDIA_TYPES, sha256, type BlobToPush, type PushPlan } from './plan.js';

interface DockerSaveEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

interface LayerOptions {
  store: SourceStore;
  tempDir: string;
  diffId: string | undefined;
  /** Stops the compression when another layer failed: the temp dir is deleted once every worker has stopped. */
  signal: AbortSignal;
}

async function firstBytes(file: FileRange): Promise<Buffer> {
  const handle = await open(file.path, 'r');
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, Math.min(4, file.size), file.offset);
    return magic.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function hashingPassThrough(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

async function gzipLayer(file: FileRange, options: LayerOptions, index: number): Promise<BlobToPush> {
  const uncompressed = createHash('sha256');
  const compressed = createHash('sha256');
  const target = join(options.tempDir, `layer-${index}.tar.gz`);
  // Level 1: layers are mostly already-dense binaries and the upload, not the ratio, is what users wait for.
  await pipeline(
    readRange(file),
    hashingPassThrough(uncompressed),
    createGzip({ level: constants.Z_BEST_SPEED }),
    hashingPassThrough(compressed),
    createWriteStream(target),
    { signal: options.signal },
  );
  const diffId = `sha256:${uncompressed.digest('hex')}`;
  if (options.diffId && diffId !== options.diffId) {
    throw new Error(`Layer ${file.label} has digest ${diffId} but the image config expects ${options.diffId}.`);
  }
  const size = (await stat(target)).size;
  const digest = `sha256:${compressed.digest('hex')}`;
  return { digest, size, role: 'layer', file: { path: target, offset: 0, size, label: `${file.label} (gzipped)` } };
}

async function prepareLayer(name: string, options: LayerOptions, index: number): Promise<BlobToPush> {
  const file = options.store.find(name);
  if (!file) throw new Error(`Layer ${name} listed in manifest.json is missing from ${options.store.label}.`);
  const magic = await firstBytes(file);
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    return { digest: await hashRange(file, options.signal), size: file.size, role: 'layer', file };
  }
  if (magic.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) {
    throw new Error(`Layer ${file.label} is zstd-compressed, which Docker v2 schema 2 images cannot carry.`);
  }
  return gzipLayer(file, options, index);
}

function parseJson<T>(bytes: Buffer, label: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new Error(`${label} is not valid JSON; the archive is damaged.`);
  }
}

export async function planFromDockerArchive(
  store: SourceStore,
  options: { tempDir: string; concurrency: number },
): Promise<PushPlan> {
  const manifestFile = store.find('manifest.json');
  if (!manifestFile) throw new Error(`${store.label} is not a docker-archive (docker save) file: no manifest.json.`);
  const entries = parseJson<DockerSaveEntry[]>(await readWhole(manifestFile), `${store.label}: manifest.json`);
  if (!Array.isArray(entries) || entries.length !== 1) {
    const count = Array.isArray(entries) ? `${entries.length} images` : 'no image list';
    throw new Error(`${store.label} holds ${count}; save exactly one image to push it.`);
  }
  const [entry] = entries;
  const layerNames: unknown = entry?.Layers;
  const configFile = typeof entry?.Config === 'string' ? store.find(entry.Config) : undefined;
  if (!configFile || !Array.isArray(layerNames) || !layerNames.every((name) => typeof name === 'string'))
    throw new Error(`${store.label}: manifest.json names a missing config or no layers.`);
  const layerList = layerNames as string[];
  const configBytes = await readWhole(configFile);
  const config = parseJson<{ rootfs?: { diff_ids?: string[] } } | null>(configBytes, configFile.label);
  const diffIds = config?.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.length !== layerList.length) {
    const listed = Array.isArray(diffIds) ? diffIds.length : 'no';
    throw new Error(`${store.label}: the config lists ${listed} layers, manifest.json ${layerList.length}.`);
  }
  // Fail on a missing layer before spending time compressing the others.
  for (const name of layerList) {
    if (!store.find(name)) throw new Error(`Layer ${name} listed in manifest.json is missing from ${store.label}.`);
  }
  const layers = await mapLimit(
    layerList.map((name, index) => ({ name, index })),
    options.concurrency,
    ({ name, index }, signal) =>
      prepareLayer(name, { store, tempDir: options.tempDir, diffId: diffIds[index], signal }, index),
  );
  const configBlob: BlobToPush = {
    digest: sha256(configBytes),
    size: configBytes.length,
    role: 'config',
    file: configFile,
  };
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, size: configBlob.size, digest: configBlob.digest },
    layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.dockerLayerGzip, size: l.size, digest: l.digest })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
  const blobs: BlobToPush[] = [configBlob];
  for (const layer of layers) if (!blobs.some((b) => b.digest === layer.digest)) blobs.push(layer);
  return { blobs, manifests: [{ digest: sha256(bytes), mediaType: MEDIA_TYPES.dockerManifest, bytes }] };
}
