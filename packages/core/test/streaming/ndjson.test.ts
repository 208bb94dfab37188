import { describe, expect, it } from 'vitest';
import { InvalidResponseError, isCoreError } from '../../src/errors/index.js';
import { NdjsonParser, parseNdjson } from '../../src/streaming/index.js';
import { collect, everySplit, streamOf } from './chunks.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseNdjson', () => {
  // Ollama-shaped objects, multi-byte UTF-8, a CRLF, a blank line, no newline after the last value.
  const payload =
    '{"message":{"content":"Hé"},"done":false}\n{"message":{"content":"llo 😀"},"done":false}\r\n\n' +
    '  \n[1,2]\n"text"\n{"done":true,"eval_count":12}';
  const expected = [
    { message: { content: 'Hé' }, done: false },
    { message: { content: 'llo 😀' }, done: false },
    [1, 2],
    'text',
    { done: true, eval_count: 12 },
  ];

  it.each(everySplit(encode(payload)))('gives identical values: $name', async ({ chunks }) => {
    expect(await collect(parseNdjson(streamOf(chunks)))).toEqual(expected);
  });

  it('reads a body that ends with a newline the same as one that does not', async () => {
    expect(await collect(parseNdjson(streamOf([encode(`${payload}\n`)])))).toEqual(expected);
  });

  it('delivers the values before a bad line, then throws a non-retryable error naming the line only', async () => {
    const seen: unknown[] = [];
    let caught: unknown;
    try {
      for await (const value of parseNdjson(
        streamOf([encode('{"a":1}\n{"b":2}\n{"secret":"sk_live_x"\n')]),
      )) {
        seen.push(value);
      }
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
    expect(caught).toBeInstanceOf(InvalidResponseError);
    const error = caught as InvalidResponseError;
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/NDJSON line 3 is not valid JSON/);
    expect(error.message).not.toContain('sk_live_x');
    expect(error.cause).toBeUndefined();
    expect(error.details).toMatchObject({ line: 3, eventsReceived: 2 });
  });

  it('marks a bad first line retryable', async () => {
    const failure = await collect(parseNdjson(streamOf([encode('<html>oops</html>\n')]))).catch(
      (error: unknown) => error,
    );
    expect(isCoreError(failure, 'invalid-response')).toBe(true);
    expect((failure as InvalidResponseError).retryable).toBe(true);
  });

  it('refuses a line longer than maxBufferLength', async () => {
    const failure = await collect(
      parseNdjson(streamOf([encode(`{"a":"${'x'.repeat(64)}`)]), { maxBufferLength: 32 }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect((failure as Error).message).toMatch(/longer than 32/);
  });

  it('NdjsonParser works on text fed by hand', () => {
    const parser = new NdjsonParser<number>();
    const out: number[] = [];
    parser.feed('1\n2', out);
    parser.feed('3\n', out);
    parser.end(out);
    expect(out).toEqual([1, 23]);
  });
});
