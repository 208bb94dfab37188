import { ConfigurationError } from '../errors/index.js';
import type { Policy } from '../transport/types.js';
import { applyBearer } from './bearer-auth.js';
import { credentialPolicy } from './credential-policy.js';
import {
  type CredentialProvider,
  isCredentialProvider,
  staticCredential,
} from './credential-provider.js';
import { assertCredentialValue } from './header-safety.js';
import { requestToken } from './oauth2-token-request.js';
import { DEFAULT_REFRESH_BEFORE_MS, rotatingCredential } from './rotating-credential.js';

export interface OAuth2ClientCredentialsOptions {
  /** The authorization server's token endpoint. https, or http on a loopback host only. */
  readonly tokenUrl: string;
  readonly clientId: string;
  /** The client secret; a provider lets it rotate. Set this or `clientAssertion`. */
  readonly clientSecret?: string | CredentialProvider<string>;
  /**
   * A signed JWT for `private_key_jwt` client authentication (RFC 7523 §2.2),
   * e.g. `jwtAssertion({ ... })`. A fresh one is asked for on every token request.
   */
  readonly clientAssertion?: CredentialProvider<string>;
  /**
   * How the secret is sent: `'basic'` in an Authorization header (RFC 6749
   * §2.3.1, which servers must support) or `'body'` as client_id and
   * client_secret form fields. Default `'basic'`.
   */
  readonly clientAuthentication?: 'basic' | 'body';
  /** RFC 6749 §3.3 scope; an array is joined with spaces. Default none. */
  readonly scope?: string | readonly string[];
  /** `audience` parameter some servers (Auth0, Okta) want. Default none. */
  readonly audience?: string;
  /** RFC 8707 resource indicator(s). Default none. */
  readonly resource?: string | readonly string[];
  /** More form parameters for the token request. */
  readonly extraParams?: Readonly<Record<string, string>>;
  /** Refresh this long before the token expires. Default 60 000 ms (at most half the token's lifetime). */
  readonly refreshBeforeMs?: number;
  /** Time allowed for one token request. Default 30 000 ms. */
  readonly tokenTimeoutMs?: number;
  /** On a 401 from the API, get a new token and send the request once more. Default true. */
  readonly retryOn401?: boolean;
  /** fetch used for the token endpoint. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A provider of OAuth2 access tokens from the client credentials grant
 * (RFC 6749 §4.4). Tokens are cached until `expires_in` minus
 * `refreshBeforeMs`, at most one token request is in flight, and a rejected
 * token can be invalidated. Share one provider between clients that use the
 * same client id so they share its token.
 */
export function oauth2TokenProvider(
  options: OAuth2ClientCredentialsOptions,
): CredentialProvider<string> {
  const url = parseTokenUrl(options.tokenUrl);
  assertCredentialValue(options.clientId, 'clientId', 'configuration');
  if (options.clientSecret !== undefined && options.clientAssertion !== undefined) {
    throw new ConfigurationError('Set either clientSecret or clientAssertion, not both.');
  }
  if (options.clientSecret === undefined && options.clientAssertion === undefined) {
    throw new ConfigurationError(
      'oauth2ClientCredentials needs a client credential: set clientSecret (or clientAssertion for private_key_jwt).',
    );
  }
  const secret = options.clientSecret;
  if (secret !== undefined && !isCredentialProvider(secret)) {
    assertCredentialValue(secret, 'clientSecret', 'configuration');
  }
  const auth = options.clientAuthentication ?? 'basic';
  if (auth !== 'basic' && auth !== 'body') {
    throw new ConfigurationError("clientAuthentication must be 'basic' or 'body'.");
  }
  const now = options.now ?? Date.now;
  const params: [string, string][] = [['grant_type', 'client_credentials']];
  if (options.scope !== undefined) params.push(['scope', joinList(options.scope)]);
  if (options.audience !== undefined) params.push(['audience', options.audience]);
  for (const resource of listOf(options.resource)) params.push(['resource', resource]);
  for (const [name, value] of Object.entries(options.extraParams ?? {})) params.push([name, value]);

  const config = {
    tokenUrl: url.href,
    endpointLabel: `${url.origin}${url.pathname}`,
    clientId: options.clientId,
    clientSecret:
      secret === undefined
        ? undefined
        : isCredentialProvider<string>(secret)
          ? secret
          : staticCredential(secret),
    clientAssertion: options.clientAssertion,
    clientAuthentication: auth,
    params,
    timeoutMs: options.tokenTimeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS,
    fetch: () => options.fetch ?? globalThis.fetch,
    now,
  } as const;
  return rotatingCredential(() => requestToken(config), {
    refreshBeforeMs: options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS,
    now,
    credentialId: options.clientId,
  });
}

/**
 * Bearer auth with tokens from the OAuth2 client credentials grant: cached,
 * refreshed before expiry with one request in flight, and on a 401 from the
 * API the token is invalidated and the request sent once more.
 */
export function oauth2ClientCredentials(options: OAuth2ClientCredentialsOptions): Policy {
  return credentialPolicy(oauth2TokenProvider(options), applyBearer, options.retryOn401 ?? true);
}

function parseTokenUrl(tokenUrl: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(tokenUrl));
  } catch {
    throw new ConfigurationError(
      "Set tokenUrl to the authorization server's token endpoint, e.g. https://login.example.com/oauth2/token.",
    );
  }
  // RFC 6749 §3.2: the token endpoint MUST be reached over TLS. Loopback
  // http stays allowed for local development servers.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigurationError(
      'tokenUrl must use https (RFC 6749 §3.2 requires TLS for the token endpoint); http is allowed for loopback hosts only.',
    );
  }
  return url;
}

function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function joinList(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : value.join(' ');
}
