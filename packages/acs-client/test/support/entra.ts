import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JsonWebKeySet } from '@org/core/webhooks';

/**
 * A stand-in for Microsoft Entra ID: an RSA key whose public half is the
 * JWKS the authenticator trusts, and a second key under the same `kid` for
 * tokens that must fail ("signed with another secret"). Tokens are RS256
 * JWTs built by hand (RFC 7515 compact serialization) with node:crypto.
 */
export interface EntraStandIn {
  readonly tenantId: string;
  readonly audience: string;
  readonly jwks: JsonWebKeySet;
  /** A bearer token as Event Grid sends it; `key: 'other'` signs with the untrusted key. */
  token(options?: {
    key?: 'trusted' | 'other';
    claims?: Record<string, unknown>;
    nowSeconds?: number;
  }): string;
}

const KID = 'test-signing-key';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function createEntraStandIn(): EntraStandIn {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const audience = 'api://acs-delivery-reports';
  const jwk = trusted.publicKey.export({ format: 'jwk' });
  const sign = (privateKey: KeyObject, claims: Record<string, unknown>): string => {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  };
  return {
    tenantId,
    audience,
    jwks: { keys: [{ ...jwk, kid: KID, alg: 'RS256', use: 'sig' }] },
    token({ key = 'trusted', claims = {}, nowSeconds = Math.floor(Date.now() / 1000) } = {}) {
      return sign(key === 'trusted' ? trusted.privateKey : other.privateKey, {
        aud: audience,
        iss: `https://sts.windows.net/${tenantId}/`,
        iat: nowSeconds - 60,
        nbf: nowSeconds - 60,
        exp: nowSeconds + 3600,
        tid: tenantId,
        ...claims,
      });
    },
  };
}
