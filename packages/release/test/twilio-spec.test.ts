import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs, requiredBump } from '../src/index.js';
import { loadCurrentSpec } from '../src/spec-diff/released.js';

/** The diff on the real pinned Twilio spec (864 KB, 195 operations, shared `$ref`s). */
const root = fileURLToPath(new URL('../../..', import.meta.url));
let twilio: Record<string, any>;

beforeAll(async () => {
  const pack = readFileSync(`${root}/specs/twilio/pack.yaml`, 'utf8');
  const overlay = /^overlay:\s*(\S+)/m.exec(pack)?.[1];
  twilio = await loadCurrentSpec(root, 'specs/twilio', 'openapi.json', overlay);
});

describe('the Twilio spec', () => {
  it('diffed against itself has no change', () => {
    const started = performance.now();
    expect(diffSpecs(twilio, structuredClone(twilio))).toEqual([]);
    // A full walk of every operation through its $refs; generous bound for a slow CI machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('finds a narrowed message status enum once, through every operation that returns it', () => {
    const after = structuredClone(twilio);
    // Message.status is a $ref to this enum (siblings of a 3.0 $ref are ignored).
    const removed = after.components.schemas.message_enum_status.enum.pop();
    const changes = diffSpecs(twilio, after);
    expect(changes.map((c) => [c.kind, c.pointer, c.message])).toEqual([
      [
        'enum-value-removed',
        '/components/schemas/message_enum_status/enum',
        `enum value(s) ${JSON.stringify(removed)} removed`,
      ],
    ]);
    expect(requiredBump(changes)).toBe('major');
  });

  it('finds a removed operation and a new optional form field of CreateMessage', () => {
    const after = structuredClone(twilio);
    const messages = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
    const form =
      after.paths[messages].post.requestBody.content['application/x-www-form-urlencoded'].schema;
    form.properties.ShortenUrlsV2 = { type: 'boolean' };
    delete after.paths['/2010-04-01/Accounts/{AccountSid}/Calls.json'].post;
    expect(diffSpecs(twilio, after).map((c) => [c.kind, c.pointer])).toEqual([
      ['operation-removed', '/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls.json/post'],
      [
        'optional-request-field-added',
        '/paths/~12010-04-01~1Accounts~1{AccountSid}~1Messages.json/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/ShortenUrlsV2',
      ],
    ]);
  });
});
