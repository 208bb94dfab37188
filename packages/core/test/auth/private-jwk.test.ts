import type { JWK } from 'jose';
import { expectTypeOf, it } from 'vitest';
import type { JwtAssertionOptions, PrivateJwk } from '../../src/auth/index.js';

// PrivateJwk stands in for jose's JWK in the declarations (jose is an
// optional peer): every key a user held before still fits.
it('accepts jose JWKs, Web Crypto JsonWebKeys and key literals, and rejects a mistyped member', () => {
  expectTypeOf<JWK>().toExtend<PrivateJwk>();
  expectTypeOf<JsonWebKey>().toExtend<PrivateJwk>();
  expectTypeOf<JWK>().toExtend<JwtAssertionOptions['privateKey']>();
  expectTypeOf({
    kty: 'EC',
    crv: 'P-256',
    x: 'x',
    y: 'y',
    d: 'd',
    kid: 'key-1',
    key_ops: ['sign'],
  }).toExtend<PrivateJwk>();
  expectTypeOf<{ kty: number }>().not.toExtend<PrivateJwk>();
  expectTypeOf<{ key_ops: number[] }>().not.toExtend<PrivateJwk>();
});
