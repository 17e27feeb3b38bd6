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

/**
 * Line breaks, other control characters (tab aside), Unicode line and paragraph separators and bidi overrides. None
 * belongs in a one-line value, and printed (the plan diff, an error line) a line break could start a workflow command
 * (`::set-output ...`) and a control or bidi character could disguise a log line.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Refuses a value with such a character, naming its code point but not echoing the value: printing it is the harm. */
export function refuseControl(input: string, value: string, options: { lines?: boolean } = {}): void {
  for (const char of value) {
    if (char === '\t' || (options.lines && (char === '\n' || char === '\r'))) continue;
    if (CONTROL.test(char)) {
      const code = `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
      const what = char === '\n' || char === '\r' ? 'a line break' : 'a control character';
      throw new InputError(
        input,
        `has ${what} (${code}), which this input cannot contain; give it on one line, in printable characters.`,
      );
    }
  }
}

/** Inputs given one item a line (line breaks separate the items, which their own parsers then check). */
const LIST_INPUTS: ReadonlySet<string> = new Set([
  'secrets',
  'tags',
  'copy-env-vars',
  'copy-secret-env-vars',
  'image-tags',
  'repository-tag-mutability-exclusions',
  'vpc-subnets',
  'vpc-security-groups',
]);

/**
 * `env-vars` may hold anything, multi-line values included: its values are never printed; its names are checked
 * where they are parsed (parseEnvironment).
 */
const FREE_INPUTS: ReadonlySet<string> = new Set(['env-vars']);

/**
 * A reader that refuses, with an InputError naming the input, a control character in any input but `env-vars`, and
 * a line break in any input but the lists: every other input is one value on one line.
 */
export function lineSafeReader(read: (name: string) => string): (name: string) => string {
  return (name) => {
    const value = read(name);
    if (!FREE_INPUTS.has(name)) refuseControl(name, value, { lines: LIST_INPUTS.has(name) });
    return value;
  };
}
