import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWebhookVerificationError } from '../../src/webhooks/index.js';
import { canonicalRequest } from '../../src/webhooks/schemes/query-string-hash.js';
import { SCHEME_OF, SIGNED_HEADERS, type Vector, vectors, verifierForVector } from './helpers.js';

const utf8 = new TextEncoder();
const signatureVectors = vectors.filter((vector) => SCHEME_OF[vector.scheme] !== undefined);
const engines = ['node', 'web'] as const;

function requestOf(
  vector: Vector,
  overrides: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
) {
  return {
    headers: overrides.headers ?? vector.headers,
    body: overrides.body ?? vector.body,
    ...(vector.url === undefined ? {} : { url: vector.url }),
  };
}

/** The span of the one space-separated entry the header cannot do without. */
async function neededRange(value: string, accepts: (value: string) => Promise<boolean>) {
  const entries = value.split(' ');
  if (entries.length === 1) return { start: 0, end: value.length };
  let start = 0;
  for (const [index, entry] of entries.entries()) {
    const without = entries.filter((_, other) => other !== index).join(' ');
    if (!(await accepts(without))) return { start, end: start + entry.length };
    start += entry.length + 1;
  }
  throw new Error('no single entry is needed');
}

async function rejects(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return error.reason;
  }
  return 'accepted';
}

describe('shared webhook vectors', () => {
  it('covers every vector of the shared set', () => {
    expect(vectors).toHaveLength(29);
    expect(vectors.every((vector) => vector.scheme in SCHEME_OF)).toBe(true);
  });

  for (const crypto of engines) {
    describe(`with ${crypto} crypto`, () => {
      for (const [index, vector] of signatureVectors.entries()) {
        it(`#${index} ${vector.scheme} is ${vector.expected_valid ? 'accepted' : 'rejected'} (${vector.source.slice(0, 60)})`, async () => {
          const verifier = verifierForVector(vector, crypto);
          const verdict = await rejects(verifier.verify(requestOf(vector)));
          expect(verdict === 'accepted').toBe(vector.expected_valid);
        });
      }
    });
  }

  for (const vector of vectors.filter((v) => v.scheme === 'atlassian-connect-qsh')) {
    it(`qsh of ${vector.canonical_request}`, () => {
      const hash = createHash('sha256').update(vector.canonical_request!).digest('hex');
      expect(hash).toBe(vector.expected_qsh);
    });
  }

  it('builds the Atlassian canonical requests of the vectors from method and URL', () => {
    expect(canonicalRequest('get', 'https://app.example.com/?param=foo')).toBe('GET&/&param=foo');
    expect(canonicalRequest('POST', '/user')).toBe('POST&/user&');
  });
});

describe('every single-byte change is rejected', () => {
  const valid = signatureVectors.filter((vector) => vector.expected_valid);

  for (const crypto of engines) {
    for (const [index, vector] of valid.entries()) {
      it(`#${index} ${vector.scheme} (${crypto}): body, signature and timestamp`, async () => {
        const verifier = verifierForVector(vector, crypto);
        const scheme = SCHEME_OF[vector.scheme]!;
        // The unmutated vector passes, so every rejection below is the mutation's doing.
        await expect(verifier.verify(requestOf(vector))).resolves.toBeDefined();
        const accepted: string[] = [];
        const body = utf8.encode(vector.body);
        for (let position = 0; position < body.length; position++) {
          for (const flip of [0x01, 0x80]) {
            const mutated = body.slice();
            mutated[position]! ^= flip;
            const verdict = await rejects(verifier.verify(requestOf(vector, { body: mutated })));
            if (verdict === 'accepted') accepted.push(`body[${position}]^${flip}`);
          }
        }
        const names = SIGNED_HEADERS[scheme];
        const signatureHeader = Object.keys(vector.headers).find(
          (name) =>
            name.toLowerCase() === names.signature.toLowerCase() ||
            name.toLowerCase() === 'svix-signature',
        )!;
        const timestampHeader = Object.keys(vector.headers).find(
          (name) =>
            name.toLowerCase() === names.timestamp?.toLowerCase() ||
            name.toLowerCase() === 'svix-timestamp',
        );
        for (const header of [signatureHeader, timestampHeader]) {
          if (header === undefined) continue;
          const value = vector.headers[header]!;
          // A rotation header (Standard Webhooks) holds entries that do not
          // match by design; only the entry that verifies is under test.
          const needed = await neededRange(
            value,
            async (candidate) =>
              (await rejects(
                verifier.verify(
                  requestOf(vector, { headers: { ...vector.headers, [header]: candidate } }),
                ),
              )) === 'accepted',
          );
          for (let position = needed.start; position < needed.end; position++) {
            for (const flip of [0x01, 0x20]) {
              const mutated =
                value.slice(0, position) +
                String.fromCharCode(value.charCodeAt(position) ^ flip) +
                value.slice(position + 1);
              const headers = { ...vector.headers, [header]: mutated };
              const verdict = await rejects(verifier.verify(requestOf(vector, { headers })));
              if (verdict === 'accepted') accepted.push(`${header}[${position}]^${flip}`);
            }
          }
        }
        expect(accepted).toEqual([]);
      });
    }
  }
});
