/**
 * Puts one blob into a repository: skip it when the registry has it, mount it from another repository of the same
 * registry when possible, else upload it from disk in chunks, resuming after a failed request from the offset the
 * registry reports. The sha256 of what is read for sending is checked against the digest before the upload commits.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { BlobToPush } from './plan.js';
import { delay, isRetryable, RegistryError, type BodyWriter, type RegistryClient } from './registry-client.js';

/** Read size; two buffers of it per upload in flight are all the memory a blob upload takes. */
const BUFFER_SIZE = 1024 * 1024;

function write(sink: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => sink.write(chunk, (error) => (error ? reject(error) : resolve())));
}

export interface BlobUploadOptions {
  client: RegistryClient;
  repository: string;
  /** PATCH size for large blobs. */
  chunkSize: number;
  /** A blob (or a remaining tail) up to this size goes in the closing PUT. */
  monolithicMax: number;
  /** Attempts of each upload request. */
  attempts: number;
  /** Another repository of the registry known to hold the blob. */
  mountFrom?: string;
}

export type BlobOutcome = 'skipped' | 'mounted' | 'uploaded';

export interface BlobResult {
  outcome: BlobOutcome;
  bytesSent: number;
  retries: number;
}

/** Hashes each byte once, in order, however often a range is re-sent after a failure. */
class StreamingDigest {
  private readonly hash: Hash = createHash('sha256');
  hashedUpTo = 0;
  private readonly blob: BlobToPush;

  constructor(blob: BlobToPush) {
    this.blob = blob;
  }

  /**
   * Writes bytes [start, end) of the blob, feeding the hash, and fails before the last byte goes out when the content
   * does not give the digest. Two reused buffers: one is being read while the other is written, so memory stays
   * constant (fresh buffers per read would let garbage grow by tens of MB before the GC runs).
   */
  writer(start: number, end: number): BodyWriter {
    return async (sink) => {
      const { file } = this.blob;
      const handle = await open(file.path, 'r');
      try {
        const buffers = [Buffer.allocUnsafe(BUFFER_SIZE), Buffer.allocUnsafe(BUFFER_SIZE)];
        let pending: Promise<void> = Promise.resolve();
        for (let position = start, turn = 0; position < end; turn++) {
          const buffer = buffers[turn % 2];
          const length = Math.min(BUFFER_SIZE, end - position);
          const { bytesRead } = await handle.read(buffer, 0, length, file.offset + position);
          if (bytesRead === 0) throw new Error(`${file.label} ended ${end - position} bytes early.`);
          const chunk = buffer.subarray(0, bytesRead);
          this.update(chunk, position);
          position += bytesRead;
          await pending;
          pending = write(sink, chunk);
        }
        await pending;
      } finally {
        await handle.close();
      }
    };
  }

  private update(chunk: Buffer, position: number): void {
    const fresh = position + chunk.length - this.hashedUpTo;
    if (fresh > 0) {
      this.hash.update(chunk.subarray(chunk.length - fresh));
      this.hashedUpTo += fresh;
    }
    if (position + chunk.length === this.blob.size) {
      const actual = `sha256:${this.hash.copy().digest('hex')}`;
      if (actual !== this.blob.digest) {
        throw new Error(`Digest mismatch: ${this.blob.file.label} has ${actual}, expected ${this.blob.digest}.`);
      }
    }
  }
}

function blobUrl(repository: string, digest: string): string {
  return `/v2/${repository}/blobs/${digest}`;
}

function location(response: { headers: Record<string, unknown> }, fallback?: string): string {
  const value = response.headers.location;
  if (typeof value === 'string' && value !== '') return value;
  if (fallback) return fallback;
  throw new Error('The registry started an upload without a Location header.');
}

/** Offset after the last byte the registry holds, from `Range: 0-<last>`. */
export function offsetFromRange(range: unknown): number {
  const match = typeof range === 'string' ? /^(?:bytes=)?0-(\d+)$/.exec(range) : null;
  if (!match) return 0;
  const last = Number(match[1]);
  // `0-0` means both "nothing" and "one byte"; restarting from 0 is right for the first and rejected (416) for the
  // second, which then starts over.
  return last === 0 ? 0 : last + 1;
}

export class BlobUpload {
  private readonly blob: BlobToPush;
  private readonly options: BlobUploadOptions;
  private readonly digest: StreamingDigest;
  private url = '';
  private offset = 0;
  private bytesSent = 0;
  private retries = 0;

  constructor(blob: BlobToPush, options: BlobUploadOptions) {
    this.blob = blob;
    this.options = options;
    this.digest = new StreamingDigest(blob);
  }

  async run(): Promise<BlobResult> {
    if (await this.exists()) return this.result('skipped');
    if (await this.start(this.options.mountFrom)) return this.result('mounted');
    // Attempts count per request: progress since the last failure gives the next request a fresh allowance.
    for (let failures = 0, lastFailureAt = -1; ;) {
      try {
        await this.send();
        return this.result('uploaded');
      } catch (error) {
        failures = this.offset > lastFailureAt ? 1 : failures + 1;
        lastFailureAt = this.offset;
        if (failures >= this.options.attempts || !isRetryable(error)) throw error;
        this.retries++;
        await delay(this.options.client.retryDelay(failures, error));
        if (await this.exists()) return this.result('uploaded');
        await this.resume();
      }
    }
  }

  private result(outcome: BlobOutcome): BlobResult {
    return { outcome, bytesSent: this.bytesSent, retries: this.retries };
  }

  private async exists(): Promise<boolean> {
    const { client, repository } = this.options;
    const response = await client.request({
      method: 'HEAD',
      url: blobUrl(repository, this.blob.digest),
      expect: [200, 404],
      repository,
    });
    return response.status === 200;
  }

  /** Opens an upload session; true when a cross-repository mount made it unnecessary. */
  private async start(mountFrom?: string): Promise<boolean> {
    const { client, repository } = this.options;
    const query = mountFrom && mountFrom !== repository ? `?mount=${this.blob.digest}&from=${mountFrom}` : '';
    const response = await client.request({
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/${query}`,
      expect: [201, 202],
      repository,
    });
    if (response.status === 201) return true;
    this.url = location(response);
    this.offset = 0;
    return false;
  }

  /** Asks the registry how much of the upload it holds; starts over if it lost the session. */
  private async resume(): Promise<void> {
    try {
      const { client, repository } = this.options;
      const status = await client.request({ method: 'GET', url: this.url, expect: [204], repository });
      this.url = location(status, this.url);
      this.offset = offsetFromRange(status.headers.range);
    } catch (error) {
      if (!(error instanceof RegistryError) || error.status >= 500) throw error;
      await this.start();
    }
  }

  private async send(): Promise<void> {
    const { client, chunkSize, monolithicMax } = this.options;
    while (this.blob.size - this.offset > monolithicMax) {
      const end = Math.min(this.offset + chunkSize, this.blob.size);
      const response = await this.transfer({ method: 'PATCH', end, expect: [202] });
      this.url = location(response, this.url);
      this.offset = response.headers.range ? Math.max(offsetFromRange(response.headers.range), end) : end;
    }
    const closing = new URL(this.url, client.endpoint);
    closing.searchParams.set('digest', this.blob.digest);
    this.url = closing.href;
    await this.transfer({ method: 'PUT', end: this.blob.size, expect: [201] });
  }

  private async transfer(request: { method: string; end: number; expect: number[] }) {
    const { client, repository } = this.options;
    const start = this.offset;
    const length = request.end - start;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (request.method === 'PATCH') headers['content-range'] = `${start}-${request.end - 1}`;
    try {
      const response = await client.request({
        method: request.method,
        url: this.url,
        headers,
        body: this.digest.writer(start, request.end),
        contentLength: length,
        expect: request.expect,
        repository,
      });
      this.bytesSent += length;
      return response;
    } catch (error) {
      // The registry refused the range: its view of the upload differs from ours, so start a fresh session.
      if (error instanceof RegistryError && error.status === 416) {
        await this.start();
        throw Object.assign(new RegistryError(error.message, 503), { cause: error });
      }
      throw error;
    }
  }
}
