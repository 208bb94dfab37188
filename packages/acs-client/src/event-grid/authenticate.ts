import { ConfigurationError } from '@org/core/errors';
import {
  createWebhookVerifier,
  type JsonWebKeySet,
  WebhookVerificationError,
  type WebhookVerifier,
} from '@org/core/webhooks';
import { readHeader } from './internal/headers.js';
import type { EventGridRequest } from './types.js';

/**
 * Event Grid webhooks carry no signature over the body. It authenticates
 * deliveries in one of two ways (https://learn.microsoft.com/azure/event-grid/security-authentication):
 * a Microsoft Entra ID access token in `Authorization: Bearer …`, or a secret
 * the subscriber put in the endpoint URL (or in a delivery-property header),
 * which Event Grid sends with every request, the validation handshake included.
 */
export type EventGridAuthOptions =
  | { readonly entra: EntraAuthOptions }
  | { readonly sharedSecret: SharedSecretAuthOptions };

/** Secure webhook delivery with Microsoft Entra ID (https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery). */
export interface EntraAuthOptions {
  /** The directory (tenant) id of the webhook's app registration. */
  readonly tenantId: string;
  /** The app's Application ID URI or client id: the token's `aud`. */
  readonly audience: string | readonly string[];
  /**
   * Accepted `iss`. Default both forms of the tenant's issuer:
   * `https://sts.windows.net/<tenant>/` (v1 tokens) and
   * `https://login.microsoftonline.com/<tenant>/v2.0` (v2 tokens).
   */
  readonly issuer?: string | readonly string[];
  /** Signing keys. Default: fetched from `https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys` and cached 10 minutes. */
  readonly jwks?: JsonWebKeySet;
  /** Another JWKS URL (a sovereign cloud's login host). */
  readonly jwksUrl?: string;
  /** Accepted clock skew for `exp` and `nbf`, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /** The clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

/** A secret of your own in the subscription's endpoint URL (or a delivery-property header). */
export interface SharedSecretAuthOptions {
  /** The secret; several while rotating (any one matches). */
  readonly secret: string | readonly string[];
  /** Where Event Grid sends it. Default `query`. */
  readonly in?: 'query' | 'header';
  /** The query parameter or header name. Default `code`. */
  readonly name?: string;
}

export interface EventGridAuthenticator {
  /** `entra` or `shared-secret`. */
  readonly method: 'entra' | 'shared-secret';
  /** Resolves when the request comes from your subscription; rejects with a WebhookVerificationError. */
  authenticate(request: EventGridRequest): Promise<void>;
}

/** Checks that a request comes from your Event Grid subscription, before it is read. */
export function createEventGridAuthenticator(
  options: EventGridAuthOptions,
): EventGridAuthenticator {
  if (options && 'entra' in options && options.entra) return entraAuthenticator(options.entra);
  if (options && 'sharedSecret' in options && options.sharedSecret)
    return sharedSecretAuthenticator(options.sharedSecret);
  throw new ConfigurationError(
    'Event Grid authentication needs `entra` ({ tenantId, audience }) or `sharedSecret` ({ secret }); unauthenticated delivery reports are refused.',
  );
}

function entraAuthenticator(options: EntraAuthOptions): EventGridAuthenticator {
  const tenant = options.tenantId;
  if (typeof tenant !== 'string' || !/^[A-Za-z0-9.-]+$/.test(tenant)) {
    throw new ConfigurationError(
      'entra.tenantId must be the directory (tenant) id of the webhook app registration, e.g. a GUID.',
    );
  }
  const verifier: WebhookVerifier = createWebhookVerifier('jwt', {
    algorithms: ['RS256'],
    ...(options.jwks
      ? { jwks: options.jwks }
      : {
          jwksUrl:
            options.jwksUrl ?? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
        }),
    audience: options.audience,
    issuer: options.issuer ?? [
      `https://sts.windows.net/${tenant}/`,
      `https://login.microsoftonline.com/${tenant}/v2.0`,
    ],
    // Event Grid reuses one token for many deliveries until it expires, so a
    // token seen twice is no replay; Event Grid's own retries carry the same
    // event id, which is where deduplication belongs.
    replay: false,
    vendor: 'azure-event-grid',
    ...(options.toleranceSeconds === undefined
      ? {}
      : { toleranceSeconds: options.toleranceSeconds }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    method: 'entra',
    async authenticate(request) {
      await verifier.verify({
        headers: request.headers,
        body: request.rawBody,
        url: request.url,
        method: request.method ?? 'POST',
      });
    },
  };
}

function sharedSecretAuthenticator(options: SharedSecretAuthOptions): EventGridAuthenticator {
  const encoder = new TextEncoder();
  const secrets = (typeof options.secret === 'string' ? [options.secret] : [...options.secret]).map(
    (secret) => encoder.encode(secret),
  );
  if (secrets.length === 0 || secrets.some((secret) => secret.length < 16)) {
    throw new ConfigurationError(
      'sharedSecret.secret must be at least 16 characters (a random value), one or several while rotating.',
    );
  }
  const where = options.in ?? 'query';
  const name = options.name ?? 'code';
  const label = where === 'query' ? `query parameter \`${name}\`` : `header ${name}`;
  return {
    method: 'shared-secret',
    async authenticate(request) {
      const given =
        where === 'query'
          ? (new URL(request.url, 'http://event-grid.invalid').searchParams.get(name) ?? undefined)
          : readHeader(request.headers, name);
      if (given === undefined || given === '') {
        throw new WebhookVerificationError(
          'missing-header',
          `The Event Grid request has no ${label}: it does not come from your subscription, or its endpoint URL lost the secret.`,
          { scheme: 'event-grid', ...(where === 'header' ? { header: name.toLowerCase() } : {}) },
        );
      }
      const bytes = encoder.encode(given);
      // Every secret is compared, each in constant time, so timing shows neither which matched nor where.
      let matched = false;
      for (const secret of secrets) matched = constantTimeEqual(bytes, secret) || matched;
      if (!matched) {
        throw new WebhookVerificationError(
          'bad-signature',
          `The Event Grid request's ${label} does not match the configured secret.`,
          { scheme: 'event-grid', ...(where === 'header' ? { header: name.toLowerCase() } : {}) },
        );
      }
    },
  };
}

/** Length first (a length is no secret), then every byte, whatever differs. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
