import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** App Runner writes service events and deployment logs to `/aws/apprunner/<name>/<id>/service`. */

export function serviceLogGroup(service: { name: string; id: string }): string {
  return `/aws/apprunner/${service.name}/${service.id}/service`;
}

/**
 * The newest `limit` event lines of the group since `since`, across whatever streams App Runner used. Pages come
 * oldest first and may be empty yet carry a token, so only the last lines are kept, within a budget of pages: a
 * noisy group must not keep a failed run alive.
 */
export async function recentServiceEvents(
  client: CloudWatchLogsClient,
  query: { group: string; since: Date; limit: number },
): Promise<string[]> {
  const lines: string[] = [];
  let nextToken: string | undefined;
  for (let pages = 0; pages < 25; pages += 1) {
    const page = await client.send(
      new FilterLogEventsCommand({ logGroupName: query.group, startTime: query.since.getTime(), nextToken }),
    );
    for (const event of page.events ?? []) {
      lines.push((event.message ?? '').trimEnd());
      if (lines.length > query.limit) lines.shift();
    }
    nextToken = page.nextToken;
    if (!nextToken) break;
  }
  return lines;
}
