/**
 * MaxResults/NextToken paging. Tokens are opaque, bound to the operation that issued them (AWS refuses a token from
 * another call), and range errors use the exception the service declares for them.
 */
import { AwsError, constraintViolation } from './errors.ts';

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

function decodeOffset(request: PageRequest): number {
  if (request.nextToken === undefined) return 0;
  try {
    const decoded = JSON.parse(Buffer.from(request.nextToken, 'base64url').toString('utf8')) as unknown;
    if (typeof decoded === 'object' && decoded !== null && 's' in decoded && 'o' in decoded) {
      const { s, o } = decoded as { s: unknown; o: unknown };
      if (s === request.scope && typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
    }
  } catch {
    // falls through to the refusal below
  }
  throw new AwsError({
    type: request.tokenErrorType ?? request.errorType,
    message: 'The specified NextToken is invalid.',
  });
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
  const nextToken =
    end < items.length
      ? Buffer.from(JSON.stringify({ s: request.scope, o: end }), 'utf8').toString('base64url')
      : undefined;
  return { items: items.slice(offset, end), nextToken };
}
