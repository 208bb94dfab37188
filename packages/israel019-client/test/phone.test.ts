import { isCoreError } from '@org/core/errors';
import { describe, expect, it } from 'vitest';
import {
  fromIsraeliLocalNumber,
  israeliNumberProblem,
  toIsraeliLocalNumber,
} from '../src/index.js';

describe('toIsraeliLocalNumber', () => {
  it.each([
    ['+972501234567', '0501234567'], // mobile: 5X + 7 digits
    ['+972541234567', '0541234567'],
    ['+972721234567', '0721234567'], // VoIP: 7X + 7 digits
    ['+97221234567', '021234567'], // Jerusalem fixed line: 2 + 7 digits
    ['+97237654321', '037654321'], // Tel Aviv fixed line
  ])('%s -> %s', (e164, local) => {
    expect(toIsraeliLocalNumber(e164)).toBe(local);
  });

  it.each([
    ['+14155550100', 'not-israeli'],
    ['+44972501234', 'not-israeli'],
    ['+9720501234567', 'malformed'], // the trunk 0 has no place after +972
    ['+97258877665', 'malformed'], // a mobile one digit short
    ['+9725887766554', 'malformed'], // one too long
    ['+97218776655', 'malformed'], // no fixed-line area starts with 1
    ['0501234567', 'not-israeli'], // already local: not E.164
  ])('%s is refused as %s, without repeating the number', (e164, problem) => {
    expect(israeliNumberProblem(e164)).toBe(problem);
    let error: unknown;
    try {
      toIsraeliLocalNumber(e164);
    } catch (thrown) {
      error = thrown;
    }
    expect(isCoreError(error, 'invalid-request')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ problem });
    expect(JSON.stringify(error)).not.toContain(e164.slice(1));
  });
});

describe('fromIsraeliLocalNumber', () => {
  it.each([
    ['0501234567', '+972501234567'],
    ['501234567', '+972501234567'],
    ['972501234567', '+972501234567'],
    ['+972501234567', '+972501234567'],
    ['050-123-4567', '+972501234567'],
    [' 050 1234567 ', '+972501234567'],
    ['021234567', '+97221234567'],
    ['00501234567', undefined],
    ['050123456', undefined], // 8 digits after the 0 is a fixed-line shape; 05 needs 8 more
    ['12345', undefined],
    ['', undefined],
    ['+14155550100', undefined],
  ])('%j -> %s', (local, e164) => {
    expect(fromIsraeliLocalNumber(local)).toBe(e164);
  });

  it('round-trips every E.164 shape it converts', () => {
    for (const e164 of ['+972501234567', '+97221234567', '+972721234567']) {
      expect(fromIsraeliLocalNumber(toIsraeliLocalNumber(e164))).toBe(e164);
    }
  });
});
