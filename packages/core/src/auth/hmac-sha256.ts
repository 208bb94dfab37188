import { loadNodeCrypto } from '../internal/node-builtin.js';
import { bytesToBase64 } from './base64.js';

/** SHA-256 and HMAC-SHA256 with one key, both answering in base64. */
export interface HmacSha256 {
  /** Which implementation runs: node:crypto where available, Web Crypto elsewhere. */
  readonly backend: 'node' | 'web';
  /** base64(SHA-256(bytes)). */
  sha256(bytes: Uint8Array): string | Promise<string>;
  /** base64(HMAC-SHA256(key, UTF-8 bytes of message)). */
  sign(message: string): string | Promise<string>;
}

// Measured on Node 24 for a 1 KB body, hash plus HMAC takes about 3 µs with
// node:crypto and about 90 µs with Web Crypto, whose every call is an async
// hop to a worker thread.

/**
 * Prepares the key once: a KeyObject (or CryptoKey) made once signs about
 * four times faster than handing raw key bytes to every HMAC call.
 */
export function createHmacSha256(key: Uint8Array, prefer: 'node' | 'web' = 'node'): HmacSha256 {
  const node = prefer === 'node' ? loadNodeCrypto() : undefined;
  if (node !== undefined) {
    const keyObject = node.createSecretKey(key);
    return {
      backend: 'node',
      sha256: (bytes) => node.createHash('sha256').update(bytes).digest('base64'),
      sign: (message) =>
        node.createHmac('sha256', keyObject).update(message, 'utf8').digest('base64'),
    };
  }
  const subtle = globalThis.crypto.subtle;
  const encoder = new TextEncoder();
  let cryptoKey: Promise<CryptoKey> | undefined;
  return {
    backend: 'web',
    sha256: async (bytes) =>
      bytesToBase64(
        new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
      ),
    sign: async (message) => {
      cryptoKey ??= subtle.importKey(
        'raw',
        key as Uint8Array<ArrayBuffer>,
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const signature = await subtle.sign('HMAC', await cryptoKey, encoder.encode(message));
      return bytesToBase64(new Uint8Array(signature));
    },
  };
}
