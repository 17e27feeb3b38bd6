/** CloudWatch Logs storage shared by the Logs handlers and the App Runner event writer. */
import type { EmulatorState, LogGroupRecord, LogStreamRecord } from './state.ts';

export function ensureLogStream(state: EmulatorState, where: { group: string; stream: string }): LogStreamRecord {
  let group = state.logGroups.get(where.group);
  if (!group) {
    group = { name: where.group, createdAt: Date.now(), streams: new Map() } satisfies LogGroupRecord;
    state.logGroups.set(where.group, group);
  }
  let stream = group.streams.get(where.stream);
  if (!stream) {
    stream = { name: where.stream, createdAt: Date.now(), events: [] };
    group.streams.set(where.stream, stream);
  }
  return stream;
}

let eventCounter = 0;

export function appendLogEvents(
  state: EmulatorState,
  where: { group: string; stream: string },
  messages: string[],
): void {
  const stream = ensureLogStream(state, where);
  for (const message of messages) {
    const now = Date.now();
    eventCounter += 1;
    // Event ids are 56-digit strings in CloudWatch; only uniqueness and ordering matter to callers.
    const eventId = `${String(now).padStart(20, '0')}${String(eventCounter).padStart(36, '0')}`;
    stream.events.push({ timestamp: now, message, ingestionTime: now, eventId });
  }
}
