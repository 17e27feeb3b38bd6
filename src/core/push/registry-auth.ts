/**
 * Bearer tokens for registries that answer Basic credentials with a token challenge (Docker Hub style; ECR itself
 * takes Basic). A token is good for one scope, so tokens are kept per scope: a token for one repository sent to
 * another would be refused and fetched again on every switch between concurrent uploads.
 */

export interface Challenge {
  realm: string;
  service?: string;
  scope?: string;
}

/** Fetches `url` with the Basic credentials and returns the parsed JSON body; throws on anything but a 200. */
export type TokenFetch = (url: string) => Promise<unknown>;

export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[match[1].toLowerCase()] = match[2];
  return params.realm ? { realm: params.realm, service: params.service, scope: params.scope } : undefined;
}

/** The scope a request needs: push and pull on its repository, or the registry itself (`/v2/`). */
export function scopeOf(repository: string | undefined): string {
  return repository ? `repository:${repository}:pull,push` : '';
}

export class BearerTokens {
  private readonly fetchJson: TokenFetch;
  /** The last challenge seen: once known, a token for a new scope is fetched before the first request. */
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(fetchJson: TokenFetch) {
    this.fetchJson = fetchJson;
  }

  /** Whether the registry has asked for tokens, so a request without one would only earn a 401. */
  get inUse(): boolean {
    return this.challenge !== undefined;
  }

  /** The token for `scope`: the cached one, or one fetched now (one fetch however many requests wait for it). */
  token(scope: string): Promise<string> | undefined {
    const cached = this.tokens.get(scope);
    if (cached || !this.challenge) return cached;
    return this.renew(scope, { ...this.challenge, scope: undefined });
  }

  /** A fresh token for `scope` after a challenge (a first one, or an expired token). */
  renew(scope: string, challenge: Challenge): Promise<string> {
    this.challenge = { realm: challenge.realm, service: challenge.service };
    const url = new URL(challenge.realm);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    const wanted = challenge.scope ?? scope;
    if (wanted) url.searchParams.set('scope', wanted);
    const pending = this.fetchJson(url.href).then((answer) => {
      // The distribution token spec names it `token`; OAuth2-style servers answer only `access_token`.
      const { token, access_token } = (answer ?? {}) as { token?: string; access_token?: string };
      const value = token ?? access_token;
      if (!value) throw new Error(`Token service ${url.host} returned no token.`);
      return value;
    });
    this.tokens.set(scope, pending);
    // A failed fetch must not stay cached: the next request tries again.
    pending.catch(() => {
      if (this.tokens.get(scope) === pending) this.tokens.delete(scope);
    });
    return pending;
  }
}
