import { paginateFilterLogEvents, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/**
 * The newest `limit` lines of a log group since `since` (optionally of some streams only, at most 100). Pages come oldest first
 * and may be empty yet carry a token, so only the last lines are kept, within a budget of pages: a noisy group must
 * not keep a failed run alive.
 */
export async function recentLogLines(
  client: CloudWatchLogsClient,
  query: { group: string; since: Date; limit: number; streams?: string[] },
): Promise<string[]> {
  const lines: string[] = [];
  let pages = 0;
  const input = {
    logGroupName: query.group,
    startTime: query.since.getTime(),
    logStreamNames: query.streams,
  };
  for await (const page of paginateFilterLogEvents({ client }, input)) {
    for (const event of page.events ?? []) {
      lines.push((event.message ?? '').trimEnd());
      if (lines.length > query.limit) lines.shift();
    }
    if ((pages += 1) >= 25) break;
  }
  return lines;
}
