/**
 * The YAML examples of README.md and examples/workflows/ as a new user copies them: every step that calls one of
 * this repository's actions, with its `with:` block, and every reusable-workflow call (not a step, so not run here)
 * by where it stands. Free of jest, like harness.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, type ActionName } from '../../../tools/runner/run-action.ts';

export interface ExampleStep {
  /** Where the step is: `README.md › <nearest heading>` or `examples/workflows/<file>`. */
  source: string;
  uses: string;
  action: ActionName;
  with: Record<string, string>;
}

export interface SkippedCall {
  source: string;
  uses: string;
}

export interface Examples {
  steps: ExampleStep[];
  /** Reusable-workflow calls (`jobs.<id>.uses`): a job, not a step, so the bundle cannot run them on its own. */
  skipped: SkippedCall[];
}

const REUSABLE = /(^|\/)\.github\/workflows\//;
/** `./`, `./ecs-express`, or `<owner>/apprunner-deploy-action[/ecs-express]@<ref>`. */
const OURS = /^(\.\/?|\.\/ecs-express\/?|[\w.-]+\/apprunner-deploy-action(\/ecs-express)?@.+)$/;

/** The fenced ```yaml blocks of a markdown text, each with the heading it stands under. */
export function yamlBlocks(markdown: string): { heading: string; text: string }[] {
  const blocks: { heading: string; text: string }[] = [];
  let heading = '(top)';
  let block: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        blocks.push({ heading, text: dedent(block) });
        block = undefined;
      } else block.push(line);
    } else if (/^```ya?ml\s*$/.test(line)) block = [];
    else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
  }
  return blocks;
}

/** A step snippet is indented as in a workflow (`      - uses:`); YAML wants its first line at column 0. */
function dedent(lines: string[]): string {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const cut = Math.min(...indents);
  return lines.map((line) => line.slice(cut)).join('\n');
}

/** Every object with a `uses:` string in a parsed document, whatever its depth. */
function usesNodes(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const item of node) usesNodes(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.uses === 'string') found.push(record);
    for (const value of Object.values(record)) usesNodes(value, found);
  }
  return found;
}

function collect(source: string, document: unknown, into: Examples): void {
  for (const node of usesNodes(document)) {
    const uses = node.uses as string;
    if (REUSABLE.test(uses)) into.skipped.push({ source, uses });
    else if (OURS.test(uses)) {
      const inputs = Object.entries((node.with ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
      const action: ActionName = uses.includes('ecs-express') ? 'ecs-express' : 'apprunner';
      into.steps.push({ source, uses, action, with: Object.fromEntries(inputs) });
    }
  }
}

/** The README's examples, then examples/workflows/*.yml in name order. */
export function readExamples(root = ROOT): Examples {
  const examples: Examples = { steps: [], skipped: [] };
  for (const { heading, text } of yamlBlocks(readFileSync(join(root, 'README.md'), 'utf8'))) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) throw new Error(`README.md › ${heading}: ${document.errors[0].message}`);
      collect(`README.md › ${heading}`, document.toJS(), examples);
    }
  }
  const folder = join(root, 'examples/workflows');
  for (const file of readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()) {
    collect(`examples/workflows/${file}`, parse(readFileSync(join(folder, file), 'utf8')), examples);
  }
  return examples;
}
