import { describe, expect, it } from 'vitest';
import { formatIsraelTime, parseIsraelTime } from '../src/index.js';

// Israel summer time 2023 ran from Friday 24 March 02:00 (clocks to 03:00)
// to Sunday 29 October 02:00 (clocks back to 01:00), IANA Asia/Jerusalem.
describe('formatIsraelTime', () => {
  it.each([
    ['2023-08-24T14:05:59Z', '24/08/23 17:05'], // summer, UTC+3; seconds dropped
    ['2024-01-15T07:30:00Z', '15/01/24 09:30'], // winter, UTC+2
    ['2023-03-23T23:59:00Z', '24/03/23 01:59'], // the last standard-time minute
    ['2023-03-24T00:00:00Z', '24/03/23 03:00'], // the first summer-time minute
    ['2023-10-28T22:30:00Z', '29/10/23 01:30'], // 01:30 the first time (UTC+3)
    ['2023-10-28T23:30:00Z', '29/10/23 01:30'], // and the second (UTC+2)
    ['2025-12-31T22:00:00Z', '01/01/26 00:00'], // the date turns in Israel first
  ])('%s -> %s', (iso, text) => {
    expect(formatIsraelTime(new Date(iso))).toBe(text);
    expect(formatIsraelTime(Date.parse(iso))).toBe(text);
  });
});

describe('parseIsraelTime', () => {
  it.each([
    ['24/08/23 17:05', '2023-08-24T14:05:00.000Z'],
    ['15/01/24 09:30', '2024-01-15T07:30:00.000Z'],
    ['29/02/24 12:00', '2024-02-29T10:00:00.000Z'], // leap day
    ['01/01/26 00:00', '2025-12-31T22:00:00.000Z'],
    // Repeated in autumn: the first occurrence, still summer time.
    ['29/10/23 01:30', '2023-10-28T22:30:00.000Z'],
    // Skipped in spring: read with standard time, as an unchanged clock shows it.
    ['24/03/23 02:30', '2023-03-24T00:30:00.000Z'],
  ])('%s -> %s', (text, iso) => {
    expect(parseIsraelTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '31/02/23 10:00',
    '24/13/23 10:00',
    '24/08/23 24:00',
    '24/08/23 17:60',
    '24/08/2023 17:05',
    '2023-08-24 17:05',
    '24/8/23 17:05',
    '',
  ])('refuses %j', (text) => {
    expect(parseIsraelTime(text)).toBeUndefined();
  });

  it('inverts formatIsraelTime at every minute it can print, across a year of offsets', () => {
    // Every 97 minutes of 2023 (coprime with the hour, so every minute-of-hour occurs).
    const start = Date.parse('2023-01-01T00:00:00Z');
    let checked = 0;
    for (let t = start; t < start + 365 * 24 * 3_600_000; t += 97 * 60_000) {
      const text = formatIsraelTime(t);
      const back = parseIsraelTime(text)!;
      expect(formatIsraelTime(back), text).toBe(text);
      checked++;
    }
    expect(checked).toBeGreaterThan(5000);
  });
});
