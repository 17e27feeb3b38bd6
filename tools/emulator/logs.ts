/** CloudWatch Logs reads: DescribeLogStreams, GetLogEvents (f/ and b/ tokens), FilterLogEvents. */
import { AwsError } from './errors.ts';
import type { HandlerTable } from './handler.ts';
import { optBoolean, optInteger, optString, optStringList, reqString, type JsonObject } from './json.ts';
import { decodeToken, encodeToken, paginate } from './pagination.ts';
import type { EmulatorState, LogEvent, LogGroupRecord } from './state.ts';

const invalidParameter = (message: string): AwsError => new AwsError({ type: 'InvalidParameterException', message });

function findGroup(state: EmulatorState, input: JsonObject): LogGroupRecord {
  const name = optString({ obj: input, key: 'logGroupName', path: 'logGroupName' });
  const identifier = optString({ obj: input, key: 'logGroupIdentifier', path: 'logGroupIdentifier' });
  if ((name === undefined) === (identifier === undefined)) {
    throw invalidParameter('Exactly one of logGroupName and logGroupIdentifier must be specified.');
  }
  const wanted =
    name ?? (identifier as string).replace(/^arn:[\w-]+:logs:[a-z0-9-]+:[0-9]{12}:log-group:/, '').replace(/:\*$/, '');
  const group = state.logGroups.get(wanted);
  if (!group)
    throw new AwsError({ type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  return group;
}

function limitOf(input: JsonObject, max: number): number {
  const limit = optInteger({ obj: input, key: 'limit', path: 'limit' }) ?? max;
  if (limit < 1 || limit > max) throw invalidParameter(`limit must be between 1 and ${max}.`);
  return limit;
}

function describeLogStreams(state: EmulatorState, input: JsonObject): JsonObject {
  const group = findGroup(state, input);
  const prefix = optString({ obj: input, key: 'logStreamNamePrefix', path: 'logStreamNamePrefix' });
  const orderBy = optString({ obj: input, key: 'orderBy', path: 'orderBy' }) ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw invalidParameter(`Invalid orderBy ${orderBy}.`);
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const descending = optBoolean({ obj: input, key: 'descending', path: 'descending' }) ?? false;
  const lastEvent = (events: LogEvent[]): number => events.at(-1)?.timestamp ?? 0;
  const streams = [...group.streams.values()]
    .filter((stream) => prefix === undefined || stream.name.startsWith(prefix))
    .sort((a, b) =>
      orderBy === 'LogStreamName' ? a.name.localeCompare(b.name) : lastEvent(a.events) - lastEvent(b.events),
    );
  if (descending) streams.reverse();
  const page = paginate(streams, {
    maxResults: limitOf(input, 50),
    nextToken: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    maxResultsName: 'limit',
    min: 1,
    max: 50,
    defaultSize: 50,
    scope: `DescribeLogStreams ${group.name} ${prefix ?? ''} ${orderBy} ${descending}`,
    errorType: 'InvalidParameterException',
  });
  const output: JsonObject = {
    logStreams: page.items.map((stream) => {
      const view: JsonObject = {
        logStreamName: stream.name,
        creationTime: stream.createdAt,
        arn: `arn:${state.partition}:logs:${state.region}:${state.accountId}:log-group:${group.name}:log-stream:${stream.name}`,
        storedBytes: 0,
      };
      if (stream.events.length > 0) {
        view.firstEventTimestamp = stream.events[0].timestamp;
        view.lastEventTimestamp = lastEvent(stream.events);
        view.lastIngestionTime = stream.events.at(-1)?.ingestionTime ?? stream.createdAt;
      }
      return view;
    }),
  };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

/** GetLogEvents leaves out events at endTime; FilterLogEvents keeps them ("later than this time are not returned"). */
function inWindow(input: JsonObject, endInclusive: boolean): (event: LogEvent) => boolean {
  const start = optInteger({ obj: input, key: 'startTime', path: 'startTime' });
  const end = optInteger({ obj: input, key: 'endTime', path: 'endTime' });
  return (event) =>
    (start === undefined || event.timestamp >= start) &&
    (end === undefined || event.timestamp < end || (endInclusive && event.timestamp === end));
}

function getLogEvents(state: EmulatorState, input: JsonObject): JsonObject {
  const group = findGroup(state, input);
  const streamName = reqString({
    obj: input,
    key: 'logStreamName',
    path: 'logStreamName',
    errorType: 'InvalidParameterException',
  });
  const stream = group.streams.get(streamName);
  if (!stream)
    throw new AwsError({ type: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
  const events = stream.events.filter(inWindow(input, false));
  const limit = limitOf(input, 10000);
  const token = optString({ obj: input, key: 'nextToken', path: 'nextToken' });
  const fromHead = optBoolean({ obj: input, key: 'startFromHead', path: 'startFromHead' }) ?? false;
  const parsed = /^([fb])\/([0-9]+)$/.exec(token ?? (fromHead ? 'f/0' : `b/${events.length}`));
  if (!parsed || Number(parsed[2]) > events.length) throw invalidParameter('The specified nextToken is invalid.');
  const at = Number(parsed[2]);
  // A forward token past the last event comes back unchanged: that is how callers know they reached the end.
  const [from, to] = parsed[1] === 'f' ? [at, Math.min(events.length, at + limit)] : [Math.max(0, at - limit), at];
  return {
    events: events
      .slice(from, to)
      .map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
    nextForwardToken: `f/${to}`,
    nextBackwardToken: `b/${from}`,
  };
}

function matcher(pattern: string | undefined): (message: string) => boolean {
  const terms = (pattern ?? '').match(/-?\??"[^"]*"|\S+/g) ?? [];
  const clean = (term: string): string => term.replace(/^[-?]+/, '').replace(/^"|"$/g, '');
  const anyOf = terms.filter((term) => term.startsWith('?')).map(clean);
  const none = terms.filter((term) => term.startsWith('-')).map(clean);
  const all = terms.filter((term) => !term.startsWith('?') && !term.startsWith('-')).map(clean);
  return (message) =>
    all.every((term) => message.includes(term)) &&
    !none.some((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term)));
}

function filterLogEvents(state: EmulatorState, input: JsonObject): JsonObject {
  const group = findGroup(state, input);
  const names = optStringList({ obj: input, key: 'logStreamNames', path: 'logStreamNames' });
  const prefix = optString({ obj: input, key: 'logStreamNamePrefix', path: 'logStreamNamePrefix' });
  if (names !== undefined && prefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive.');
  }
  const pattern = optString({ obj: input, key: 'filterPattern', path: 'filterPattern' });
  const streams = [...group.streams.values()].filter(
    (stream) =>
      (names === undefined || names.includes(stream.name)) && (prefix === undefined || stream.name.startsWith(prefix)),
  );
  const matches = matcher(pattern);
  const window = inWindow(input, true);
  const events = streams
    .flatMap((stream) =>
      stream.events
        .filter((event) => window(event) && matches(event.message))
        .map((event) => ({ ...event, logStreamName: stream.name })),
    )
    .sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
  const page = searchPage(events, {
    limit: limitOf(input, 10000),
    token: optString({ obj: input, key: 'nextToken', path: 'nextToken' }),
    from: optInteger({ obj: input, key: 'startTime', path: 'startTime' }),
    scope: `FilterLogEvents ${group.name}`,
  });
  const output: JsonObject = {
    events: page.items,
    searchedLogStreams: streams.map((stream) => ({ logStreamName: stream.name, searchedCompletely: true })),
  };
  if (page.nextToken) output.nextToken = page.nextToken;
  return output;
}

/** A quiet stretch longer than this between the search position and the next event ends the page there, empty. */
export const QUIET_GAP_MS = 1000;

/**
 * FilterLogEvents searches in time slices and may answer a page that is empty yet carries a nextToken. The emulator
 * does so deterministically: when the next matching event lies more than QUIET_GAP_MS after the search position
 * (the startTime if given, or the last event the previous page returned), the page ends before it, empty, and its token
 * resumes at that event. Callers that stop at the first empty page lose the events after the gap.
 */
function searchPage<T extends { timestamp: number }>(
  events: T[],
  init: { limit: number; token: string | undefined; from: number | undefined; scope: string },
): { items: T[]; nextToken: string | undefined } {
  const resume =
    init.token === undefined
      ? { o: 0, p: init.from ?? events[0]?.timestamp ?? 0 }
      : decodeToken(init.token, { scope: init.scope, keys: ['o', 'p'], errorType: 'InvalidParameterException' });
  const offset = Math.max(0, Math.min(events.length, Math.trunc(resume.o)));
  const next = events[offset];
  if (next !== undefined && next.timestamp - resume.p > QUIET_GAP_MS) {
    return { items: [], nextToken: encodeToken(init.scope, { o: offset, p: next.timestamp }) };
  }
  const items = events.slice(offset, offset + init.limit);
  const end = offset + items.length;
  const last = items.at(-1)?.timestamp ?? resume.p;
  return { items, nextToken: end < events.length ? encodeToken(init.scope, { o: end, p: last }) : undefined };
}

export const logsHandlers: HandlerTable = {
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
};
