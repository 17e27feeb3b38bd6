/** Image lookup for DescribeImages/BatchGetImage: images seeded into the emulator, then the attached registry. */
import type { EmulatorState, ImageRecord, RepositoryRecord } from '../state.ts';
import { fetchManifest, listTags, type RegistryImage } from './registry.ts';

export interface FoundImage extends ImageRecord {
  artifactMediaType?: string;
}

export interface ImageQuery {
  imageTag?: string;
  imageDigest?: string;
}

function fromRegistry(state: EmulatorState, image: RegistryImage, tags: string[]): FoundImage {
  if (!state.registrySeen.has(image.digest)) state.registrySeen.set(image.digest, Date.now());
  return { ...image, tags, pushedAt: state.registrySeen.get(image.digest) as number };
}

/** Every image of the repository, tags grouped by digest. */
export async function allImages(state: EmulatorState, repository: RepositoryRecord): Promise<FoundImage[]> {
  const images = new Map<string, FoundImage>(
    repository.images.map((image) => [image.digest, { ...image, tags: [...image.tags] }]),
  );
  const link = state.registry;
  if (!link) return [...images.values()];
  for (const tag of await listTags(link, repository.name)) {
    const found = await fetchManifest({ link, repository: repository.name, reference: tag });
    if (!found) continue;
    const known = images.get(found.digest);
    if (known) {
      if (!known.tags.includes(tag)) known.tags.push(tag);
    } else {
      images.set(found.digest, fromRegistry(state, found, [tag]));
    }
  }
  return [...images.values()];
}

export async function findImage(
  state: EmulatorState,
  init: { repository: RepositoryRecord; query: ImageQuery },
): Promise<FoundImage | undefined> {
  const { imageTag, imageDigest } = init.query;
  const matches = (image: FoundImage): boolean =>
    (imageTag === undefined || image.tags.includes(imageTag)) &&
    (imageDigest === undefined || image.digest === imageDigest);
  const listed = (await allImages(state, init.repository)).find(matches);
  if (listed || !state.registry || imageDigest === undefined) return listed;
  // An untagged image is absent from tags/list but still reachable by digest.
  const untagged = await fetchManifest({
    link: state.registry,
    repository: init.repository.name,
    reference: imageDigest,
  });
  return untagged && imageTag === undefined ? fromRegistry(state, untagged, []) : undefined;
}
