import { describe, expect, it } from '@jest/globals';
import { newOutcome } from '../../src/core/outcome.ts';
import { buildSummary } from '../../src/core/report/summary.ts';

/*
 * Service events and container log lines come from whoever controls the application: in the job summary they sit in
 * fenced code blocks, which a line of backticks inside must not be able to close (and so start Markdown or HTML of
 * its own).
 */

const HOSTILE_EVENTS = [
  '[AppRunner] Deployment failed.',
  '```',
  '````````````',
  '   `````````````````` ',
  '~~~',
  '</details><img src=x onerror=alert(1)>',
  '[click](https://evil.example)',
  '::set-output name=service-url::http://evil',
];

/** The fenced code blocks of a Markdown text, as CommonMark closes them: a line of at least as many backticks. */
function fencedBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let open: { length: number; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^ {0,3}(`{3,})\s*$/.exec(line);
    if (open) {
      if (fence && fence[1].length >= open.length) {
        blocks.push(open.lines.join('\n'));
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (/^ {0,3}`{3,}[^`]*$/.test(line)) {
      open = { length: /`+/.exec(line)?.[0].length ?? 3, lines: [] };
    }
  }
  expect(open).toBeUndefined();
  return blocks;
}

describe('job summary with hostile event text', () => {
  it('keeps every event line inside its code block, however many backticks it has', () => {
    const outcome = newOutcome(0);
    outcome.events = HOSTILE_EVENTS;
    outcome.diff = ['~ start-command: node ``` `````', '```````'].join('\n');
    const summary = buildSummary({ title: 'App Runner', service: 'web-app', outcome, failure: 'failed', now: 1000 });
    expect(fencedBlocks(summary)).toEqual([outcome.diff, HOSTILE_EVENTS.join('\n')]);
    // Outside the code blocks nothing of the events appears: no tag or link of theirs is rendered.
    const outside = summary.replace(/\n(`{3,})\n[\s\S]*?\n\1\n/g, '');
    expect(outside).not.toContain('onerror');
    expect(outside).not.toContain('evil');
  });
});
