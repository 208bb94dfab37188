import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../../src/errors/index.js';
import { parseSse, type SseEvent, SseParser } from '../../src/streaming/index.js';
import { collect, everySplit, streamOf } from './chunks.js';

function parse(text: string): Array<Pick<SseEvent, 'event' | 'data' | 'id'> & { retry?: number }> {
  const out: SseEvent[] = [];
  new SseParser().feed(text, out);
  return out.map(({ retry, ...rest }) => (retry === undefined ? rest : { ...rest, retry }));
}

describe('SseParser (WHATWG HTML §9.2.6)', () => {
  const cases: Array<[string, string, Array<Record<string, unknown>>]> = [
    [
      'multi-line data joins with LF (spec example)',
      'data: YHOO\ndata: +2\ndata: 10\n\n',
      [{ event: 'message', data: 'YHOO\n+2\n10', id: '' }],
    ],
    [
      'comments, id carry-over, bare "id" resets, only one leading space dropped (spec example)',
      ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n',
      [
        { event: 'message', data: 'first event', id: '1' },
        { event: 'message', data: 'second event', id: '' },
        { event: 'message', data: ' third event', id: '' },
      ],
    ],
    [
      'bare "data" lines and an unterminated last event (spec example)',
      'data\n\ndata\ndata\n\ndata:',
      [
        { event: 'message', data: '', id: '' },
        { event: 'message', data: '\n', id: '' },
      ],
    ],
    [
      'space after colon is optional (spec example)',
      'data:test\n\ndata: test\n\n',
      [
        { event: 'message', data: 'test', id: '' },
        { event: 'message', data: 'test', id: '' },
      ],
    ],
    [
      'event type applies to one event only',
      'event: add\ndata: 1\n\ndata: 2\n\n',
      [
        { event: 'add', data: '1', id: '' },
        { event: 'message', data: '2', id: '' },
      ],
    ],
    [
      'an event type without data is not dispatched and does not leak',
      'event: ping\n\ndata: x\n\n',
      [{ event: 'message', data: 'x', id: '' }],
    ],
    [
      'id persists across events and updates without data',
      'id: 7\ndata: a\n\nid: 8\n\ndata: b\n\n',
      [
        { event: 'message', data: 'a', id: '7' },
        { event: 'message', data: 'b', id: '8' },
      ],
    ],
    [
      'an id containing NULL is ignored',
      'id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n',
      [
        { event: 'message', data: 'a', id: '1' },
        { event: 'message', data: 'b', id: '1' },
      ],
    ],
    [
      'retry takes ASCII digits only',
      'retry: 1500\ndata: a\n\nretry: 2000ms\ndata: b\n\nretry: -1\nretry:  3\ndata: c\n\n',
      [
        { event: 'message', data: 'a', id: '', retry: 1500 },
        { event: 'message', data: 'b', id: '', retry: 1500 },
        { event: 'message', data: 'c', id: '', retry: 1500 },
      ],
    ],
    [
      'unknown fields are ignored',
      'foo: bar\ndata: a\nDATA: b\n\n',
      [{ event: 'message', data: 'a', id: '' }],
    ],
    [
      'a colon in the value is kept',
      'data: {"a":"b:c"}\n\n',
      [{ event: 'message', data: '{"a":"b:c"}', id: '' }],
    ],
    ['CRLF line ends', 'data: a\r\ndata: b\r\n\r\n', [{ event: 'message', data: 'a\nb', id: '' }]],
    ['CR-only line ends', 'data: a\rdata: b\r\r', [{ event: 'message', data: 'a\nb', id: '' }]],
    [
      'mixed line ends',
      'data: a\r\ndata: b\rdata: c\n\r\n',
      [{ event: 'message', data: 'a\nb\nc', id: '' }],
    ],
    ['a lone trailing data line is discarded', 'data: a\n', []],
    [
      'OpenAI done sentinel is an ordinary event',
      'data: [DONE]\n\n',
      [{ event: 'message', data: '[DONE]', id: '' }],
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('treats a CR at the end of a chunk and an LF at the start of the next as one line end', () => {
    const parser = new SseParser();
    const out: SseEvent[] = [];
    parser.feed('data: a\r', out);
    parser.feed('\ndata: b\r', out);
    parser.feed('\n\r', out);
    parser.feed('\n', out);
    expect(out.map((e) => e.data)).toEqual(['a\nb']);
  });

  it('refuses a line longer than maxBufferLength', () => {
    const parser = new SseParser(16);
    expect(() => parser.feed(`data: ${'x'.repeat(20)}`, [])).toThrow(InvalidResponseError);
    const dataParser = new SseParser(16);
    expect(() => dataParser.feed('data: 0123456789\ndata: 0123456789\n', [])).toThrow(
      /event's data is longer than 16/,
    );
  });
});

describe('parseSse over bytes', () => {
  // BOM, multi-byte UTF-8 (2, 3 and 4 bytes), CRLF, CR and LF line ends, a comment, retry and id.
  const payload =
    '\uFEFF: keep-alive\r\nretry: 3000\r\nevent: delta\r\nid: 1\r\ndata: {"text":"héllo ✓"}\r\n\r\n' +
    'data: 😀 line 1\rdata: line 2\r\rid: 2\ndata: {"done":true}\n\n: trailing comment\n';
  const bytes = new TextEncoder().encode(payload);
  const expected: SseEvent[] = [
    { event: 'delta', data: '{"text":"héllo ✓"}', id: '1', retry: 3000 },
    { event: 'message', data: '😀 line 1\nline 2', id: '1', retry: 3000 },
    { event: 'message', data: '{"done":true}', id: '2', retry: 3000 },
  ];

  it.each(everySplit(bytes))('gives identical events: $name', async ({ chunks }) => {
    expect(await collect(parseSse(streamOf(chunks)))).toEqual(expected);
  });

  it('drops only a leading BOM', async () => {
    const events = await collect(
      parseSse(streamOf([new TextEncoder().encode('\uFEFFdata: \uFEFFx\n\n')])),
    );
    expect(events.map((e) => e.data)).toEqual(['\uFEFFx']);
  });

  it('ignores a field name that starts with a BOM after the first one', async () => {
    const events = await collect(
      parseSse(streamOf([new TextEncoder().encode('\uFEFF\uFEFFdata: a\n\ndata: b\n\n')])),
    );
    expect(events.map((e) => e.data)).toEqual(['b']);
  });
});
