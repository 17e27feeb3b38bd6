/**
 * Puts one blob into a repository: skip it when the registry has it, mount it from another repository of the same
 * registry when possible, else upload it from disk in chunks, resuming after a failed request from the offset the
 * registry reports. The digest of what is read for sending is checked before the upload commits.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { BlobToPush } from './plan.js';
import {
  ANY_2XX,
  delay,
  isRetryable,
  RegistryError,
  type BodyWriter,
  type RegistryClient,
  type RegistryResponse,
} from './registry-client.js';
import { resolveLocation, withDigest } from './registry-url.js';

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
  /** Stops the upload between and during requests (another blob of the push failed). */
  signal?: AbortSignal;
}

export type BlobOutcome = 'skipped' | 'mounted' | 'uploaded';

export interface BlobResult {
  outcome: BlobOutcome;
  bytesSent: number;
  retries: number;
}

/** Hashes each byte once, in order, however often a range is re-sent after a failure. */
class StreamingDigest {
  private readonly hash: Hash;
  private readonly algorithm: string;
  hashedUpTo = 0;
  private readonly blob: BlobToPush;

  constructor(blob: BlobToPush) {
    this.blob = blob;
    // By the digest's own algorithm: a sha512 blob checked with sha256 would always "mismatch".
    this.algorithm = blob.digest.slice(0, blob.digest.indexOf(':'));
    this.hash = createHash(this.algorithm);
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
      const actual = `${this.algorithm}:${this.hash.copy().digest('hex')}`;
      if (actual !== this.blob.digest) {
        throw new Error(`Digest mismatch: ${this.blob.file.label} has ${actual}, expected ${this.blob.digest}.`);
      }
    }
  }
}

function blobUrl(repository: string, digest: string): string {
  return `/v2/${repository}/blobs/${digest}`;
}

/** The upload URL a response names, resolved against the URL of the request it answers. */
function location(response: RegistryResponse, requestUrl: string, required = true): string {
  const value = response.headers.location;
  if (typeof value === 'string' && value !== '') return resolveLocation(value, requestUrl);
  if (!required) return requestUrl;
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
  /** Where the next request starts. */
  private offset = 0;
  /**
   * Bytes the registry acknowledged with a 2xx in this session. Its `Range` header is only a lower bound: ECR's stops
   * advancing after the first chunk, and resuming from it would re-send (and be refused) what it already holds.
   */
  private acknowledged = 0;
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
        await delay(this.options.client.retryDelay(failures, error), this.options.signal);
        if (await this.exists()) return this.result('uploaded');
        await this.resume();
      }
    }
  }

  private result(outcome: BlobOutcome): BlobResult {
    return { outcome, bytesSent: this.bytesSent, retries: this.retries };
  }

  private async exists(): Promise<boolean> {
    const { client, repository, signal } = this.options;
    const url = blobUrl(repository, this.blob.digest);
    const response = await client.request({ method: 'HEAD', url, expect: [200, 404], repository, signal });
    return response.status === 200;
  }

  /** Opens an upload session; true when a cross-repository mount made it unnecessary. */
  private async start(mountFrom?: string): Promise<boolean> {
    const { client, repository, signal } = this.options;
    const query = mountFrom && mountFrom !== repository ? `?mount=${this.blob.digest}&from=${mountFrom}` : '';
    const url = new URL(`/v2/${repository}/blobs/uploads/${query}`, client.endpoint).href;
    const response = await client.request({ method: 'POST', url, expect: [201, 202], repository, signal });
    if (response.status === 201) return true;
    this.url = location(response, url);
    this.offset = 0;
    this.acknowledged = 0;
    return false;
  }

  /** Asks the registry how much of the upload it holds; starts over if it lost the session. */
  private async resume(): Promise<void> {
    try {
      const { client, repository, signal } = this.options;
      const status = await client.request({ method: 'GET', url: this.url, expect: [204], repository, signal });
      this.url = location(status, this.url, false);
      // Bytes of a cut-off request may have landed (more than acknowledged); a frozen Range may say less.
      this.offset = Math.max(offsetFromRange(status.headers.range), this.acknowledged);
    } catch (error) {
      if (!(error instanceof RegistryError) || error.status >= 500) throw error;
      await this.start();
    }
  }

  private async send(): Promise<void> {
    const { chunkSize, monolithicMax } = this.options;
    while (this.blob.size - this.offset > monolithicMax) {
      const end = Math.min(this.offset + chunkSize, this.blob.size);
      const response = await this.transfer({ method: 'PATCH', url: this.url, end, expect: ANY_2XX });
      this.url = location(response, this.url, false);
      this.offset = this.acknowledged = end;
    }
    await this.transfer({
      method: 'PUT',
      url: withDigest(this.url, this.blob.digest),
      end: this.blob.size,
      expect: [201],
    });
  }

  private async transfer(request: { method: string; url: string; end: number; expect: number[] }) {
    const { client, repository, signal } = this.options;
    const start = this.offset;
    const length = request.end - start;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (request.method === 'PATCH') headers['content-range'] = `${start}-${request.end - 1}`;
    try {
      const response = await client.request({
        method: request.method,
        url: request.url,
        headers,
        body: this.digest.writer(start, request.end),
        contentLength: length,
        expect: request.expect,
        repository,
        signal,
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
