import * as core from '@actions/core';
import type { Outcome } from '../outcome.js';

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** The job summary: what was deployed where, how it ended, and the status timeline; the events of a failure. */
export function buildSummary(options: { service: string; outcome: Outcome; failure?: string; now: number }) {
  const { outcome } = options;
  const summary = core.summary.addHeading(`App Runner deploy: ${options.service}`, 2);
  summary.addTable([
    [
      { data: 'Service', header: true },
      { data: 'Image', header: true },
      { data: 'Result', header: true },
      { data: 'Operation', header: true },
      { data: 'URL', header: true },
      { data: 'Duration', header: true },
    ],
    [
      options.service,
      outcome.imageUri ?? '—',
      options.failure ? `❌ ${outcome.result ?? 'failed'}` : `✅ ${outcome.result ?? 'done'}`,
      outcome.operationId ? `${outcome.operationId} (${outcome.operationStatus ?? '—'})` : '—',
      outcome.serviceUrl ?? '—',
      seconds(options.now - outcome.startedAt),
    ],
  ]);
  if (options.failure) summary.addRaw(`\n**Why:** ${options.failure}\n`, true);
  if (outcome.diff) summary.addDetails('Planned change', `\n\n\`\`\`\n${outcome.diff}\n\`\`\`\n\n`);
  if (outcome.timeline.length > 0) {
    const rows = outcome.timeline.map((entry) => [entry.label, entry.status, seconds(entry.elapsedMs)]);
    summary.addHeading('Timeline', 3).addTable([
      [
        { data: 'Operation', header: true },
        { data: 'Status', header: true },
        { data: 'After', header: true },
      ],
      ...rows,
    ]);
  }
  if (outcome.events.length > 0) {
    summary.addDetails('Service events', `\n\n\`\`\`\n${outcome.events.join('\n')}\n\`\`\`\n\n`);
  }
  return summary;
}
