/** TagResource, UntagResource and ListTagsForResource on Express services (the one ECS resource the emulator keeps). */
import type { HandlerTable } from '../handler.ts';
import { optObjectList, optString, optStringList, type JsonObject } from '../json.ts';
import type { EmulatorState } from '../state.ts';
import { ecsResourceNotFound, invalidParameter, missingParameter } from './errors.ts';
import { parseServiceArn, serviceByName } from './lookup.ts';
import type { EcsServiceRecord } from './model.ts';

const MAX_TAGS = 50;

/** `tags` of a request: keys 1-128 and values 0-256 characters, no `aws:` prefix (reserved for AWS's own tags). */
export function parseTags(input: JsonObject): Map<string, string> {
  const tags = new Map<string, string>();
  for (const [index, tag] of (optObjectList({ obj: input, key: 'tags', path: 'tags' }) ?? []).entries()) {
    const key = optString({ obj: tag, key: 'key', path: `tags.${index}.key` });
    const value = optString({ obj: tag, key: 'value', path: `tags.${index}.value` }) ?? '';
    if (key === undefined || key.length < 1 || key.length > 128) {
      throw invalidParameter('Tag keys must be between 1 and 128 characters.');
    }
    if (value.length > 256) throw invalidParameter('Tag values must be at most 256 characters.');
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key '${key}' uses the reserved prefix aws:.`);
    tags.set(key, value);
  }
  if (tags.size > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  return tags;
}

function findTagged(state: EmulatorState, input: JsonObject, missing: () => Error): EcsServiceRecord {
  const arn = optString({ obj: input, key: 'resourceArn', path: 'resourceArn' });
  if (arn === undefined) throw missingParameter('resourceArn');
  if (!/^arn:[\w-]+:ecs:/.test(arn)) throw invalidParameter(`Invalid resource ARN: '${arn}'.`);
  const parsed = parseServiceArn(state, arn);
  const service = parsed && serviceByName(state, parsed.cluster, parsed.name);
  if (!service) throw missing();
  return service;
}

const notFound = (): Error => ecsResourceNotFound('The specified resource could not be found.');

function tagResource(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findTagged(state, input, notFound);
  if (input.tags === undefined || input.tags === null) throw missingParameter('tags');
  const tags = parseTags(input);
  const merged = new Map([...service.tags, ...tags]);
  if (merged.size > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  service.tags = merged;
  return {};
}

function untagResource(state: EmulatorState, input: JsonObject): JsonObject {
  const service = findTagged(state, input, notFound);
  const keys = optStringList({ obj: input, key: 'tagKeys', path: 'tagKeys' });
  if (keys === undefined) throw missingParameter('tagKeys');
  for (const key of keys) service.tags.delete(key);
  return {};
}

function listTags(state: EmulatorState, input: JsonObject): JsonObject {
  // ListTagsForResource declares no ResourceNotFoundException: an unknown ARN is an invalid parameter there.
  const service = findTagged(state, input, () => invalidParameter('The specified resource could not be found.'));
  return { tags: [...service.tags].map(([key, value]) => ({ key, value })) };
}

export const tagHandlers: HandlerTable = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTags,
};
