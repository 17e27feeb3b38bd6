import { InputError } from './errors.js';
import { parseKeyValueLines } from './values.js';

/** Tags as a JSON object (the official action's form) or one `key=value` a line. */
export function parseTags(raw: string): Record<string, string> {
  let tags: Record<string, string>;
  if (/^[{[]/.test(raw.trim())) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new InputError('tags', 'looks like JSON but does not parse; give a JSON object or `key=value` lines.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InputError('tags', 'must be a JSON object of string values.');
    }
    tags = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new InputError('tags', `the value of \`${key}\` must be a string.`);
      }
      tags[key] = String(value);
    }
  } else {
    tags = parseKeyValueLines('tags', raw);
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw new InputError('tags', `key \`${key}\` must be 1-128 characters.`);
    if (/^aws:/i.test(key)) throw new InputError('tags', `key \`${key}\`: the aws: prefix is reserved.`);
    if (value.length > 256) throw new InputError('tags', `the value of \`${key}\` is longer than 256 characters.`);
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(`${key}${value}`)) {
      throw new InputError(
        'tags',
        `\`${key}\` has characters AWS tags do not allow (letters, digits, spaces and _ . : / = + - @).`,
      );
    }
  }
  return tags;
}
