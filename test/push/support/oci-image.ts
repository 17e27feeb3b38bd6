/**
 * Hand-written OCI image layouts with random layers, for tests and the benchmark. Layers are real tar archives (one
 * random file each), optionally gzip-wrapped without compression so tools see gzip without paying for deflate.
 * Everything streams to disk, so a 1 GB layer costs no memory.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

export interface BuiltImage {
  manifest: Descriptor;
  manifestBytes: Buffer;
  config: Descriptor;
  layers: Descriptor[];
  diffIds: string[];
}

export interface ImageSpec {
  /** Size of the random file in each layer. */
  layers: number[];
  gzip?: boolean;
  architecture?: string;
}

const CHUNK = 1024 * 1024;

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\x0000', 257);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/** A tar stream holding one file of `size` random bytes. */
export function randomTar(size: number): Readable {
  return Readable.from(
    (async function* () {
      yield tarHeader('random.bin', size);
      for (let left = size; left > 0; left -= CHUNK) yield randomFillSync(Buffer.alloc(Math.min(CHUNK, left)));
      yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024);
    })(),
  );
}

function hashing(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

export async function writeBlob(dir: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), data);
  return digest;
}

async function writeLayer(dir: string, size: number, gzip: boolean): Promise<{ layer: Descriptor; diffId: string }> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const temp = join(dir, 'blobs', 'sha256', `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const stages = gzip ? [createGzip({ level: constants.Z_NO_COMPRESSION })] : [];
  await pipeline([randomTar(size), hashing(diff), ...stages, hashing(blob), counter, createWriteStream(temp)]);
  const digest = `sha256:${blob.digest('hex')}`;
  await rename(temp, join(dir, 'blobs', 'sha256', digest.slice(7)));
  const mediaType = gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar';
  return { layer: { mediaType, digest, size: bytes }, diffId: `sha256:${diff.digest('hex')}` };
}

export async function addImage(dir: string, spec: ImageSpec): Promise<BuiltImage> {
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const size of spec.layers) {
    const { layer, diffId } = await writeLayer(dir, size, spec.gzip ?? false);
    layers.push(layer);
    diffIds.push(diffId);
  }
  const architecture = spec.architecture ?? 'amd64';
  const configBytes = Buffer.from(
    JSON.stringify({
      architecture,
      os: 'linux',
      config: { Cmd: ['/random.bin'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map(() => ({ created_by: 'test layer' })),
    }),
  );
  const config = {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: await writeBlob(dir, configBytes),
    size: configBytes.length,
  };
  const manifestBytes = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }),
  );
  const manifest: Descriptor = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: await writeBlob(dir, manifestBytes),
    size: manifestBytes.length,
    platform: { architecture, os: 'linux' },
  };
  return { manifest, manifestBytes, config, layers, diffIds };
}

/** An image index over images already in the layout; returns its descriptor. */
export async function addIndex(dir: string, images: BuiltImage[]): Promise<{ descriptor: Descriptor; bytes: Buffer }> {
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: images.map((image) => image.manifest),
    }),
  );
  const descriptor = {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: await writeBlob(dir, bytes),
    size: bytes.length,
  };
  return { descriptor, bytes };
}

/** Writes `oci-layout` and `index.json` naming each descriptor by its ref. */
export async function writeLayoutIndex(dir: string, refs: Record<string, Descriptor>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const manifests = Object.entries(refs).map(([ref, descriptor]) => ({
    ...descriptor,
    annotations: { 'org.opencontainers.image.ref.name': ref },
  }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

/** A one-image layout in `dir` under `ref`. */
export async function writeOciImage(dir: string, spec: ImageSpec & { ref?: string }): Promise<BuiltImage> {
  const image = await addImage(dir, spec);
  await writeLayoutIndex(dir, { [spec.ref ?? 'latest']: image.manifest });
  return image;
}
