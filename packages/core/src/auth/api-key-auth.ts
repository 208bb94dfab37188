import { ConfigurationError } from '../errors/index.js';
import { deriveRequest } from '../internal/body-source.js';
import type { Policy } from '../transport/types.js';
import { type ApplyCredential, credentialPolicy } from './credential-policy.js';
import {
  type CredentialProvider,
  isCredentialProvider,
  staticCredential,
} from './credential-provider.js';
import { assertCredentialValue, assertHeaderName } from './header-safety.js';

export interface ApiKeyAuthOptions {
  /** Where the key goes. */
  readonly in: 'header' | 'query';
  /** Header name (e.g. `x-api-key`) or query parameter name (e.g. `api_key`). */
  readonly name: string;
  readonly key: string | CredentialProvider<string>;
  /** Header only: text put before the key, e.g. `'Token '`. Default none. */
  readonly prefix?: string;
  /** On a 401, invalidate the key and retry once (providers with `invalidate` only). Default true. */
  readonly retryOn401?: boolean;
}

/**
 * An API key in a header or in the query string. A key in the query string
 * turns the URL into a secret: nothing in this package logs URLs, and the
 * errors it throws never quote one.
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): Policy {
  const { name, key } = options;
  if (options.in !== 'header' && options.in !== 'query') {
    throw new ConfigurationError("apiKeyAuth option `in` must be 'header' or 'query'.");
  }
  if (typeof name !== 'string' || name.length === 0) {
    throw new ConfigurationError(
      'apiKeyAuth needs `name`: the header or query parameter that carries the key.',
    );
  }
  const provider = isCredentialProvider<string>(key) ? key : staticCredential(key);
  if (!isCredentialProvider(key)) {
    assertCredentialValue(key, 'apiKeyAuth key', 'configuration');
  }
  const apply: ApplyCredential<string> =
    options.in === 'header' ? headerApply(name, options.prefix ?? '') : queryApply(name);
  return credentialPolicy(provider, apply, options.retryOn401 ?? true);
}

function headerApply(name: string, prefix: string): ApplyCredential<string> {
  assertHeaderName(name, 'apiKeyAuth name');
  return (request, key) => {
    assertCredentialValue(key, 'The API key from the credential provider', 'auth');
    request.headers.set(name, prefix + key);
    return request;
  };
}

function queryApply(name: string): ApplyCredential<string> {
  const encodedName = encodeURIComponent(name);
  return (request, key) => {
    assertCredentialValue(key, 'The API key from the credential provider', 'auth');
    // Appended as text rather than through URLSearchParams, which would
    // re-serialize the whole query and alter the encoding the serializer
    // chose for other parameters (`%20` would become `+`).
    const url = request.url;
    const hash = url.indexOf('#');
    const base = hash === -1 ? url : url.slice(0, hash);
    const separator = base.includes('?')
      ? base.endsWith('?') || base.endsWith('&')
        ? ''
        : '&'
      : '?';
    return withUrl(request, `${base}${separator}${encodedName}=${encodeURIComponent(key)}`);
  };
}

/** The same request at another URL, its body kept (remembered or moved). */
function withUrl(request: Request, url: string): Request {
  return deriveRequest(request, { url, keepalive: request.keepalive });
}
