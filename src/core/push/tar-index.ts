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
/** Pax records and GNU long names are a few hundred bytes; more is a damaged or hostile archive, not a real one. */
const MAX_METADATA = 1024 * 1024;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** A size field; NaN for anything that is not a size (negative, base-256 negative, not octal). */
function numberField(header: Buffer, start: number, length: number): number {
  // GNU base-256 for sizes of 8 GiB and more: high bit set, big-endian value in the remaining bytes. 0xff first is
  // the negative form, which no file has.
  if (header[start] & 0x80) {
    if (header[start] === 0xff) return NaN;
    let value = header[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + header[i];
    return value;
  }
  const text = field(header, start, length).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

/**
 * The data size of the header at `position`, checked: a whole number, within the file, and small for metadata. A
 * negative size once sent the reader back to the same header forever; a huge one crashed Node in Buffer.alloc.
 */
function checkedSize(size: number, at: { path: string; position: number; fileSize: number; metadata: boolean }) {
  const where = `${at.path}: the tar header at byte ${at.position}`;
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`${where} has an invalid size; the archive is damaged.`);
  if (at.position + BLOCK + size > at.fileSize) {
    throw new Error(`${where} says ${size} bytes, past the end of the file; the archive is truncated or damaged.`);
  }
  if (at.metadata && size > MAX_METADATA) {
    throw new Error(`${where} holds ${size} bytes of pax or long-name data (at most ${MAX_METADATA}); refused.`);
  }
  return size;
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
      const paxSize = pax.size === undefined ? undefined : /^\d+$/.test(pax.size) ? Number(pax.size) : NaN;
      const size = checkedSize(paxSize ?? numberField(header, 124, 12), {
        path,
        position,
        fileSize,
        metadata: type === 'x' || type === 'g' || type === 'L' || type === 'K',
      });
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
      const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
      // Sizes are checked above, so this cannot fail; it stays as the guarantee that the walk ends.
      if (next <= position) throw new Error(`${path}: the tar walk did not advance at byte ${position}.`);
      position = next;
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
