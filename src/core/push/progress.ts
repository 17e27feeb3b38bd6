/** Human-readable progress lines of a push. */
import type { BlobOutcome, BlobResult } from './blob-upload.js';
import type { BlobToPush } from './plan.js';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

export function blobLine(blob: BlobToPush, result: BlobResult, seconds: number): string {
  const head = `${blob.role} ${shortDigest(blob.digest)} ${formatBytes(blob.size)}`;
  if (result.outcome !== 'uploaded') return `${head}: ${result.outcome}`;
  const rate = seconds > 0 ? `${formatBytes(result.bytesSent / seconds)}/s` : 'instant';
  const retries = result.retries > 0 ? `, ${result.retries} ${result.retries === 1 ? 'retry' : 'retries'}` : '';
  return `${head}: uploaded in ${seconds.toFixed(2)} s (${rate}${retries})`;
}

export interface PushTally {
  counts: Record<BlobOutcome, number>;
  bytesUploaded: number;
  /** Blob requests that were retried (after a 5xx, 429 or dropped connection). */
  retries: number;
}

export function newTally(): PushTally {
  return { counts: { skipped: 0, mounted: 0, uploaded: 0 }, bytesUploaded: 0, retries: 0 };
}

export function summaryLine(tally: PushTally, seconds: number): string {
  const { uploaded, mounted, skipped } = tally.counts;
  const rate = seconds > 0 && tally.bytesUploaded > 0 ? ` at ${formatBytes(tally.bytesUploaded / seconds)}/s` : '';
  const retries = tally.retries > 0 ? `, ${tally.retries} upload request(s) retried` : '';
  return (
    `${uploaded} blob(s) uploaded (${formatBytes(tally.bytesUploaded)}${rate}), ${mounted} mounted, ` +
    `${skipped} already present, in ${seconds.toFixed(1)} s${retries}`
  );
}
