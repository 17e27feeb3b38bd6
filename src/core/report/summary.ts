import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import type { Outcome } from '../outcome.js';
import { describeResult } from './result.js';

/*
 * The job summary, written as the HTML GitHub renders (what @actions/core's summary writes), by hand: this is the
 * only thing the action needed @actions/core for, and every cell is escaped here, since much of it came from AWS.
 */

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** Enough for text between tags: no tag or entity can be opened from inside. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);

function table(header: string[], rows: string[][]): string {
  const row = (cells: string[], tag: 'th' | 'td') =>
    `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>${row(header, 'th')}${rows.map((cells) => row(cells, 'td')).join('')}</table>${EOL}`;
}

/** A fenced block no line inside can close: the fence is longer than any run of backticks in the text. */
function codeBlock(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `\n\n${fence}\n${text}\n${fence}\n\n`;
}

const details = (label: string, body: string) =>
  `<details><summary>${escapeHtml(label)}</summary>${body}</details>${EOL}`;

/** What was deployed where, how it ended, and the status timeline; the events of a failure. */
export function buildSummary(options: {
  title: string;
  service: string;
  outcome: Outcome;
  failure?: string;
  now: number;
}): string {
  const { outcome } = options;
  const result = describeResult(outcome.result);
  const parts = [`<h2>${escapeHtml(`${options.title} deploy: ${options.service}`)}</h2>${EOL}`];
  parts.push(
    table(
      ['Service', 'Image', 'Result', 'Operation', 'URL', 'Duration'],
      [
        [
          options.service,
          outcome.imageUri ?? '—',
          options.failure ? `❌ ${result ?? 'failed'}` : `✅ ${result ?? 'done'}`,
          outcome.operationId ? `${outcome.operationId} (${outcome.operationStatus ?? '—'})` : '—',
          outcome.serviceUrl ?? '—',
          seconds(options.now - outcome.startedAt),
        ],
      ],
    ),
  );
  // After a rollback (or a run that stopped early) the image column names one that does not serve.
  const serving = outcome.servingImageUri;
  if (serving && serving !== outcome.imageUri) parts.push(`<p>Still serving: ${escapeHtml(serving)}</p>${EOL}`);
  if (options.failure) parts.push(`\n**Why:** ${escapeHtml(options.failure)}\n${EOL}`);
  if (outcome.diff) parts.push(details('Planned change', codeBlock(outcome.diff)));
  if (outcome.timeline.length > 0) {
    const rows = outcome.timeline.map((entry) => [entry.label, entry.status, seconds(entry.elapsedMs)]);
    parts.push(`<h3>Timeline</h3>${EOL}`, table(['Operation', 'Status', 'After'], rows));
  }
  if (outcome.events.length > 0) parts.push(details('Service events', codeBlock(outcome.events.join('\n'))));
  for (const extra of outcome.tables ?? [])
    parts.push(`<h3>${escapeHtml(extra.title)}</h3>${EOL}`, table(extra.header, extra.rows));
  return parts.join('');
}

/** Appends to the runner's summary file; outside a runner there is none, and the log already says everything. */
export function writeSummary(text: string, env: Record<string, string | undefined> = process.env): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, text, 'utf8');
}
