import type { DigestEncoding, MacFn, Part } from './crypto-engine.js';
import { timingSafeEqualAt } from './encoding.js';
import type { MaybePromise } from './maybe-async.js';

type Keys = readonly MaybePromise<MacFn>[];

/*
 * Candidate signatures are places in the header text that carries them:
 * `text.slice(spans[i], spans[i + 1])` for each even `i`. They are compared
 * in place (see timingSafeEqualAt) and the caller slices only the one that
 * matched. Functions here answer that one's index in `spans`, or -1.
 */

/** The first candidate equal to `expected`, each compared in constant time. */
function pick(expected: string, text: string, spans: readonly number[]): number {
  for (let i = 0; i < spans.length; i += 2) {
    if (timingSafeEqualAt(expected, text, spans[i]!, spans[i + 1]!)) return i;
  }
  return -1;
}

/**
 * The first candidate that equals the MAC of `parts` under one of `keys`,
 * keys tried in order (rotation).
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
  text: string,
  spans: readonly number[],
): MaybePromise<number> {
  if (keys instanceof Promise) {
    return keys.then((list) => matchFrom(list, 0, parts, encoding, text, spans));
  }
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key instanceof Promise) return matchFrom(keys, index, parts, encoding, text, spans);
    const expected = key(parts, encoding);
    if (typeof expected !== 'string') {
      return expected.then((digest) => {
        const found = pick(digest, text, spans);
        return found >= 0 ? found : matchFrom(keys, index + 1, parts, encoding, text, spans);
      });
    }
    const found = pick(expected, text, spans);
    if (found >= 0) return found;
  }
  return -1;
}

async function matchFrom(
  keys: Keys,
  from: number,
  parts: readonly Part[],
  encoding: DigestEncoding,
  text: string,
  spans: readonly number[],
): Promise<number> {
  for (let index = from; index < keys.length; index++) {
    const key = await keys[index]!;
    const found = pick(await key(parts, encoding), text, spans);
    if (found >= 0) return found;
  }
  return -1;
}
