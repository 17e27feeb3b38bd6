/**
 * MaxResults/NextToken paging. Tokens are opaque, bound to the operation that issued them (AWS refuses a token from
 * another call), and range errors use the exception the service declares for them.
 */
import { AwsError, constraintViolation } from './errors.ts';
import { optInteger, optString, type JsonObject } from './json.ts';

export interface PageRequest {
  maxResults: number | undefined;
  nextToken: string | undefined;
  /** Member names as the service spells them, for error messages. */
  maxResultsName: string;
  min: number;
  max: number;
  /** Page size when the caller gives none. */
  defaultSize: number;
  /** What the token belongs to (operation + filter), so a foreign token is refused. */
  scope: string;
  /** Exception name for an out-of-range MaxResults (and a bad token, unless `tokenErrorType` says otherwise). */
  errorType: string;
  tokenErrorType?: string;
}

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

/** An opaque token carrying numbers (an offset, a time) for the call `scope` names. */
export function encodeToken(scope: string, data: Record<string, number>): string {
  return Buffer.from(JSON.stringify({ ...data, s: scope }), 'utf8').toString('base64url');
}

/** The numbers a token carries, or the refusal AWS gives for a token it did not issue for this call. */
export function decodeToken(
  token: string,
  init: { scope: string; keys: string[]; errorType: string },
): Record<string, number> {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid =
      typeof decoded === 'object' &&
      decoded !== null &&
      decoded.s === init.scope &&
      init.keys.every((key) => typeof decoded[key] === 'number' && Number.isFinite(decoded[key]));
    if (valid) return Object.fromEntries(init.keys.map((key) => [key, decoded[key] as number]));
  } catch {
    // falls through to the refusal below
  }
  throw new AwsError({ type: init.errorType, message: 'The specified NextToken is invalid.' });
}

function decodeOffset(request: PageRequest): number {
  if (request.nextToken === undefined) return 0;
  const errorType = request.tokenErrorType ?? request.errorType;
  const { o } = decodeToken(request.nextToken, { scope: request.scope, keys: ['o'], errorType });
  if (!Number.isInteger(o) || o < 0)
    throw new AwsError({ type: errorType, message: 'The specified NextToken is invalid.' });
  return o;
}

export function paginate<T>(items: T[], request: PageRequest): Page<T> {
  const size = request.maxResults ?? request.defaultSize;
  if (size < request.min || size > request.max) {
    throw constraintViolation({
      path: request.maxResultsName,
      value: size,
      constraint: `Member must have value ${size < request.min ? 'greater' : 'less'} than or equal to ${size < request.min ? request.min : request.max}`,
      type: request.errorType,
    });
  }
  const offset = decodeOffset(request);
  const end = offset + size;
  const nextToken = end < items.length ? encodeToken(request.scope, { o: end }) : undefined;
  return { items: items.slice(offset, end), nextToken };
}

/** paginate() for the services that spell their paging members `MaxResults` and `NextToken` (App Runner, SSM). */
export function paginateInput<T>(
  items: T[],
  request: { input: JsonObject } & Omit<PageRequest, 'maxResults' | 'nextToken' | 'maxResultsName'>,
): Page<T> {
  const { input, ...limits } = request;
  return paginate(items, {
    ...limits,
    maxResults: optInteger({ obj: input, key: 'MaxResults', path: 'maxResults' }),
    nextToken: optString({ obj: input, key: 'NextToken', path: 'nextToken' }),
    maxResultsName: 'maxResults',
  });
}
