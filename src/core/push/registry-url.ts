/**
 * Upload URLs as the registry hands them out. Their query often carries signed or opaque state (distribution's
 * `_state`, pre-signed object-store URLs), so it is kept byte for byte: never parsed into URLSearchParams and
 * serialised again, which would re-encode `/`, `~`, `+` and friends and break the signature.
 */

const SCHEME_AND_AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/** The part before `?`, the raw query (undefined when there is none), the fragment dropped. */
function splitQuery(url: string): { head: string; query?: string } {
  const withoutFragment = url.split('#', 1)[0];
  const mark = withoutFragment.indexOf('?');
  if (mark < 0) return { head: withoutFragment };
  return { head: withoutFragment.slice(0, mark), query: withoutFragment.slice(mark + 1) };
}

/**
 * A `Location` header resolved against the URL of the request that returned it (RFC 9110 §10.2.2), not against the
 * registry root: `uuid?_state=…` answered to `/v2/app/blobs/uploads/` means `/v2/app/blobs/uploads/uuid?_state=…`.
 */
export function resolveLocation(location: string, requestUrl: string): string {
  const { head, query } = splitQuery(location);
  const resolved = new URL(head, requestUrl);
  return `${resolved.origin}${resolved.pathname}${query === undefined ? '' : `?${query}`}`;
}

/** The upload URL with `digest=` added for the closing PUT, the rest of the query left exactly as it was. */
export function withDigest(url: string, digest: string): string {
  const { head, query } = splitQuery(url);
  const parameter = `digest=${encodeURIComponent(digest)}`;
  if (query === undefined || query === '') return `${head}?${parameter}`;
  return `${head}?${query}${query.endsWith('&') ? '' : '&'}${parameter}`;
}

export interface RequestTarget {
  /** Parsed, for the protocol, host and port. */
  url: URL;
  /** Path and query as they go on the request line, unchanged from the string the request was made with. */
  path: string;
}

/** Where a request goes: an absolute URL, or a path on the registry. */
export function requestTarget(url: string, endpoint: URL): RequestTarget {
  const parsed = new URL(url, endpoint);
  const authority = SCHEME_AND_AUTHORITY.exec(url);
  const raw = authority ? url.slice(authority[0].length) : url.startsWith('/') ? url : undefined;
  if (raw === undefined) return { url: parsed, path: `${parsed.pathname}${parsed.search}` };
  const { head, query } = splitQuery(raw);
  const path = `${head.startsWith('/') ? head : `/${head}`}${query === undefined ? '' : `?${query}`}`;
  return { url: parsed, path };
}

/**
 * Whether a request to `url` may carry the registry's credentials: only on the registry's own scheme, host and port.
 * Comparing the host alone let a `Location: http://…` from an https registry receive them in cleartext.
 */
export function sameOrigin(url: URL, endpoint: URL): boolean {
  return url.origin === endpoint.origin;
}

/**
 * Whether the Basic credentials may go to a Bearer token realm: over https, or on the registry's own host when the
 * registry itself is plain http (a local or test registry). Never over http when the registry is https.
 */
export function realmMayReceiveCredentials(realm: URL, endpoint: URL): boolean {
  if (realm.protocol === 'https:') return true;
  return realm.protocol === 'http:' && endpoint.protocol === 'http:' && realm.hostname === endpoint.hostname;
}
