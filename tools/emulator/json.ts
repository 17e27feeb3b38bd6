/**
 * Typed readers for request bodies. A member of the wrong JSON type is a SerializationException (the protocol layer
 * refuses it), a missing required member a validation error: the same split AWS makes.
 */
import { AwsError, missingMember, serializationError } from './errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Field {
  obj: JsonObject;
  key: string;
  /** Dotted path for error messages, e.g. `sourceConfiguration.imageRepository`. */
  path: string;
  /** Exception name for a missing required member (services differ). */
  errorType?: string;
}

function present(field: Field): Json | undefined {
  const value = field.obj[field.key];
  return value === null ? undefined : value;
}

export function optString(field: Field): string | undefined {
  const value = present(field);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw serializationError(field.path, 'a string');
  return value;
}

export function reqString(field: Field): string {
  const value = optString(field);
  if (value === undefined) throw missingMember(field.path, field.errorType);
  return value;
}

export function optInteger(field: Field): number | undefined {
  const value = present(field);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(field.path, 'an integer');
  return value;
}

export function optBoolean(field: Field): boolean | undefined {
  const value = present(field);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw serializationError(field.path, 'a boolean');
  return value;
}

export function optObject(field: Field): JsonObject | undefined {
  const value = present(field);
  if (value === undefined) return undefined;
  if (!isObject(value)) throw serializationError(field.path, 'a structure');
  return value;
}

export function reqObject(field: Field): JsonObject {
  const value = optObject(field);
  if (value === undefined) throw missingMember(field.path, field.errorType);
  return value;
}

export function optStringList(field: Field): string[] | undefined {
  const value = present(field);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw serializationError(field.path, 'a list of strings');
  }
  return value as string[];
}

export function optObjectList(field: Field): JsonObject[] | undefined {
  const value = present(field);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every(isObject)) throw serializationError(field.path, 'a list of structures');
  return value as JsonObject[];
}

export function optStringMap(field: Field): Record<string, string> | undefined {
  const value = optObject(field);
  if (value === undefined) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw serializationError(`${field.path}.${key}`, 'a string');
  }
  return value as Record<string, string>;
}

/** Epoch seconds with millisecond precision: how the JSON protocols carry timestamps. */
export const epochSeconds = (ms: number): number => Math.round(ms) / 1000;

export function parseBody(raw: string): JsonObject {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AwsError({ type: 'SerializationException', message: 'Request body is not valid JSON' });
  }
  if (!isObject(parsed))
    throw new AwsError({ type: 'SerializationException', message: 'Request body must be an object' });
  return parsed;
}
