import { describe, expect, it } from 'vitest';
import { wireResponse } from '../../src/transport/buffered-response.js';

// The send paths hand back bodies kept in memory through wireResponse. Every
// body method must behave as a real Response over the same body does: same
// results, same bodyUsed transitions, same TypeErrors on a second read.

const init = (type: string) => ({
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': type, 'x-id': '1' },
});

const bodies: [string, string | Uint8Array, string][] = [
  ['JSON text', '{"sid":"SM1","n":[1,2]}', 'application/json'],
  ['text with a BOM', '\uFEFF{"bom":true}', 'application/json; charset=utf-8'],
  ['non-ASCII text', 'héllo ✓ 𝄞', 'text/plain'],
  ['invalid UTF-8 bytes', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'text/plain'],
  ['binary bytes', new Uint8Array([0, 1, 2, 250, 255]), 'application/octet-stream'],
  ['a form', 'To=%2B1555&Body=hi+there', 'application/x-www-form-urlencoded'],
  ['malformed JSON', '{"cut":', 'application/json'],
];

type Reader = (r: Response) => Promise<unknown>;
const readers: [string, Reader][] = [
  ['text', (r) => r.text()],
  ['json', (r) => r.json()],
  ['arrayBuffer', async (r) => [...new Uint8Array(await r.arrayBuffer())]],
  ['bytes', async (r) => [...(await r.bytes())]],
  ['blob', async (r) => ((b) => b.text().then((t) => [b.type, b.size, t]))(await r.blob())],
  ['formData', async (r) => [...(await r.formData()).entries()]],
  ['body stream', async (r) => [...new Uint8Array(await new Response(r.body).arrayBuffer())]],
];

/** What `read` gives (or the error class it fails with), and bodyUsed after. */
async function outcome(response: Response, read: Reader) {
  let result: unknown;
  try {
    result = { value: await read(response) };
  } catch (error) {
    result = { error: (error as Error).constructor.name };
  }
  return { result, used: response.bodyUsed };
}

describe('wireResponse over a body in memory', () => {
  describe.each(bodies)('%s', (_name, payload, type) => {
    const ours = () => wireResponse(payload, init(type), 'https://api.test/x', false);
    const real = () => new Response(payload as BodyInit, init(type));

    it.each(readers)('%s gives what a real Response gives, once', async (_reader, read) => {
      const a = ours();
      const b = real();
      expect(a.bodyUsed).toBe(false);
      expect(await outcome(a, read)).toEqual(await outcome(b, read));
      // A second read of any kind fails as it does on a real Response.
      for (const [, again] of readers) {
        expect(await outcome(a, again)).toEqual(await outcome(b, again));
      }
    });

    it('clones before a read, and refuses to clone after one, as a real Response does', async () => {
      const a = ours();
      const copy = a.clone();
      expect(await copy.text()).toBe(await real().text());
      expect(await a.text()).toBe(await real().text());
      expect(() => a.clone()).toThrow(TypeError);
      expect(copy.headers.get('x-id')).toBe('1');
      expect(copy.url).toBe('https://api.test/x');
    });
  });

  it('refuses to clone while its stream is locked, and counts a read stream as used', async () => {
    const response = wireResponse('abc', init('text/plain'), 'https://api.test/x', true);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(() => response.clone()).toThrow(TypeError);
    expect(response.bodyUsed).toBe(false);
    await reader.read();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('reports the final URL and redirected, and is a Response', () => {
    const response = wireResponse('{}', init('application/json'), 'https://api.test/final', true);
    expect(response).toBeInstanceOf(Response);
    expect(response.url).toBe('https://api.test/final');
    expect(response.redirected).toBe(true);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    const plain = wireResponse(null, { status: 204 }, 'https://api.test/none', false);
    expect(plain.url).toBe('https://api.test/none');
    expect(plain.redirected).toBe(false);
    expect(plain.body).toBeNull();
  });

  it('rejects a status outside 200-599 as the Response constructor does', () => {
    expect(() => wireResponse('x', { status: 600 }, 'https://api.test/x', false)).toThrow(
      RangeError,
    );
  });
});
