/**
 * The job summary as a terminal can show it. @actions/core writes HTML (headings, tables, <details>) into the
 * summary file, which GitHub renders; a terminal needs plain lines.
 */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function decode(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

function cells(row: string): string[] {
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((match) => decode(match[1].trim()));
}

/** A table as aligned columns: a header line, a rule, then one line a row. */
function tableAsText(html: string): string {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => cells(match[1]));
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

export function summaryAsText(html: string): string {
  return decode(
    html
      .replace(/<table>[\s\S]*?<\/table>/g, (table) => `\n${tableAsText(table)}\n`)
      .replace(
        /<h(\d)>([\s\S]*?)<\/h\d>/g,
        (_, level: string, title: string) => `${'#'.repeat(Number(level))} ${title}\n`,
      )
      .replace(/<details><summary>([\s\S]*?)<\/summary>/g, '▸ $1')
      .replace(/<\/details>/g, '')
      .replace(/^```\s*$/gm, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
