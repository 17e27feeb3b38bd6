import { InputError } from './errors.js';

/** Pure parsers for the shapes inputs come in: booleans, integers, enums, lists and `KEY=VALUE` lines. */

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export function parseBoolean(input: string, raw: string): boolean {
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new InputError(input, `\`${raw}\` is not a boolean; use \`true\` or \`false\`.`);
}

export function parseInteger(input: string, raw: string, range: { min: number; max: number }): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new InputError(input, `\`${raw}\` must be a whole number from ${range.min} to ${range.max}.`);
  }
  return value;
}

/** Case-insensitive match against `allowed`; returns the allowed spelling. */
export function parseEnum<T extends string>(input: string, raw: string, allowed: readonly T[]): T {
  const found = allowed.find((value) => value.toLowerCase() === raw.toLowerCase());
  if (found === undefined) {
    throw new InputError(input, `\`${raw}\` is not allowed; use one of ${allowed.map((v) => `\`${v}\``).join(', ')}.`);
  }
  return found;
}

/** A list given one item a line or comma-separated; blanks dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Lines of `KEY=VALUE` (value may itself contain `=`); blank lines and `#` comments are skipped. */
export function parseKeyValueLines(input: string, raw: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [index, line] of raw.split('\n').entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    const key = eq < 0 ? '' : trimmed.slice(0, eq).trim();
    if (key === '') throw new InputError(input, `line ${index + 1} is not \`KEY=VALUE\`.`);
    if (key in result) throw new InputError(input, `\`${key}\` is given twice.`);
    result[key] = trimmed.slice(eq + 1).trim();
  }
  return result;
}
