import { describe, expect, it } from 'vitest';
import { findLink, parseLinkHeader } from '../../src/pagination/index.js';

describe('parseLinkHeader (RFC 8288)', () => {
  const cases: Array<
    [string, string | null, Array<{ uri: string; rel: string[]; params?: Record<string, string> }>]
  > = [
    ['empty', '', []],
    ['absent', null, []],
    [
      'GitHub style',
      '<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"',
      [
        { uri: 'https://api.github.com/repositories/1/issues?page=2', rel: ['next'] },
        { uri: 'https://api.github.com/repositories/1/issues?page=5', rel: ['last'] },
      ],
    ],
    [
      'comma inside a quoted title',
      '<https://x.test/2>; rel="next"; title="Next, then last", <https://x.test/9>; rel=last',
      [
        {
          uri: 'https://x.test/2',
          rel: ['next'],
          params: { rel: 'next', title: 'Next, then last' },
        },
        { uri: 'https://x.test/9', rel: ['last'], params: { rel: 'last' } },
      ],
    ],
    [
      'comma and semicolon inside the target',
      '<https://x.test/list?ids=1,2;3&page=2>; rel="next"',
      [{ uri: 'https://x.test/list?ids=1,2;3&page=2', rel: ['next'] }],
    ],
    [
      'escaped quote inside a quoted string',
      '<https://x.test/2>; title="say \\"hi\\", ok"; rel="next"',
      [{ uri: 'https://x.test/2', rel: ['next'], params: { title: 'say "hi", ok', rel: 'next' } }],
    ],
    [
      'several relation types, case-insensitive, extra whitespace',
      '  < /page/2 > ;REL = "Next  Last" ,<https://x.test/1>;rel=first',
      [
        { uri: '/page/2', rel: ['next', 'last'] },
        { uri: 'https://x.test/1', rel: ['first'] },
      ],
    ],
    [
      'only the first rel counts (§3.3)',
      '<https://x.test/a>; rel="prev"; rel="next"',
      [{ uri: 'https://x.test/a', rel: ['prev'] }],
    ],
    [
      'parameter without a value and an empty link-value',
      '<https://x.test/a>; crossorigin; rel=next,, <https://x.test/b>',
      [
        { uri: 'https://x.test/a', rel: ['next'], params: { crossorigin: '', rel: 'next' } },
        { uri: 'https://x.test/b', rel: [] },
      ],
    ],
    [
      'malformed link-value is skipped, not fatal',
      'garbage; rel="next", <https://x.test/ok>; rel="next"',
      [{ uri: 'https://x.test/ok', rel: ['next'] }],
    ],
    [
      'malformed text after a link skips to the next comma outside quotes',
      '<https://x.test/a> junk "x, y"; rel="prev", <https://x.test/b>; rel="next"',
      [
        { uri: 'https://x.test/a', rel: [] },
        { uri: 'https://x.test/b', rel: ['next'] },
      ],
    ],
    ['unterminated target', '<https://x.test/a; rel="next"', []],
  ];

  it.each(cases)('%s', (_name, header, expected) => {
    const links = parseLinkHeader(header);
    expect(links.map(({ uri, rel }) => ({ uri, rel }))).toEqual(
      expected.map(({ uri, rel }) => ({ uri, rel })),
    );
    expected.forEach((link, index) => {
      if (link.params) expect(links[index]?.params).toEqual(link.params);
    });
  });

  it('keeps __proto__ as a plain parameter', () => {
    const [link] = parseLinkHeader('<https://x.test/a>; __proto__="x"; rel=next');
    expect(Object.getOwnPropertyDescriptor(link?.params, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(link?.params)).toBe(Object.prototype);
  });

  it.each([
    ['<https://x.test/2>; rel="next"', 'https://x.test/2'],
    ['<https://x.test/1>; rel="prev", <https://x.test/3>; rel="next"', 'https://x.test/3'],
    ['<https://x.test/3>; rel="NEXT last"', 'https://x.test/3'],
    ['<https://x.test/1>; rel="prev"', undefined],
    ['<https://x.test/1>; rel="nextpage"', undefined],
  ])('findLink(%j, "next") is %j', (header, expected) => {
    expect(findLink(header, 'next')).toBe(expected);
  });
});
