/** DescribeImages and BatchGetImage, by tag or digest, over seeded and registry images. */
import { AwsError } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import {
  epochSeconds,
  optInteger,
  optObject,
  optObjectList,
  optString,
  optStringList,
  type JsonObject,
} from '../json.ts';
import { paginate } from '../pagination.ts';
import type { EmulatorState, RepositoryRecord } from '../state.ts';
import { allImages, findImage, type FoundImage, type ImageQuery } from './images.ts';
import { invalidParameter, requireRepository } from './repositories.ts';

function readImageIds(input: JsonObject, required: boolean): ImageQuery[] | undefined {
  const ids = optObjectList({ obj: input, key: 'imageIds', path: 'imageIds' });
  if (ids === undefined) {
    if (required)
      throw invalidParameter("Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must not be null'");
    return undefined;
  }
  if (ids.length < 1 || ids.length > 100) {
    throw invalidParameter(
      "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length between 1 and 100'",
    );
  }
  return ids.map((id) => {
    const query: ImageQuery = {};
    const tag = optString({ obj: id, key: 'imageTag', path: 'imageIds.member.imageTag' });
    const digest = optString({ obj: id, key: 'imageDigest', path: 'imageIds.member.imageDigest' });
    if (tag !== undefined) query.imageTag = tag;
    if (digest !== undefined) query.imageDigest = digest;
    if (tag === undefined && digest === undefined) {
      throw invalidParameter('Invalid parameter: an image identifier needs an imageTag or an imageDigest');
    }
    if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(digest)) {
      throw invalidParameter(
        `Invalid parameter at 'imageDigest' failed to satisfy constraint: '${digest}' is not a digest`,
      );
    }
    return query;
  });
}

function imageNotFound(state: EmulatorState, init: { repository: RepositoryRecord; query: ImageQuery }): AwsError {
  const { imageDigest = 'null', imageTag = 'null' } = init.query;
  return new AwsError({
    type: 'ImageNotFoundException',
    message: `The image with imageId {imageDigest:'${imageDigest}', imageTag:'${imageTag}'} does not exist within the repository with name '${init.repository.name}' in the registry with id '${state.accountId}'`,
  });
}

function imageDetail(state: EmulatorState, init: { repository: RepositoryRecord; image: FoundImage }): JsonObject {
  const { image } = init;
  const detail: JsonObject = {
    registryId: state.accountId,
    repositoryName: init.repository.name,
    imageDigest: image.digest,
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: epochSeconds(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    imageStatus: 'ACTIVE',
  };
  if (image.tags.length > 0) detail.imageTags = [...image.tags];
  if (image.artifactMediaType) detail.artifactMediaType = image.artifactMediaType;
  return detail;
}

async function describeImages(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const repository = requireRepository(state, input);
  const ids = readImageIds(input, false);
  const maxResults = optInteger({ obj: input, key: 'maxResults', path: 'maxResults' });
  if (ids) {
    if (maxResults !== undefined) throw invalidParameter('maxResults cannot be used together with imageIds');
    const details: JsonObject[] = [];
    for (const query of ids) {
      const image = await findImage(state, { repository, query });
      if (!image) throw imageNotFound(state, { repository, query });
      details.push(imageDetail(state, { repository, image }));
    }
    return { imageDetails: details };
  }
  const filter = optObject({ obj: input, key: 'filter', path: 'filter' });
  const tagStatus = filter ? optString({ obj: filter, key: 'tagStatus', path: 'filter.tagStatus' }) : undefined;
  const images = (await allImages(state, repository)).filter(
    (image) => tagStatus === undefined || tagStatus === 'ANY' || (tagStatus === 'TAGGED') === image.tags.length > 0,
  );
  const page = paginate(images, {
    maxResults,
    nextToken: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
    min: 1,
    max: 1000,
    defaultSize: 100,
    scope: `DescribeImages ${repository.name} ${tagStatus ?? ''}`,
    errorType: 'InvalidParameterException',
  });
  const output: JsonObject = { imageDetails: page.items.map((image) => imageDetail(state, { repository, image })) };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

async function batchGetImage(state: EmulatorState, input: JsonObject): Promise<JsonObject> {
  const repository = requireRepository(state, input);
  const ids = readImageIds(input, true) as ImageQuery[];
  const accepted = optStringList({ obj: input, key: 'acceptedMediaTypes', path: 'acceptedMediaTypes' });
  const images: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const query of ids) {
    const image = await findImage(state, { repository, query });
    const imageId: JsonObject = { ...query };
    if (!image) {
      failures.push({ imageId, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
    } else if (accepted && !accepted.includes(image.mediaType)) {
      failures.push({
        imageId,
        failureCode: 'UnsupportedImageType',
        failureReason: `Image media type ${image.mediaType} not accepted`,
      });
    } else {
      images.push({
        registryId: state.accountId,
        repositoryName: repository.name,
        imageId: { imageDigest: image.digest, ...(query.imageTag ? { imageTag: query.imageTag } : {}) },
        imageManifest: image.manifest,
        imageManifestMediaType: image.mediaType,
      });
    }
  }
  return { images, failures };
}

export const imageHandlers: HandlerTable = {
  DescribeImages: describeImages,
  BatchGetImage: batchGetImage,
};
