/** The push of oci, oci-archive and docker-archive sources straight to the registry API, without a daemon. */
import { stat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveStore, directoryStore, type SourceStore } from './blob-store.js';
import { BlobUpload } from './blob-upload.js';
import { planFromDockerArchive } from './docker-archive.js';
import type { RegistryCredentials } from './ecr-repository.js';
import { planFromLayout } from './oci-layout.js';
import { mapLimit, type ManifestToPush, type PushPlan } from './plan.js';
import { blobLine, newTally, summaryLine, type PushTally } from './progress.js';
import { RegistryClient } from './registry-client.js';
import { checkTags, putTag } from './tags.js';
import type { ImageSource } from '../inputs/image-source.js';
import * as workflow from '../workflow.js';

export type ArchiveSource = Exclude<ImageSource, { kind: 'docker-daemon' }>;

export interface DaemonlessPushOptions {
  source: ArchiveSource;
  repository: string;
  /** At least one: the inputs layer guarantees it. */
  tags: readonly [string, ...string[]];
  credentials: RegistryCredentials;
  concurrency: number;
  /** PATCH size for large blobs (default 128 MiB: few requests, and a resume point every 128 MiB). */
  chunkSize?: number;
  /** Blobs up to this size go in one PUT (default 8 MiB). */
  monolithicMax?: number;
  /** Attempts of each registry request (default 5). */
  attempts?: number;
  retryDelayMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Whether the repository refuses to move a tag (ECR IMMUTABLE*); unknown means "ask the registry by pushing". */
  tagIsImmutable?: (tag: string) => boolean;
}

export interface DaemonlessPushResult {
  digest: string;
  tally: PushTally;
  requests: number;
  retries: number;
}

/** Repositories of each registry known (within this run) to hold a blob: the source of cross-repository mounts. */
const knownBlobs = new Map<string, Map<string, string>>();

function blobsOf(registry: string): Map<string, string> {
  let blobs = knownBlobs.get(registry);
  if (!blobs) knownBlobs.set(registry, (blobs = new Map()));
  return blobs;
}

async function openSource(source: ArchiveSource, tempDir: string): Promise<SourceStore> {
  if (source.kind !== 'oci') return archiveStore(source.path, tempDir);
  const info = await stat(source.path).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`OCI layout directory ${source.path} does not exist.`);
  return directoryStore(source.path);
}

async function makePlan(options: DaemonlessPushOptions, store: SourceStore, tempDir: string): Promise<PushPlan> {
  const { source } = options;
  if (source.kind === 'docker-archive') {
    return planFromDockerArchive(store, { tempDir, concurrency: options.concurrency });
  }
  return planFromLayout(store, source.reference);
}

async function putManifest(
  client: RegistryClient,
  options: { repository: string; manifest: ManifestToPush; reference: string },
) {
  const { repository, manifest, reference } = options;
  const response = await client.request({
    method: 'PUT',
    url: `/v2/${repository}/manifests/${reference}`,
    headers: { 'content-type': manifest.mediaType },
    body: manifest.bytes,
    expect: [201],
    repository,
  });
  const answered = response.headers['docker-content-digest'];
  if (typeof answered === 'string' && answered !== '' && answered !== manifest.digest) {
    throw new Error(`Registry stored manifest ${reference} as ${answered}, expected ${manifest.digest}.`);
  }
}

async function uploadBlobs(client: RegistryClient, plan: PushPlan, options: DaemonlessPushOptions): Promise<PushTally> {
  const tally = newTally();
  const known = blobsOf(client.registry);
  const { repository } = options;
  await mapLimit(plan.blobs, options.concurrency, async (blob, signal) => {
    const started = performance.now();
    const result = await new BlobUpload(blob, {
      client,
      repository,
      chunkSize: options.chunkSize ?? 128 * 1024 * 1024,
      monolithicMax: options.monolithicMax ?? 8 * 1024 * 1024,
      attempts: options.attempts ?? 5,
      mountFrom: known.get(blob.digest),
      signal,
    }).run();
    known.set(blob.digest, repository);
    tally.counts[result.outcome]++;
    tally.bytesUploaded += result.bytesSent;
    tally.retries += result.retries;
    workflow.info(blobLine(blob, result, (performance.now() - started) / 1000));
  });
  return tally;
}

export async function pushDaemonless(options: DaemonlessPushOptions): Promise<DaemonlessPushResult> {
  const started = performance.now();
  const tempDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'push-'));
  const client = new RegistryClient({
    ...options.credentials,
    maxSockets: options.concurrency + 2,
    attempts: options.attempts,
    retryDelayMs: options.retryDelayMs,
    env: options.env,
  });
  let store: SourceStore | undefined;
  try {
    store = await openSource(options.source, tempDir);
    const plan = await makePlan(options, store, tempDir);
    // Checks the credentials once, before any upload, so a bad password fails with one clear message.
    await client.request({ method: 'GET', url: '/v2/', expect: [200] });
    const target = `${client.registry}/${options.repository}`;
    const image = plan.manifests[plan.manifests.length - 1];
    // Before any upload: a tag already on this image needs no PUT (ECR refuses even that on an immutable tag), and an
    // immutable tag on another image fails the push here.
    const tagsToPut = await checkTags(client, { ...options, digest: image.digest });
    workflow.startGroup(`Pushing ${plan.blobs.length} blobs to ${target}`);
    let tally: PushTally;
    try {
      tally = await uploadBlobs(client, plan, options);
    } finally {
      workflow.endGroup();
    }
    for (const manifest of plan.manifests.slice(0, -1)) {
      await putManifest(client, { repository: options.repository, manifest, reference: manifest.digest });
    }
    for (const reference of tagsToPut) {
      await putTag(client, { repository: options.repository, digest: image.digest, tag: reference }, () =>
        putManifest(client, { repository: options.repository, manifest: image, reference }),
      );
    }
    workflow.info(`Pushed ${target}@${image.digest}: ${summaryLine(tally, (performance.now() - started) / 1000)}.`);
    const retries = client.stats.retries + tally.retries;
    return { digest: image.digest, tally, requests: client.stats.requests, retries };
  } finally {
    client.close();
    await store?.close();
    await rm(tempDir, { recursive: true, force: true });
  }
}
