/** TagResource, UntagResource and ListTagsForResource on services and VPC connectors. */
import { invalidState, missingMember, resourceNotFound } from '../errors.ts';
import type { HandlerTable } from '../handler.ts';
import { optStringList, reqString, type JsonObject } from '../json.ts';
import type { EmulatorState } from '../state.ts';
import { requireSettled, parseTags } from './services.ts';
import { checkAppRunnerArn, checkTag } from './validate-fields.ts';

interface Tagged {
  tags: Map<string, string>;
  /** Refuses a change in the resource's current state. */
  guard: () => void;
}

function findTagged(state: EmulatorState, input: JsonObject): Tagged {
  const arn = reqString({ obj: input, key: 'ResourceArn', path: 'resourceArn' });
  checkAppRunnerArn('resourceArn', arn);
  const service = state.services.find((item) => item.arn === arn);
  if (service) return { tags: service.tags, guard: () => requireSettled(service, 'change the tags of') };
  const connector = state.connectors.find((item) => item.arn === arn);
  if (connector) {
    const guard = (): void => {
      if (connector.status !== 'ACTIVE') throw invalidState(`The VPC connector ${arn} is ${connector.status}`);
    };
    return { tags: connector.tags, guard };
  }
  throw resourceNotFound(`No App Runner resource found for the ARN ${arn}`);
}

function tagResource(state: EmulatorState, input: JsonObject): JsonObject {
  const resource = findTagged(state, input);
  if (input.Tags === undefined || input.Tags === null) throw missingMember('tags');
  const tags = parseTags(input, 'tags');
  resource.guard();
  for (const [key, value] of tags) resource.tags.set(key, value);
  return {};
}

function untagResource(state: EmulatorState, input: JsonObject): JsonObject {
  const resource = findTagged(state, input);
  const keys = optStringList({ obj: input, key: 'TagKeys', path: 'tagKeys' });
  if (keys === undefined) throw missingMember('tagKeys');
  keys.forEach((key, index) => checkTag({ path: `tagKeys.${index + 1}`, key, value: undefined }));
  resource.guard();
  for (const key of keys) resource.tags.delete(key);
  return {};
}

function listTags(state: EmulatorState, input: JsonObject): JsonObject {
  const resource = findTagged(state, input);
  return { Tags: [...resource.tags].map(([Key, Value]) => ({ Key, Value })) };
}

export const tagHandlers: HandlerTable = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTags,
};
