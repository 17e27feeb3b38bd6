/**
 * The push of an image held by a docker daemon: `docker login --password-stdin` into a throw-away DOCKER_CONFIG (the
 * user's config and credential store are left alone), then `docker tag` and `docker push` for each tag.
 */
import * as exec from '@actions/exec';
import { BatchGetImageCommand, DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { RegistryCredentials } from './ecr-repository.js';
import { immutableTagError } from './tags.js';
import * as workflow from '../workflow.js';

export interface DockerPushOptions {
  /** The local image, e.g. `app:1.0`. */
  reference: string;
  repository: string;
  /** At least one: the inputs layer guarantees it. */
  tags: readonly [string, ...string[]];
  credentials: RegistryCredentials;
  env?: NodeJS.ProcessEnv;
  /** For a tag ECR refuses as immutable: which image it names (DescribeImages, BatchGetImage). */
  ecr?: ECRClient;
}

/** ECR's refusal of a push under an immutable tag that exists, as `docker push` prints it. */
const IMMUTABLE_REFUSAL = /tag invalid|TAG_INVALID|already exists in the .* repository and cannot be overwritten/i;

/** The image `tag` names in ECR: its digest, and its config digest (the image ID of a classic docker store). */
async function ecrTagImage(ecr: ECRClient, where: { repository: string; tag: string }) {
  const imageIds = [{ imageTag: where.tag }];
  const described = await ecr.send(new DescribeImagesCommand({ repositoryName: where.repository, imageIds }));
  const digest = described.imageDetails?.[0]?.imageDigest;
  // Named so that ECR answers the manifest as it stores it; left out, it may convert it, and its config digest with it.
  const acceptedMediaTypes = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
  ];
  const got = await ecr.send(
    new BatchGetImageCommand({ repositoryName: where.repository, imageIds, acceptedMediaTypes }),
  );
  let config: string | undefined;
  try {
    config = (JSON.parse(got.images?.[0]?.imageManifest ?? '{}') as { config?: { digest?: string } }).config?.digest;
  } catch {
    config = undefined;
  }
  return { digest, config };
}

/** `<tag>: digest: sha256:<hex> size: <n>`, the line `docker push` ends with. */
export function digestFromPushOutput(output: string): string | undefined {
  const matches = [...output.matchAll(/digest: (sha256:[a-f0-9]{64})/g)];
  return matches.length > 0 ? matches[matches.length - 1][1] : undefined;
}

/**
 * A fresh DOCKER_CONFIG that keeps the user's non-credential settings (current context, proxies) so that the same
 * daemon is used, but none of their stored credentials or helpers.
 */
async function temporaryDockerConfig(env: NodeJS.ProcessEnv): Promise<string> {
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'docker-config-'));
  const userDir = env.DOCKER_CONFIG || join(homedir(), '.docker');
  const settings: Record<string, unknown> = {};
  try {
    const user = JSON.parse(await readFile(join(userDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['currentContext', 'proxies']) if (key in user) settings[key] = user[key];
  } catch {
    // no readable user config: start from nothing
  }
  await writeFile(join(dir, 'config.json'), JSON.stringify(settings), { mode: 0o600 });
  if (existsSync(join(userDir, 'contexts'))) await symlink(join(userDir, 'contexts'), join(dir, 'contexts'));
  return dir;
}

/** The docker CLI on the PATH of `env` (exec would search the PATH of this process instead). */
export function findDocker(env: NodeJS.ProcessEnv): string {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'docker');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error('The docker CLI was not found on PATH; it is needed to push a `name:tag` or `docker-daemon:` image.');
}

async function docker(args: string[], options: { env: Record<string, string>; input?: Buffer }): Promise<string> {
  let output = '';
  const code = await exec.exec(findDocker(options.env), args, {
    env: options.env,
    input: options.input,
    ignoreReturnCode: true,
    listeners: {
      stdout: (data: Buffer) => (output += data.toString('utf8')),
      stderr: (data: Buffer) => (output += data.toString('utf8')),
    },
  });
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-5).join('\n');
    throw new Error(`docker ${args[0]} failed with exit code ${code}${tail ? `:\n${tail}` : ''}`);
  }
  return output;
}

/**
 * `docker push` of one tag. ECR refuses a push under an immutable tag that exists even when it names this very image
 * (a re-run of the same workflow): then the tag's image in ECR is compared with the local one (its ID is the config
 * digest, or the manifest digest with the containerd image store) and the same image counts as pushed.
 */
async function pushTag(
  options: DockerPushOptions & { target: string; tag: string; env: Record<string, string> },
): Promise<string> {
  const { target, tag, env } = options;
  let output: string;
  try {
    output = await docker(['push', target], { env });
  } catch (error) {
    if (!options.ecr || !IMMUTABLE_REFUSAL.test((error as Error).message)) throw error;
    const existing = await ecrTagImage(options.ecr, { repository: options.repository, tag });
    const local = (await docker(['image', 'inspect', '--format', '{{.Id}}', options.reference], { env })).trim();
    if (existing.digest && (local === existing.digest || local === existing.config)) {
      workflow.info(`Tag ${tag} is immutable and already names this image (${existing.digest}): left as it is.`);
      return existing.digest;
    }
    throw immutableTagError({
      target: `${options.credentials.registry}/${options.repository}`,
      tag,
      existing: existing.digest ?? 'an image ECR did not describe',
      digest: `${local} (the local image's ID)`,
    });
  }
  const digest = digestFromPushOutput(output);
  if (!digest) throw new Error(`docker push ${target} printed no digest.`);
  return digest;
}

export async function pushWithDocker(options: DockerPushOptions): Promise<string> {
  const baseEnv = options.env ?? process.env;
  const { registry, username, password } = options.credentials;
  const config = await temporaryDockerConfig(baseEnv);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) if (value !== undefined) env[key] = value;
  env.DOCKER_CONFIG = config;
  try {
    await docker(['login', '--username', username, '--password-stdin', registry], {
      env,
      input: Buffer.from(password),
    });
    const tags = options.tags;
    const digests = new Set<string>();
    workflow.startGroup(`docker push ${registry}/${options.repository} (${tags.join(', ')})`);
    try {
      for (const tag of tags) {
        const target = `${registry}/${options.repository}:${tag}`;
        await docker(['tag', options.reference, target], { env });
        const digest = await pushTag({ ...options, target, tag, env });
        digests.add(digest);
      }
    } finally {
      workflow.endGroup();
    }
    if (digests.size > 1)
      throw new Error(`docker push gave different digests for one image: ${[...digests].join(', ')}.`);
    const [digest] = digests;
    workflow.info(`Pushed ${registry}/${options.repository}@${digest} with docker (tags: ${tags.join(', ')}).`);
    return digest;
  } finally {
    await rm(config, { recursive: true, force: true });
  }
}
