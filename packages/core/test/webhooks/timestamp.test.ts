import { describe, expect, it } from 'vitest';
import { isWebhookVerificationError } from '../../src/webhooks/index.js';
import { parseRfc3339, parseTimestamp } from '../../src/webhooks/internal/timestamp.js';
import { prng } from './helpers.js';

/** What timestamps were parsed with before the hand parser: the regex, then Date.parse. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const reference = (text: string): number => (RFC3339.test(text) ? Date.parse(text) : Number.NaN);

/** Dates Date.parse accepts but that do not exist: 24:00, or a day past the month's end. */
function rollsOver(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(year, month, 0);
  return text.slice(11, 13) === '24' || day > lastOfMonth.getUTCDate();
}

describe('parseRfc3339', () => {
  it('reads what Zendesk sends and the other RFC 3339 forms', () => {
    expect(parseRfc3339('2021-03-25T05:09:27Z')).toBe(Date.UTC(2021, 2, 25, 5, 9, 27));
    expect(parseRfc3339('2021-03-25T05:09:27.5Z')).toBe(Date.UTC(2021, 2, 25, 5, 9, 27, 500));
    expect(parseRfc3339('2021-03-25T05:09:27.123456789Z')).toBe(
      Date.UTC(2021, 2, 25, 5, 9, 27, 123),
    );
    expect(parseRfc3339('2021-03-25T07:39:27+02:30')).toBe(Date.UTC(2021, 2, 25, 5, 9, 27));
    expect(parseRfc3339('2021-03-24T23:09:27-06:00')).toBe(Date.UTC(2021, 2, 25, 5, 9, 27));
    expect(parseRfc3339('2021-03-25T05:09:27-00:00')).toBe(Date.UTC(2021, 2, 25, 5, 9, 27));
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseRfc3339('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    // Date.UTC maps years 0-99 to 1900-1999; RFC 3339 years are literal.
    expect(parseRfc3339('0050-01-01T00:00:00Z')).toBe(Date.parse('0050-01-01T00:00:00Z'));
    expect(parseRfc3339('0000-03-01T00:00:00Z')).toBe(Date.parse('0000-03-01T00:00:00Z'));
  });

  it('refuses dates that do not exist, which Date.parse rolls over', () => {
    for (const text of [
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2021-04-31T00:00:00Z',
      '2021-01-01T24:00:00Z',
      '2021-01-01T23:59:60Z',
    ]) {
      expect(parseRfc3339(text), text).toBeNaN();
    }
  });

  it('refuses other shapes', () => {
    for (const text of [
      '',
      '2021-03-25',
      '2021-03-25T05:09:27',
      '2021-03-25t05:09:27Z',
      '2021-03-25T05:09:27z',
      '2021-03-25 05:09:27Z',
      '2021-03-25T05:09:27.Z',
      '2021-03-25T05:09:27.1234567890Z',
      '2021-03-25T05:09:27+0200',
      '2021-03-25T05:09:27+02:00 ',
      '2021-03-25T05:09:27Z ',
      '2021-03-25T05:09:27+24:00',
      '+02021-03-25T05:09:27Z',
      '２０21-03-25T05:09:27Z',
      '1616648967',
    ]) {
      expect(parseRfc3339(text), text).toBeNaN();
    }
  });

  it('agrees with the regex and Date.parse on 50,000 near-misses, but for non-existent dates', () => {
    const random = prng(3339);
    const digits = (count: number, max = 10 ** count) =>
      String(Math.floor(random() * max)).padStart(count, '0');
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    let compared = 0;
    for (let i = 0; i < 50_000; i++) {
      const fraction = random() < 0.5 ? '' : `.${digits(1 + Math.floor(random() * 10))}`;
      const zone = pick(['Z', 'z', '', `+${digits(2, 26)}:${digits(2, 62)}`, `-${digits(2)}:30`]);
      let text = `${digits(4)}-${digits(2, 14)}-${digits(2, 33)}T${digits(2, 26)}:${digits(2, 62)}:${digits(2, 62)}${fraction}${zone}`;
      if (random() < 0.1) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + pick(['x', '-', ':', '1', '', 'T']) + text.slice(at + 1);
      }
      const expected = reference(text);
      const actual = parseRfc3339(text);
      if (Number.isNaN(actual) && Number.isFinite(expected)) {
        expect(rollsOver(text), text).toBe(true);
      } else {
        expect(actual, text).toBe(expected);
      }
      if (Number.isFinite(actual)) compared++;
    }
    // The generator must reach the accepting path often enough to mean something.
    expect(compared).toBeGreaterThan(5_000);
  });
});

describe('parseTimestamp', () => {
  const parse = (text: string, format: 'unix' | 'unix-ms' | 'iso8601') =>
    parseTimestamp(text, format, 'test', 'x-timestamp');

  it('reads unix seconds and milliseconds of 1 to 16 digits', () => {
    expect(parse('1616648967', 'unix')).toBe(1_616_648_967);
    expect(parse('0', 'unix')).toBe(0);
    expect(parse('1616648967123', 'unix-ms')).toBe(1_616_648_967.123);
    expect(parse('9'.repeat(15), 'unix')).toBe(999_999_999_999_999);
    expect(parse('9'.repeat(16), 'unix')).toBe(Number('9'.repeat(16)));
    expect(parse('2021-03-25T05:09:27Z', 'iso8601')).toBe(Date.UTC(2021, 2, 25, 5, 9, 27) / 1000);
  });

  it('throws malformed-header for anything else', () => {
    for (const [text, format] of [
      ['', 'unix'],
      ['1'.repeat(17), 'unix'],
      ['-1', 'unix'],
      ['1e9', 'unix'],
      [' 1616648967', 'unix'],
      ['1616648967.5', 'unix-ms'],
      ['0x10', 'unix'],
      ['１６１６６４８９６７', 'unix'],
      ['1616648967', 'iso8601'],
    ] as const) {
      let error: unknown;
      try {
        parse(text, format);
      } catch (caught) {
        error = caught;
      }
      expect(isWebhookVerificationError(error) && error.reason, `${format} ${text}`).toBe(
        'malformed-header',
      );
    }
  });
});
