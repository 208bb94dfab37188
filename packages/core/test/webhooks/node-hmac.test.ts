import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HashName, Part } from '../../src/webhooks/internal/crypto-engine.js';
import { nodeHmacKey } from '../../src/webhooks/internal/node-hmac.js';
import { prng } from './helpers.js';

const reference = (hash: HashName, key: Uint8Array, parts: readonly Part[]) =>
  parts.reduce((mac, part) => mac.update(part), crypto.createHmac(hash, key));

describe('nodeHmacKey', () => {
  const random = prng(2104);
  const bytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));

  it('equals createHmac for every hash, key lengths around the block size, and split messages', () => {
    for (const hash of ['sha1', 'sha256', 'sha512'] as const) {
      // Keys shorter than, equal to and longer than B (64, or 128 for SHA-512), which is hashed first.
      for (const keyLength of [1, 20, 63, 64, 65, 127, 128, 129, 300]) {
        const key = bytes(keyLength);
        const mac = nodeHmacKey(crypto, hash, key);
        for (const parts of [
          [''],
          ['v0:1700000000:', Buffer.from('{"a":1}')],
          [bytes(1024)],
          ['é ✓ 😀', bytes(3), 'tail'],
          [bytes(70_000)],
        ] as Part[][]) {
          for (const encoding of ['hex', 'base64'] as const) {
            expect(mac(parts, encoding), `${hash} key ${keyLength}`).toBe(
              reference(hash, key, parts).digest(encoding),
            );
          }
        }
      }
    }
  });

  it('gives the same MAC on every call: the prepared hash states are copied, never consumed', () => {
    const key = bytes(32);
    const mac = nodeHmacKey(crypto, 'sha256', key);
    const expected = reference('sha256', key, ['body']).digest('hex');
    for (let i = 0; i < 5; i++) expect(mac(['body'], 'hex')).toBe(expected);
  });

  it('falls back to createHmac where Hash#copy is missing or wrong', () => {
    const key = bytes(32);
    const expected = reference('sha256', key, ['body']).digest('base64');
    const withoutCopy = {
      ...crypto,
      createHash: (algorithm: string) =>
        Object.assign(crypto.createHash(algorithm), { copy: undefined }),
    } as unknown as typeof crypto;
    expect(nodeHmacKey(withoutCopy, 'sha256', key)(['body'], 'base64')).toBe(expected);
    // A copy that loses the absorbed pad would MAC with the wrong key; the probe catches it.
    const forgetfulCopy = {
      ...crypto,
      createHash: (algorithm: string) =>
        Object.assign(crypto.createHash(algorithm), { copy: () => crypto.createHash(algorithm) }),
    } as unknown as typeof crypto;
    expect(nodeHmacKey(forgetfulCopy, 'sha256', key)(['body'], 'base64')).toBe(expected);
  });
});
