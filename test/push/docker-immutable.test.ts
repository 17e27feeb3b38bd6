/**
 * The docker-CLI push path against a repository with IMMUTABLE tags, driven for real: the docker CLI talks to
 * `podman system service`, which pushes to a real registry behind the tag guard (tools/registry/tag-guard.ts) that
 * refuses moving an existing immutable tag with ECR's TAG_INVALID wording. Only the ECR API is mocked, and its
 * DescribeImages / BatchGetImage answers are read from the registry at call time, so they say what ECR would say.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  type ImageTagMutability,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { mockWorkflow } from './support/workflow-mock.ts';
import { captureOutput } from './support/output-capture.ts';
import { buildScratchImage, startPodman, type Podman } from './support/podman.ts';
import { pushConfig as parsedPushConfig } from './support/push-config.ts';

const log = mockWorkflow();
const { pushImage } = await import('../../src/core/push/index.ts');

const IMMUTABLE_REPO = 'frozen';
const MUTABLE_REPO = 'loose';

let registry: TestRegistry;
let podman: Podman;

beforeAll(async () => {
  registry = await startRegistry({ immutableTags: true });
  // The guard refuses moving a tag only in the repository that is IMMUTABLE in (mocked) ECR.
  (registry.tagGuard as NonNullable<TestRegistry['tagGuard']>).isImmutable = (repository) =>
    repository === IMMUTABLE_REPO;
  podman = await startPodman(registry.host);
});

afterAll(async () => {
  await podman?.stop();
  await registry?.stop();
});

interface StoredManifest {
  digest: string;
  body: string;
  mediaType: string;
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/** What the registry holds under `repository:tag` right now (straight at the registry, past the guard). */
function readManifest(repository: string, tag: string): Promise<StoredManifest | undefined> {
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port: registry.port,
        path: `/v2/${repository}/manifests/${tag}`,
        headers: { authorization: `Basic ${auth}`, accept: MANIFEST_ACCEPT },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 404) return resolve(undefined);
          if (response.statusCode !== 200) return reject(new Error(`GET manifest: HTTP ${response.statusCode}`));
          const bytes = Buffer.concat(chunks);
          const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
          // The registry's own digest header must agree with the bytes, or the answers below would be made up.
          if (response.headers['docker-content-digest'] !== digest) {
            return reject(new Error(`registry digest ${response.headers['docker-content-digest']} != ${digest}`));
          }
          resolve({ digest, body: bytes.toString('utf8'), mediaType: String(response.headers['content-type']) });
        });
      },
    );
    request.once('error', reject);
  });
}

async function storedOrFail(repository: string, tag: string): Promise<StoredManifest> {
  const stored = await readManifest(repository, tag);
  if (!stored) throw new Error(`the registry holds no ${repository}:${tag}`);
  return stored;
}

/** An ECR whose image answers come from the registry, as ECR's come from its own storage. */
function ecrFor(repository: string, mutability: ImageTagMutability) {
  const ecr = mockClient(ECRClient);
  ecr.on(DescribeRepositoriesCommand).resolves({
    repositories: [
      { repositoryName: repository, repositoryUri: `${registry.host}/${repository}`, imageTagMutability: mutability },
    ],
  });
  ecr.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [
      {
        authorizationToken: Buffer.from(`${registry.username}:${registry.password}`).toString('base64'),
        proxyEndpoint: `http://${registry.host}`,
      },
    ],
  });
  const lookUp = async (input: { repositoryName?: string; imageIds?: { imageTag?: string }[] }) => {
    const tag = input.imageIds?.[0]?.imageTag;
    if (input.repositoryName !== repository || !tag)
      throw new Error(`unexpected ECR image query ${JSON.stringify(input)}`);
    return { tag, stored: await readManifest(repository, tag) };
  };
  ecr.on(DescribeImagesCommand).callsFake(async (input) => {
    const { tag, stored } = await lookUp(input);
    if (!stored) {
      throw new ImageNotFoundException({ message: `tag ${tag} not found`, $metadata: {} });
    }
    return {
      imageDetails: [
        {
          repositoryName: repository,
          imageDigest: stored.digest,
          imageTags: [tag],
          imageManifestMediaType: stored.mediaType,
        },
      ],
    };
  });
  ecr.on(BatchGetImageCommand).callsFake(async (input) => {
    const { tag, stored } = await lookUp(input);
    if (!stored) return { images: [], failures: [{ imageId: { imageTag: tag }, failureCode: 'ImageNotFound' }] };
    return {
      images: [
        {
          repositoryName: repository,
          imageId: { imageDigest: stored.digest, imageTag: tag },
          imageManifest: stored.body,
          imageManifestMediaType: stored.mediaType,
        },
      ],
      failures: [],
    };
  });
  return ecr;
}

const pushConfig = (repository: string, source: string, tags: [string, ...string[]]) =>
  parsedPushConfig({ source, repository, tags, createRepository: false, concurrency: 4 });

/** A fresh FROM-scratch image under `name`; returns the local image ID as the docker CLI reports it. */
function buildImage(name: string): string {
  buildScratchImage(podman, name, `${name} ${randomBytes(8).toString('hex')}`);
  return podman.docker(['image', 'inspect', '--format', '{{.Id}}', name]).trim();
}

async function push(ecr: ReturnType<typeof ecrFor>, repository: string, image: string, tags: [string, ...string[]]) {
  const output = captureOutput();
  try {
    const result = await pushImage(pushConfig(repository, `docker-daemon:${image}`, tags), {
      ecr: ecr as unknown as ECRClient,
      env: podman.env,
    });
    return { result, printed: output.text() };
  } finally {
    output.restore();
  }
}

const newTag = () => `v-${randomBytes(4).toString('hex')}`;

describe('docker path, immutable ECR tags, real daemon (podman) and registry behind the tag guard', () => {
  it('pushes image A under an immutable tag, and again on a re-run: success with the same digest', async () => {
    const tag = newTag();
    const imageA = buildImage('case1-a:build');
    const ecr = ecrFor(IMMUTABLE_REPO, 'IMMUTABLE');
    try {
      const first = await push(ecr, IMMUTABLE_REPO, 'case1-a:build', [tag]);
      const stored = await storedOrFail(IMMUTABLE_REPO, tag);
      expect(first.result.digest).toBe(stored.digest);
      expect(first.result.imageUri).toBe(`${registry.host}/${IMMUTABLE_REPO}@${stored.digest}`);
      // The tag was new: no refusal, so ECR was not asked about images.
      expect(ecr.commandCalls(DescribeImagesCommand)).toHaveLength(0);
      // The local ID is what ECR names as this image: the config digest of the manifest pushed.
      expect((JSON.parse(stored.body) as { config: { digest: string } }).config.digest).toBe(imageA);

      log.lines.length = 0;
      const again = await push(ecr, IMMUTABLE_REPO, 'case1-a:build', [tag]);
      // The registry really refused the manifest PUT (ECR's wording reached the real CLI's output) ...
      expect(again.printed).toMatch(/already exists in the 'frozen' repository and cannot be overwritten/);
      // ... and the handler asked ECR which image the tag names, then took the same image as success.
      expect(ecr.commandCalls(DescribeImagesCommand, { repositoryName: IMMUTABLE_REPO })).toHaveLength(1);
      expect(ecr.commandCalls(BatchGetImageCommand, { repositoryName: IMMUTABLE_REPO })).toHaveLength(1);
      expect(again.result.digest).toBe(stored.digest);
      expect(again.result.imageUri).toBe(`${registry.host}/${IMMUTABLE_REPO}@${stored.digest}`);
      expect(log.lines).toContain(
        `Tag ${tag} is immutable and already names this image (${stored.digest}): left as it is.`,
      );
      expect((await storedOrFail(IMMUTABLE_REPO, tag)).digest).toBe(stored.digest);

      // A re-run that adds a tag: the refused one is left alone, the new one is pushed, and both give one digest.
      const added = newTag();
      const widened = await push(ecr, IMMUTABLE_REPO, 'case1-a:build', [tag, added]);
      expect(widened.result.digest).toBe(stored.digest);
      expect(widened.result.tags).toEqual([tag, added]);
      expect((await storedOrFail(IMMUTABLE_REPO, added)).digest).toBe(stored.digest);
      expect(ecr.commandCalls(DescribeImagesCommand, { repositoryName: IMMUTABLE_REPO })).toHaveLength(2);
    } finally {
      ecr.restore();
    }
  });

  it('refuses a different image B under the same immutable tag, naming the tag, ECR digest and local ID', async () => {
    const tag = newTag();
    const imageA = buildImage('case2-a:build');
    const imageB = buildImage('case2-b:build');
    expect(imageB).not.toBe(imageA);
    const ecr = ecrFor(IMMUTABLE_REPO, 'IMMUTABLE');
    try {
      await push(ecr, IMMUTABLE_REPO, 'case2-a:build', [tag]);
      const digestA = (await storedOrFail(IMMUTABLE_REPO, tag)).digest;
      const attempt = push(ecr, IMMUTABLE_REPO, 'case2-b:build', [tag]);
      await expect(attempt).rejects.toThrow(
        `Tag ${tag} of ${registry.host}/${IMMUTABLE_REPO} is immutable and already names image ${digestA}, but ` +
          `this image is ${imageB} (the local image's ID).`,
      );
      expect(ecr.commandCalls(DescribeImagesCommand, { repositoryName: IMMUTABLE_REPO })).toHaveLength(1);
      expect(ecr.commandCalls(BatchGetImageCommand, { repositoryName: IMMUTABLE_REPO })).toHaveLength(1);
      // Nothing moved: the tag still names image A.
      expect((await storedOrFail(IMMUTABLE_REPO, tag)).digest).toBe(digestA);
    } finally {
      ecr.restore();
    }
  });

  it('leaves a mutable repository alone: the tag moves to image B without asking ECR about images', async () => {
    const tag = newTag();
    buildImage('case3-a:build');
    buildImage('case3-b:build');
    const ecr = ecrFor(MUTABLE_REPO, 'MUTABLE');
    try {
      const first = await push(ecr, MUTABLE_REPO, 'case3-a:build', [tag]);
      expect(first.result.digest).toBe((await storedOrFail(MUTABLE_REPO, tag)).digest);
      const second = await push(ecr, MUTABLE_REPO, 'case3-b:build', [tag]);
      const stored = await storedOrFail(MUTABLE_REPO, tag);
      expect(second.result.digest).toBe(stored.digest);
      expect(second.result.digest).not.toBe(first.result.digest);
      expect(second.printed).not.toMatch(/cannot be overwritten|TAG_INVALID/i);
      expect(ecr.commandCalls(DescribeImagesCommand)).toHaveLength(0);
      expect(ecr.commandCalls(BatchGetImageCommand)).toHaveLength(0);
    } finally {
      ecr.restore();
    }
  });
});
