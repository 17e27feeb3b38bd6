import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type AppRunnerClient,
} from '@aws-sdk/client-apprunner';

/** Service tags live apart from the service configuration: only these calls read or change them. */

export async function listTags(client: AppRunnerClient, arn: string): Promise<Record<string, string>> {
  const answer = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  return Object.fromEntries((answer.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

export async function tagResource(client: AppRunnerClient, request: { arn: string; tags: Record<string, string> }) {
  const Tags = Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }));
  if (Tags.length > 0) await client.send(new TagResourceCommand({ ResourceArn: request.arn, Tags }));
}

export async function untagResource(client: AppRunnerClient, request: { arn: string; keys: string[] }) {
  if (request.keys.length > 0)
    await client.send(new UntagResourceCommand({ ResourceArn: request.arn, TagKeys: request.keys }));
}
