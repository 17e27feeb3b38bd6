/**
 * Tags and ECR's immutable tags. ECR refuses a manifest PUT under an immutable tag that exists, even when the tag
 * already names the very same image, so a re-run of the same workflow would fail. The tags are looked up first: one
 * already on the image is left alone, one on another image of an immutable tag is a clear error before any upload.
 */
import { MEDIA_TYPES } from './plan.js';
import { RegistryError, type RegistryClient } from './registry-client.js';
import * as workflow from '../workflow.js';

const ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerList];

/** The digest `tag` names in the repository now; undefined when the tag does not exist. */
export async function tagDigest(
  client: RegistryClient,
  where: { repository: string; tag: string },
): Promise<string | undefined> {
  const { repository, tag } = where;
  const response = await client.request({
    method: 'HEAD',
    url: `/v2/${repository}/manifests/${tag}`,
    headers: { accept: ACCEPT.join(', ') },
    expect: [200, 404],
    repository,
  });
  const digest = response.headers['docker-content-digest'];
  return response.status === 200 && typeof digest === 'string' && digest !== '' ? digest : undefined;
}

export function immutableTagError(where: { target: string; tag: string; existing: string; digest: string }): Error {
  return new Error(
    `Tag ${where.tag} of ${where.target} is immutable and already names image ${where.existing}, but this image is ` +
      `${where.digest}. No tag was moved and no service was changed. Push under a new tag (image-tags), or ` +
      'remove the old image from the repository if it really must be replaced.',
  );
}

/** The tags that still need a manifest PUT; throws when an immutable tag names another image. */
export async function checkTags(
  client: RegistryClient,
  options: { repository: string; tags: readonly string[]; digest: string; tagIsImmutable?: (tag: string) => boolean },
): Promise<string[]> {
  const target = `${client.registry}/${options.repository}`;
  const toPut: string[] = [];
  for (const tag of options.tags) {
    const existing = await tagDigest(client, { repository: options.repository, tag });
    if (existing === options.digest) {
      workflow.info(`Tag ${tag} of ${target} already names ${options.digest}: left as it is.`);
    } else if (existing !== undefined && options.tagIsImmutable?.(tag)) {
      throw immutableTagError({ target, tag, existing, digest: options.digest });
    } else {
      toPut.push(tag);
    }
  }
  return toPut;
}

/** ECR's answer to a PUT under an immutable tag that exists (`TAG_INVALID: The image tag '…' already exists …`). */
export function isImmutableTagRefusal(error: unknown): boolean {
  return (
    error instanceof RegistryError &&
    (error.code === 'TAG_INVALID' || /already exists .*cannot be overwritten/i.test(error.message))
  );
}

/**
 * Runs the PUT of `tag`; when the registry refuses it as an immutable tag (someone tagged in between, or the setting
 * was not known), the tag's digest decides: the same image is success, another one the clear error.
 */
export async function putTag(
  client: RegistryClient,
  where: { repository: string; tag: string; digest: string },
  put: () => Promise<void>,
): Promise<void> {
  try {
    await put();
  } catch (error) {
    if (!isImmutableTagRefusal(error)) throw error;
    const existing = await tagDigest(client, where);
    if (existing === where.digest) return;
    const target = `${client.registry}/${where.repository}`;
    throw immutableTagError({
      target,
      tag: where.tag,
      existing: existing ?? 'an image it could not read',
      digest: where.digest,
    });
  }
}
