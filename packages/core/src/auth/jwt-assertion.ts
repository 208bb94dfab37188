import type { JWK } from 'jose';
import { ConfigurationError, isCoreError } from '../errors/index.js';
import { importOptionalPeer } from '../internal/optional-peer.js';
import type { CredentialProvider } from './credential-provider.js';
import { rotatingCredential } from './rotating-credential.js';

/**
 * A private JSON Web Key (RFC 7517 §4; key members RFC 7518 §6, RFC 8037 §2).
 * Declared here rather than taken from jose, an optional peer dependency, so
 * these declarations compile without it; jose's `JWK` and the Web Crypto
 * `JsonWebKey` are assignable to it.
 */
export type PrivateJwk = {
  readonly kty?: string;
  readonly alg?: string;
  readonly kid?: string;
  readonly use?: string;
  readonly key_ops?: readonly string[];
  readonly ext?: boolean;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly d?: string;
  readonly n?: string;
  readonly e?: string;
  readonly p?: string;
  readonly q?: string;
  readonly dp?: string;
  readonly dq?: string;
  readonly qi?: string;
  readonly oth?: readonly unknown[];
  readonly k?: string;
  readonly pub?: string;
  readonly priv?: string;
  readonly x5c?: readonly string[];
  readonly x5t?: string;
  readonly 'x5t#S256'?: string;
  readonly x5u?: string;
};

export interface JwtAssertionOptions {
  /** A PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), a private JWK, or a CryptoKey. */
  readonly privateKey: string | PrivateJwk | CryptoKey;
  /** JWS algorithm, e.g. `'RS256'`, `'ES256'`, `'PS256'`, `'EdDSA'`. */
  readonly alg: string;
  /** `iss`: for client authentication the client id (RFC 7523 §3); for Google the service account email. */
  readonly issuer: string;
  /** `sub`. Default: the issuer. */
  readonly subject?: string;
  /** `aud`: the token endpoint URL, or for a self-signed Google JWT the API's URL. */
  readonly audience: string | readonly string[];
  /** Lifetime in seconds. Default 300 (RFC 7523 leaves it short; Google allows at most 3600). */
  readonly ttlSec?: number;
  /** `kid` header, so the server finds the right public key. Default none. */
  readonly keyId?: string;
  /** More claims, e.g. `{ scope: '...' }` for Google. Registered claims above win. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Re-sign this long before expiry. Default 60 000 ms (at most half the lifetime). */
  readonly refreshBeforeMs?: number;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

type Jose = typeof import('jose');
type SigningKey = CryptoKey | Uint8Array;

const DEFAULT_TTL_SEC = 300;
let jose: Promise<Jose> | undefined;

/**
 * jose is loaded on first use, so importing the auth module costs nothing
 * extra; it is an optional peer dependency, so a missing one is a
 * ConfigurationError saying to install it. A failed load is not kept: the
 * next signature tries again.
 */
function loadJose(): Promise<Jose> {
  jose ??= importOptionalPeer(
    'jose',
    'jwtAssertion (signing JWT client assertions)',
    () => import('jose'),
  ).catch((error: unknown) => {
    jose = undefined;
    throw error;
  });
  return jose;
}

/**
 * A signed JWT (RFC 7519) as a credential, with a unique `jti` per signature,
 * cached until shortly before it expires. Use it as the `clientAssertion` of
 * `oauth2ClientCredentials` for `private_key_jwt` client authentication
 * (RFC 7523 §2.2), or with `bearerAuth` where an API takes self-signed JWTs
 * (Google service accounts).
 */
export function jwtAssertion(options: JwtAssertionOptions): CredentialProvider<string> {
  const { alg, issuer, audience, privateKey } = options;
  if (typeof alg !== 'string' || alg === '' || alg.toLowerCase() === 'none') {
    throw new ConfigurationError(
      "jwtAssertion needs alg, a JWS signing algorithm such as 'RS256' or 'ES256'.",
    );
  }
  if (typeof issuer !== 'string' || issuer === '') {
    throw new ConfigurationError(
      'jwtAssertion needs issuer (the client id or service account email).',
    );
  }
  if (audience === undefined || audience.length === 0) {
    throw new ConfigurationError(
      'jwtAssertion needs audience (the token endpoint URL or the API URL).',
    );
  }
  const ttlSec = options.ttlSec ?? DEFAULT_TTL_SEC;
  if (!Number.isFinite(ttlSec) || ttlSec <= 0) {
    throw new ConfigurationError('jwtAssertion ttlSec must be a positive number of seconds.');
  }
  checkKeyShape(privateKey);
  const now = options.now ?? Date.now;
  let key: Promise<SigningKey> | undefined;

  return rotatingCredential(
    async () => {
      const lib = await loadJose();
      key ??= importKey(lib, privateKey, alg);
      const signingKey = await key.catch((error: unknown) => {
        key = undefined;
        throw error;
      });
      const iat = Math.floor(now() / 1000);
      const exp = iat + ttlSec;
      const jwt = new lib.SignJWT({ ...options.claims })
        .setProtectedHeader(
          options.keyId === undefined
            ? { alg, typ: 'JWT' }
            : { alg, typ: 'JWT', kid: options.keyId },
        )
        .setIssuer(issuer)
        .setSubject(options.subject ?? issuer)
        .setAudience(typeof audience === 'string' ? audience : [...audience])
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(globalThis.crypto.randomUUID());
      let signed: string;
      try {
        signed = await jwt.sign(signingKey);
      } catch (error) {
        throw new ConfigurationError(
          `jwtAssertion could not sign with alg ${alg}${errorName(error)}; pass a private key of the type ${alg} needs.`,
        );
      }
      return { value: signed, expiresAt: exp * 1000 };
    },
    { refreshBeforeMs: options.refreshBeforeMs ?? 60_000, now },
  );
}

function checkKeyShape(privateKey: unknown): void {
  if (typeof privateKey === 'string') {
    if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(privateKey)) {
      throw new ConfigurationError(
        'jwtAssertion privateKey is a PKCS#1/SEC1 PEM; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem`.',
      );
    }
    if (!privateKey.includes('-----BEGIN PRIVATE KEY-----')) {
      throw new ConfigurationError(
        "jwtAssertion privateKey must be a PKCS#8 PEM ('-----BEGIN PRIVATE KEY-----'), a private JWK or a CryptoKey.",
      );
    }
    return;
  }
  if (typeof privateKey === 'object' && privateKey !== null) return;
  throw new ConfigurationError(
    "jwtAssertion privateKey must be a PKCS#8 PEM ('-----BEGIN PRIVATE KEY-----'), a private JWK or a CryptoKey.",
  );
}

async function importKey(
  lib: Jose,
  privateKey: string | PrivateJwk | CryptoKey,
  alg: string,
): Promise<SigningKey> {
  try {
    if (typeof privateKey === 'string') return await lib.importPKCS8(privateKey, alg);
    if (isCryptoKey(privateKey)) return privateKey;
    // jose reads the members; its JWK type only differs in mutability.
    return await lib.importJWK(privateKey as JWK, alg);
  } catch (error) {
    if (isCoreError(error)) throw error;
    // The cause is dropped on purpose: a parser's message may quote key bytes.
    throw new ConfigurationError(
      `jwtAssertion privateKey could not be imported for alg ${alg}${errorName(error)}; check that the key is a private key of the type ${alg} needs.`,
    );
  }
}

/** ` (JOSENotSupported)`-style hint: the error's class, never its message. */
function errorName(error: unknown): string {
  return error instanceof Error && error.name !== 'Error' ? ` (${error.name})` : '';
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}
