import type { DigestEncoding, MacFn, Part } from './crypto-engine.js';
import { timingSafeEqualString } from './encoding.js';
import type { MaybePromise } from './maybe-async.js';

type Keys = readonly MaybePromise<MacFn>[];

/** The first of `signatures` equal to `expected`, each compared in constant time. */
function pick(expected: string, signatures: readonly string[]): string | undefined {
  for (let i = 0; i < signatures.length; i++) {
    if (timingSafeEqualString(expected, signatures[i]!)) return signatures[i];
  }
  return undefined;
}

/**
 * The first signature that equals the MAC of `parts` under one of `keys`,
 * keys tried in order (rotation); undefined when none does.
 *
 * A plain loop rather than firstMatch and andThen: with node:crypto and
 * static secrets every key and MAC is synchronous, and those helpers would
 * allocate three closures per delivery. A key or MAC that is a promise
 * (Web Crypto, a secret function) continues asynchronously from that key.
 */
export function matchSignature(
  keys: MaybePromise<Keys>,
  parts: readonly Part[],
  encoding: DigestEncoding,
  signatures: readonly string[],
): MaybePromise<string | undefined> {
  if (keys instanceof Promise) {
    return keys.then((list) => matchFrom(list, 0, parts, encoding, signatures));
  }
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key instanceof Promise) return matchFrom(keys, index, parts, encoding, signatures);
    const expected = key(parts, encoding);
    if (typeof expected !== 'string') {
      return expected.then(
        (digest) =>
          pick(digest, signatures) ?? matchFrom(keys, index + 1, parts, encoding, signatures),
      );
    }
    const found = pick(expected, signatures);
    if (found !== undefined) return found;
  }
  return undefined;
}

async function matchFrom(
  keys: Keys,
  from: number,
  parts: readonly Part[],
  encoding: DigestEncoding,
  signatures: readonly string[],
): Promise<string | undefined> {
  for (let index = from; index < keys.length; index++) {
    const key = await keys[index]!;
    const found = pick(await key(parts, encoding), signatures);
    if (found !== undefined) return found;
  }
  return undefined;
}
