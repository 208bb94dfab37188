import { randomBytes } from 'node:crypto';
import type { Pack } from '../../pack/types.js';
import type { AuthExpectation } from '../../simulator/check-auth.js';

/**
 * Credentials made for one run. The secret parts are canaries: each is a
 * random marker, so finding one (or its Basic-header base64) anywhere in an
 * error, event or span is a leak, with no false alarm from ordinary text.
 */
export interface Canary {
  /** The non-secret identity (Basic user-id, key id). */
  readonly username: string;
  /** The secret (Basic password, bearer token, API key). */
  readonly secret: string;
  /** Every form the secret could leak in: as is, and inside a Basic header's base64. */
  readonly forms: readonly string[];
}

export function makeCanary(label = 'main'): Canary {
  // 32 characters of the base64 alphabet: also a valid base64 access key for signing schemes.
  const secret = `canary${randomBytes(13).toString('hex')}`;
  const username = `user-${label}-${randomBytes(4).toString('hex')}`;
  return { username, secret, forms: leakForms(username, secret) };
}

function leakForms(username: string, secret: string): string[] {
  const basic = Buffer.from(`${username}:${secret}`).toString('base64');
  // A base64 run shifts with its offset: the middle of the encoding survives inside longer text.
  return [secret, basic, basic.slice(4, -4)];
}

/** The factory options carrying the credential, per the pack's auth (codegen's option names). */
export function credentialOptions(
  pack: Pack,
  canary: Canary,
  variant = 0,
): Record<string, unknown> {
  const auth = pack.auth;
  switch (auth.type) {
    case 'basic': {
      const chosen = auth.variants[variant] ?? auth.variants[0];
      if (!chosen) return {};
      return {
        credentials: { [chosen.username]: canary.username, [chosen.password]: canary.secret },
      };
    }
    case 'bearer':
      return { [auth.option]: canary.secret };
    case 'apiKey':
    case 'hmac-sha256':
      return { [auth.option]: canary.secret };
    default:
      return {};
  }
}

/** What the simulator accepts: exactly this canary's credential. */
export function authExpectation(pack: Pack, canaries: readonly Canary[]): AuthExpectation {
  const auth = pack.auth;
  switch (auth.type) {
    case 'basic':
      return {
        type: 'basic',
        accept: canaries.map((c) => ({ username: c.username, password: c.secret })),
      };
    case 'bearer':
      return { type: 'bearer', accept: canaries.map((c) => c.secret) };
    case 'apiKey':
      return {
        type: 'apiKey',
        in: auth.in,
        name: auth.name,
        accept: canaries.map((c) => c.secret),
      };
    case 'hmac-sha256':
      return { type: 'hmac-sha256', accept: canaries.map((c) => c.secret) };
    default:
      return { type: 'none' };
  }
}
