/**
 * Reads where each file of a tar archive lies (offset and size) by walking its 512-byte headers, without reading the
 * file contents. Blobs are then streamed straight out of the archive: no extraction, memory bounded by one header.
 */
import { open } from 'node:fs/promises';
import { posix } from 'node:path';

export interface TarEntry {
  offset: number;
  size: number;
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function numberField(header: Buffer, start: number, length: number): number {
  // GNU base-256 for sizes of 8 GiB and more: high bit set, big-endian value in the remaining bytes.
  if (header[start] & 0x80) {
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + header[i];
    return value;
  }
  const text = field(header, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** Records of a pax extended header: `<len> key=value\n`. */
function paxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let position = 0;
  while (position < data.length) {
    const space = data.indexOf(0x20, position);
    if (space < 0) break;
    const length = parseInt(data.subarray(position, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, position + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    position += length;
  }
  return records;
}

export function normalizeEntryName(name: string): string {
  return posix
    .normalize(name)
    .replace(/^(\.\/|\/)+/, '')
    .replace(/\/$/, '');
}

function isZeroBlock(header: Buffer): boolean {
  return header.every((byte) => byte === 0);
}

export async function indexTar(path: string): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  const links = new Map<string, string>();
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const header = Buffer.alloc(BLOCK);
    let position = 0;
    let longName: string | undefined;
    let pax: Record<string, string> = {};
    while (position + BLOCK <= fileSize) {
      await handle.read(header, 0, BLOCK, position);
      if (isZeroBlock(header)) break;
      if (field(header, 257, 5) !== 'ustar' && !/^[0-7 \0]+$/.test(header.subarray(148, 156).toString('latin1'))) {
        throw new Error(`${path} is not a tar archive (bad header at byte ${position}).`);
      }
      const type = String.fromCharCode(header[156] || 0x30);
      const dataOffset = position + BLOCK;
      let size = numberField(header, 124, 12);
      if (pax.size !== undefined) size = Number(pax.size);
      const readData = async () => {
        const data = Buffer.alloc(size);
        await handle.read(data, 0, size, dataOffset);
        return data;
      };
      if (type === 'x') {
        pax = paxRecords(await readData());
      } else if (type === 'L') {
        longName = (await readData()).toString('utf8').replace(/\0+$/, '');
      } else if (type !== 'g') {
        const prefix = field(header, 345, 155);
        const shortName = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
        const name = normalizeEntryName(pax.path ?? longName ?? shortName);
        const linkName = pax.linkpath ?? field(header, 157, 100);
        if (type === '0' || type === '7') entries.set(name, { offset: dataOffset, size });
        else if (type === '1') links.set(name, normalizeEntryName(linkName));
        // Older `docker save` writes repeated layers as symlinks relative to the link's own folder.
        else if (type === '2') links.set(name, normalizeEntryName(posix.join(posix.dirname(name), linkName)));
        pax = {};
        longName = undefined;
      }
      position = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await handle.close();
  }
  for (const [name, target] of links) {
    let resolved: string | undefined = target;
    for (let hops = 0; resolved !== undefined && !entries.has(resolved) && hops < 16; hops++) {
      resolved = links.get(resolved);
    }
    const entry = resolved === undefined ? undefined : entries.get(resolved);
    if (entry) entries.set(name, entry);
  }
  return entries;
}
