/**
 * Files of an image source (an OCI layout directory or a tar archive) addressed by their relative names, read as
 * byte ranges of a file on disk so that any layer streams with bounded memory.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { indexTar, normalizeEntryName, type TarEntry } from './tar-index.js';

/** A byte range of a file on disk holding one blob or metadata file. */
export interface FileRange {
  path: string;
  offset: number;
  size: number;
  /** How to name it in an error: `layout/blobs/sha256/ab…` or `archive.tar:blobs/sha256/ab…`. */
  label: string;
}

export interface SourceStore {
  label: string;
  find(name: string): FileRange | undefined;
  close(): Promise<void>;
}

const READ_CHUNK = 1024 * 1024;

/** Bytes [start, end) of a file range, streamed. */
export function readRange(file: FileRange, start = 0, end = file.size): Readable {
  if (start >= end) return Readable.from([]);
  return createReadStream(file.path, {
    start: file.offset + start,
    end: file.offset + end - 1,
    highWaterMark: READ_CHUNK,
  });
}

export async function readWhole(file: FileRange, limit = 16 * 1024 * 1024): Promise<Buffer> {
  if (file.size > limit) throw new Error(`${file.label} is ${file.size} bytes, too large for a metadata file.`);
  if (file.offset === 0) return readFile(file.path).then((data) => data.subarray(0, file.size));
  const handle = await open(file.path, 'r');
  try {
    const data = Buffer.alloc(file.size);
    await handle.read(data, 0, file.size, file.offset);
    return data;
  } finally {
    await handle.close();
  }
}

export function directoryStore(dir: string): SourceStore {
  return {
    label: dir,
    find(name) {
      const path = join(dir, name);
      try {
        const stat = statSync(path);
        return stat.isFile() ? { path, offset: 0, size: stat.size, label: path } : undefined;
      } catch {
        return undefined;
      }
    },
    close: async () => undefined,
  };
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A tar archive; a gzip-compressed one is first decompressed to a temporary file (streams, never in memory). */
export async function archiveStore(archive: string, tempRoot = tmpdir()): Promise<SourceStore> {
  let tarPath = archive;
  let tempDir: string | undefined;
  try {
    if (await isGzip(archive)) {
      tempDir = await mkdtemp(join(tempRoot, 'push-archive-'));
      tarPath = join(tempDir, 'archive.tar');
      await pipeline(createReadStream(archive), createGunzip(), createWriteStream(tarPath));
    }
    const entries: Map<string, TarEntry> = await indexTar(tarPath);
    const cleanup = tempDir;
    return {
      label: archive,
      find(name) {
        const entry = entries.get(normalizeEntryName(name));
        return entry && { path: tarPath, offset: entry.offset, size: entry.size, label: `${archive}:${name}` };
      },
      close: async () => {
        if (cleanup) await rm(cleanup, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new Error(`Cannot read archive ${archive}: ${reason}`);
  }
}
