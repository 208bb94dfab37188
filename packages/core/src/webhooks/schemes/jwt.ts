import type * as Jose from 'jose';
import { ConfigurationError } from '../../errors/index.js';
import { importOptionalPeer } from '../../internal/optional-peer.js';
import { WebhookVerificationError } from '../errors.js';
import type { CryptoEngine } from '../internal/crypto-engine.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing } from '../internal/key-ring.js';
import { bodyText } from '../internal/payload.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import type { WebhookRequest, WebhookSecretSource } from '../types.js';
import { canonicalRequest } from './query-string-hash.js';

/** A JSON Web Key Set: `{ keys: [...] }` (RFC 7517 §5). */
export interface JsonWebKeySet {
  readonly keys: readonly Readonly<Record<string, unknown>>[];
}

export interface JwtSchemeOptions {
  /** Accepted `alg` values, e.g. `['RS256']`. Required: a token never chooses its own algorithm. */
  readonly algorithms: readonly string[];
  /** Shared secret(s) for HS256/HS384/HS512 (UTF-8 text or bytes). */
  readonly secret?: WebhookSecretSource;
  /** A local JWKS. */
  readonly jwks?: JsonWebKeySet;
  /** A remote JWKS URL, fetched by jose's createRemoteJWKSet and cached per verifier. */
  readonly jwksUrl?: string | URL;
  /** How long fetched keys are used, ms. Default 600,000 (jose's default). */
  readonly jwksCacheMaxAgeMs?: number;
  /** Least time between refetches for an unknown `kid`, ms. Default 30,000. */
  readonly jwksCooldownMs?: number;
  /** JWKS fetch timeout, ms. Default 5,000. */
  readonly jwksTimeoutMs?: number;
  /** Required `aud` value(s). Default: not checked. */
  readonly audience?: string | readonly string[];
  /** Required `iss` value(s). Default: not checked. */
  readonly issuer?: string | readonly string[];
  /** Claims that must be present. Default none. */
  readonly requiredClaims?: readonly string[];
  /** Oldest accepted `iat`, seconds. Default: not checked (`exp` bounds the token). */
  readonly maxTokenAgeSeconds?: number;
  /** Header carrying the token, `Bearer ` or `JWT ` prefix allowed. Default 'authorization'. */
  readonly tokenHeader?: string;
  /** `body`: the body itself is the compact JWS and `payload` is its claims. Default 'header'. */
  readonly tokenIn?: 'header' | 'body';
  /**
   * Check Atlassian Connect's `qsh` claim against `request.method` and `url`
   * (`baseUrl`: the app's base URL, whose path is dropped). Default false.
   */
  readonly qsh?: boolean | { readonly baseUrl?: string };
}

const HMAC_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512']);
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Bigger than any real token; refused before base64 decoding. */
const MAX_TOKEN_LENGTH = 16_384;

type KeyInput = Parameters<typeof Jose.jwtVerify>[1];

function validate(options: JwtSchemeOptions): void {
  const sources = [options.secret, options.jwks, options.jwksUrl].filter((v) => v !== undefined);
  if (sources.length !== 1) {
    throw new ConfigurationError(
      'The jwt webhook verifier needs exactly one of `secret` (HS*), `jwks` or `jwksUrl`.',
    );
  }
  const algorithms = options.algorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new ConfigurationError(
      "jwt: `algorithms` must list the accepted algorithms, e.g. ['RS256'].",
    );
  }
  for (const alg of algorithms) {
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw new ConfigurationError(`jwt: algorithms: '${String(alg)}' is not accepted.`);
    }
    // An HMAC algorithm next to public keys is the classic confusion attack
    // (the public key used as the HMAC secret); never mix them.
    if (HMAC_ALGORITHMS.has(alg) !== (options.secret !== undefined)) {
      throw new ConfigurationError(
        options.secret !== undefined
          ? `jwt: algorithms: '${alg}' needs a public key; with \`secret\` only HS256, HS384 and HS512 apply.`
          : `jwt: algorithms: '${alg}' needs \`secret\`; JWKS keys verify asymmetric algorithms only.`,
      );
    }
  }
}

/**
 * JWT/JWS deliveries (Atlassian Connect, OIDC-authenticated pushes), checked
 * by jose, which is imported on first use so verifiers of other schemes never
 * load it. The token covers its claims, not the body, unless the vendor binds
 * them (qsh binds method and URL; a body token is its own payload).
 */
export function jwtScheme(
  options: JwtSchemeOptions,
  engine: CryptoEngine,
  context: { readonly now: () => number; readonly toleranceSeconds: number },
): Scheme {
  validate(options);
  const name = 'jwt';
  const header = (options.tokenHeader ?? 'authorization').toLowerCase();
  let jose: Promise<typeof Jose> | undefined;
  let keySet: Promise<KeyInput> | undefined;
  const secrets =
    options.secret === undefined
      ? undefined
      : new KeyRing<Uint8Array>(name, options.secret, (value) => decodeSecret(value, 'utf8'));

  /**
   * jose is an optional peer dependency: a missing one is a
   * ConfigurationError saying to install it, and is not kept, so the next
   * delivery tries again.
   */
  function loadJose(): Promise<typeof Jose> {
    jose ??= importOptionalPeer('jose', 'The jwt webhook verifier', () => import('jose')).catch(
      (error: unknown) => {
        jose = undefined;
        throw error;
      },
    );
    return jose;
  }

  function loadKeySet(lib: typeof Jose): Promise<KeyInput> {
    keySet ??= Promise.resolve().then(() => {
      if (options.jwks !== undefined) {
        return lib.createLocalJWKSet(options.jwks as Jose.JSONWebKeySet) as KeyInput;
      }
      return lib.createRemoteJWKSet(new URL(String(options.jwksUrl)), {
        cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        timeoutDuration: options.jwksTimeoutMs ?? 5_000,
      }) as KeyInput;
    });
    return keySet;
  }

  function readToken(request: WebhookRequest, body: string | Uint8Array): string {
    let token: string;
    if (options.tokenIn === 'body') {
      token = bodyText(body).trim();
    } else {
      const value = readHeader(request.headers, header);
      if (value === undefined) {
        throw new WebhookVerificationError(
          'missing-header',
          `The ${header} header is missing: the delivery carries no token.`,
          { scheme: name, header },
        );
      }
      token = value.replace(/^(?:Bearer|JWT)[ \t]+/i, '');
    }
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
      throw new WebhookVerificationError(
        'malformed-header',
        `The ${options.tokenIn === 'body' ? 'body' : `${header} header`} is not a compact JWS (three base64url parts).`,
        { scheme: name, ...(options.tokenIn === 'body' ? {} : { header }) },
      );
    }
    return token;
  }

  return {
    name,
    signsTimestamp: false,
    async verify(request: WebhookRequest, body: string | Uint8Array): Promise<SchemeResult> {
      const token = readToken(request, body);
      const lib = await loadJose();
      const verifyOptions: Jose.JWTVerifyOptions = {
        algorithms: [...options.algorithms],
        clockTolerance: context.toleranceSeconds,
        currentDate: new Date(context.now()),
        ...(options.audience === undefined
          ? {}
          : { audience: options.audience as string | string[] }),
        ...(options.issuer === undefined ? {} : { issuer: options.issuer as string | string[] }),
        ...(options.requiredClaims === undefined
          ? {}
          : { requiredClaims: [...options.requiredClaims] }),
        ...(options.maxTokenAgeSeconds === undefined
          ? {}
          : { maxTokenAge: options.maxTokenAgeSeconds }),
      };
      let claims: Jose.JWTPayload | undefined;
      let lastError: unknown;
      const keys: KeyInput[] =
        secrets === undefined
          ? [await loadKeySet(lib)]
          : ((await secrets.keys(request)) as Uint8Array[]);
      for (const key of keys) {
        try {
          claims = (await lib.jwtVerify(token, key as Uint8Array, verifyOptions)).payload;
          break;
        } catch (error) {
          lastError = error;
          // Another secret can only help when this one's signature failed.
          if ((error as { code?: string }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') break;
        }
      }
      if (claims === undefined) throw mapJoseError(lastError, name, header);
      if (options.qsh !== undefined && options.qsh !== false) {
        await checkQsh(
          claims,
          request,
          options.qsh === true ? undefined : options.qsh.baseUrl,
          engine,
          name,
        );
      }
      return {
        id: typeof claims.jti === 'string' ? claims.jti : undefined,
        timestamp: typeof claims.iat === 'number' ? claims.iat : undefined,
        enforceTolerance: false,
        claims,
        payloadKind: 'json',
        ...(options.tokenIn === 'body' ? { payload: claims } : {}),
      };
    },
  };
}

async function checkQsh(
  claims: Jose.JWTPayload,
  request: WebhookRequest,
  baseUrl: string | undefined,
  engine: CryptoEngine,
  name: string,
): Promise<void> {
  if (request.method === undefined || request.url === undefined) {
    throw new ConfigurationError('jwt with qsh: pass `method` and `url` to verify().');
  }
  const expected = await engine.sha256Hex(canonicalRequest(request.method, request.url, baseUrl));
  // A `context-qsh` token is for iframes, never for a server-to-server call, so it fails here too.
  if (claims.qsh !== expected) {
    throw new WebhookVerificationError(
      'bad-signature',
      'The token is signed but its qsh claim does not match this request (method, path and query): it was issued for another request.',
      { scheme: name, details: { claim: 'qsh' } },
    );
  }
}

function mapJoseError(error: unknown, scheme: string, header: string): WebhookVerificationError {
  const code = (error as { code?: string } | undefined)?.code;
  const claim = (error as { claim?: string } | undefined)?.claim;
  const base = { scheme, header, cause: error };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new WebhookVerificationError(
        'timestamp-too-old',
        `The token has expired (${claim} claim). A replay, or this server's clock is ahead: check NTP.`,
        { ...base, details: { claim } },
      );
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (
        (claim === 'nbf' || claim === 'iat') &&
        (error as { reason?: string }).reason === 'check_failed'
      ) {
        return new WebhookVerificationError(
          'timestamp-in-future',
          `The token is not valid yet (${claim} claim). This server's clock is probably behind: check NTP.`,
          { ...base, details: { claim } },
        );
      }
      return new WebhookVerificationError(
        'bad-signature',
        `The token is signed but its ${claim} claim is not accepted here (check audience, issuer and requiredClaims).`,
        { ...base, details: { claim } },
      );
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new WebhookVerificationError(
        'malformed-header',
        'The token is not a valid JWS/JWT.',
        base,
      );
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new WebhookVerificationError(
        'no-secret',
        'No single key in the JWKS matches the token (kid, alg). If the vendor rotated keys, the cache refetches after its cooldown.',
        base,
      );
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new WebhookVerificationError(
        'no-secret',
        'The signing keys could not be loaded or used (JWKS fetch failed, timed out, or holds an unsupported key). Try again; check jwksUrl.',
        { ...base, retryable: code === 'ERR_JWKS_TIMEOUT' },
      );
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new WebhookVerificationError(
        'bad-signature',
        'The token is signed with an algorithm not in `algorithms`.',
        base,
      );
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new WebhookVerificationError(
        'bad-signature',
        'The token signature does not verify under the configured keys.',
        base,
      );
    default:
      // A failed JWKS fetch surfaces as a plain fetch error.
      return new WebhookVerificationError(
        'no-secret',
        'The token could not be checked: the signing keys were not available. Try again; check jwksUrl.',
        { ...base, retryable: true },
      );
  }
}
