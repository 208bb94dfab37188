import type * as NodeCrypto from 'node:crypto';
import { ConfigurationError } from '../../errors/index.js';
import { loadNodeCrypto } from '../../internal/node-builtin.js';
import { bytesToBase64, bytesToHex, utf8 } from './encoding.js';
import { nodeHmacKey } from './node-hmac.js';

export type HashName = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64';
/** One piece of signed content; pieces are MACed in order, as if concatenated. */
export type Part = string | Uint8Array;
/** The MAC of the parts under one prepared key, encoded. */
export type MacFn = (parts: readonly Part[], encoding: DigestEncoding) => string | Promise<string>;
/** Ed25519 verification under one prepared public key. */
export type Ed25519Fn = (
  parts: readonly Part[],
  signature: Uint8Array,
) => boolean | Promise<boolean>;

/** Which implementation verifies: `auto` picks node:crypto where it exists. */
export type CryptoPreference = 'auto' | 'node' | 'web';

export interface CryptoEngine {
  readonly name: 'node' | 'web';
  /** Prepares a key once per secret; the verifier keeps the result. */
  hmacKey(hash: HashName, secret: Uint8Array): MacFn | Promise<MacFn>;
  sha256Hex(data: Part): string | Promise<string>;
  ed25519Key(publicKey: Uint8Array): Ed25519Fn | Promise<Ed25519Fn>;
}

/*
 * Web Crypto is the portable baseline; node:crypto is used where it exists
 * because it is measurably faster for every primitive here. Verifications
 * per CPU-second (all threads, so Web Crypto's worker pool counts), median of
 * 7 rounds, Node 24.21 on 2 vCPU; reproduce with `node bench/webhooks.mjs`
 * (rows `@org/core` and `@org/core web-crypto`):
 *
 *   github (HMAC-SHA256), 1 KB     node:crypto 386,543   Web Crypto 46,573   8.3x
 *   github (HMAC-SHA256), 64 KB    node:crypto  26,096   Web Crypto 15,380   1.7x
 *   Standard Webhooks v1a, 1 KB    node:crypto   9,094   Web Crypto  7,187   1.3x
 *   Standard Webhooks v1a, 64 KB   node:crypto   4,630   Web Crypto  4,317   1.1x
 *
 * subtle.sign is a promise round trip to a worker thread, so its fixed cost
 * dominates small bodies. On Node 24 createHmac with a Buffer key runs at
 * 68,098/s for 1 KB against 429,366/s with a KeyObject made once (6.3x; a
 * string key is as fast as the KeyObject but cannot carry decoded key bytes),
 * so keys are prepared once per verifier and kept there, never at module
 * level: on node:crypto as HMAC hash states (see node-hmac.ts).
 */
export function selectCryptoEngine(preference: CryptoPreference = 'auto'): CryptoEngine {
  if (preference !== 'web') {
    const node = loadNodeCrypto();
    if (node !== undefined) return nodeEngine(node);
    if (preference === 'node') {
      throw new ConfigurationError(
        "crypto: 'node' was asked for but node:crypto is not available in this runtime; use 'auto' or 'web'.",
      );
    }
  }
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new ConfigurationError(
      'Neither node:crypto nor Web Crypto (globalThis.crypto.subtle) is available; webhook verification needs one.',
    );
  }
  return webEngine(subtle);
}

function nodeEngine(node: typeof NodeCrypto): CryptoEngine {
  return {
    name: 'node',
    hmacKey: (hash, secret) => nodeHmacKey(node, hash, secret),
    // The one-shot hash (Node 20.12+, 21.7+) skips the Hash object and its
    // two calls into C++; older runtimes get the streaming form.
    sha256Hex:
      typeof node.hash === 'function'
        ? (data) => node.hash('sha256', data, 'hex')
        : (data) => node.createHash('sha256').update(data).digest('hex'),
    ed25519Key(publicKey) {
      const key = node.createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: base64url(publicKey) },
        format: 'jwk',
      });
      // Ed25519 (RFC 8032) is not streaming: the message is one buffer.
      return (parts, signature) => node.verify(null, concat(parts), key, signature);
    },
  };
}

const WEB_HASH = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' } as const;

function webEngine(subtle: SubtleCrypto): CryptoEngine {
  return {
    name: 'web',
    async hmacKey(hash, secret) {
      const key = await subtle.importKey(
        'raw',
        secret as Uint8Array<ArrayBuffer>,
        { name: 'HMAC', hash: WEB_HASH[hash] },
        false,
        ['sign'],
      );
      return async (parts, encoding) => {
        const digest = new Uint8Array(await subtle.sign('HMAC', key, concat(parts)));
        return encoding === 'hex' ? bytesToHex(digest) : bytesToBase64(digest);
      };
    },
    sha256Hex: async (data) =>
      bytesToHex(new Uint8Array(await subtle.digest('SHA-256', concat([data])))),
    async ed25519Key(publicKey) {
      const key = await subtle.importKey(
        'raw',
        publicKey as Uint8Array<ArrayBuffer>,
        { name: 'Ed25519' },
        false,
        ['verify'],
      );
      return (parts, signature) =>
        subtle.verify('Ed25519', key, signature as Uint8Array<ArrayBuffer>, concat(parts));
    },
  };
}

export function concat(parts: readonly Part[]): Uint8Array<ArrayBuffer> {
  const bytes = parts.map((part) => (typeof part === 'string' ? utf8.encode(part) : part));
  if (bytes.length === 1 && bytes[0]!.buffer instanceof ArrayBuffer) {
    return bytes[0] as Uint8Array<ArrayBuffer>;
  }
  let length = 0;
  for (const part of bytes) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of bytes) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function base64url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
