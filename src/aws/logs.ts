import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** App Runner writes service events and deployment logs to `/aws/apprunner/<name>/<id>/service`. */

export function serviceLogGroup(service: { name: string; id: string }): string {
  return `/aws/apprunner/${service.name}/${service.id}/service`;
}

/** The newest `limit` event lines of the group since `since`, across whatever streams App Runner used. */
export async function recentServiceEvents(
  client: CloudWatchLogsClient,
  query: { group: string; since: Date; limit: number },
): Promise<string[]> {
  const lines: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({ logGroupName: query.group, startTime: query.since.getTime(), nextToken }),
    );
    lines.push(...(page.events ?? []).map((event) => (event.message ?? '').trimEnd()));
    nextToken = page.nextToken;
    pages += 1;
    // Bounded: a noisy group must not keep a failed run alive; the last lines are what explain a failure.
  } while (nextToken && pages < 10);
  return lines.slice(-query.limit);
}
