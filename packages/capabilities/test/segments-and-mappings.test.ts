import { describe, expect, it } from 'vitest';
import { CAPABILITY_ERROR_REASONS } from '../src/errors/reasons.js';
import { countSegments } from '../src/sms/segments.js';
import { SMS_STATUSES } from '../src/sms/status.js';
import { ACS_SMS_MAPPING } from '../src/sms/vendors/acs.js';
import { ISRAEL019_SMS_MAPPING } from '../src/sms/vendors/israel019.js';
import {
  mapVendorDeliveryError,
  mapVendorError,
  mapVendorStatus,
} from '../src/sms/vendors/mapping.js';
import { TWILIO_SMS_MAPPING } from '../src/sms/vendors/twilio.js';

describe('countSegments (3GPP TS 23.038 / 23.040)', () => {
  it.each([
    ['x'.repeat(160), 'gsm7', 1, 160],
    ['x'.repeat(161), 'gsm7', 2, 161],
    ['x'.repeat(306), 'gsm7', 2, 306],
    ['x'.repeat(307), 'gsm7', 3, 307],
    ['€'.repeat(80), 'gsm7', 1, 160], // extension characters cost two septets
    ['€'.repeat(81), 'gsm7', 2, 162],
    ['א'.repeat(70), 'ucs2', 1, 70],
    ['א'.repeat(71), 'ucs2', 2, 71],
    ['א'.repeat(134), 'ucs2', 2, 134],
    ['א'.repeat(135), 'ucs2', 3, 135],
    ['😀'.repeat(35), 'ucs2', 1, 70], // surrogate pairs: two units each
  ])('%#: %s chars', (body, encoding, segments, units) => {
    expect(countSegments(body)).toEqual({ encoding, segments, units });
  });

  it('never splits an escape pair across segments', () => {
    // 152 plain septets then one 2-septet euro: 154 > 153, so the euro moves to part 2.
    expect(countSegments(`${'x'.repeat(152)}€${'x'.repeat(10)}`).segments).toBe(2);
    expect(countSegments(`${'x'.repeat(152)}€${'x'.repeat(152)}`).segments).toBe(3);
  });
});

describe('vendor mapping tables', () => {
  const tables = [TWILIO_SMS_MAPPING, ISRAEL019_SMS_MAPPING, ACS_SMS_MAPPING];

  it.each(tables)('$provider maps only onto the normalized models', (mapping) => {
    for (const status of Object.values(mapping.statuses)) expect(SMS_STATUSES).toContain(status);
    for (const entry of [
      ...Object.values(mapping.errors),
      ...Object.values(mapping.deliveryErrors),
    ]) {
      expect(CAPABILITY_ERROR_REASONS).toContain(entry.reason);
      expect(entry.description.length).toBeGreaterThan(0);
    }
    expect(mapping.sources.every((source) => source.startsWith('https://'))).toBe(true);
  });

  it('maps the Twilio codes the router and users branch on', () => {
    expect(
      ['21211', '21610', '21408', '20003', '20429', '21614'].map((code) =>
        mapVendorError(TWILIO_SMS_MAPPING, code),
      ),
    ).toEqual([
      'invalid-number',
      'blocked',
      'not-permitted',
      'auth-failed',
      'rate-limited',
      'invalid-number',
    ]);
    expect(
      [30003, 30004, 30005, 30006, 30007, 30008].map((code) =>
        mapVendorDeliveryError(TWILIO_SMS_MAPPING, code),
      ),
    ).toEqual([
      'unreachable',
      'blocked',
      'invalid-number',
      'invalid-number',
      'content-rejected',
      'unknown',
    ]);
    expect(
      [
        'accepted',
        'scheduled',
        'queued',
        'sending',
        'sent',
        'delivered',
        'read',
        'undelivered',
        'failed',
        'canceled',
        'receiving',
        'received',
      ].map((status) => mapVendorStatus(TWILIO_SMS_MAPPING, status)),
    ).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
      'sent',
      'delivered',
      'delivered',
      'undelivered',
      'failed',
      'failed',
      'unknown',
      'unknown',
    ]);
  });

  it('maps 019 body status codes and DLR codes, the 109-132 range included', () => {
    expect(
      [3, 4, 8, 9, 10, 715].map((code) => mapVendorError(ISRAEL019_SMS_MAPPING, code)),
    ).toEqual([
      'auth-failed',
      'insufficient-funds',
      'blocked',
      'invalid-number',
      'auth-failed',
      'blocked',
    ]);
    expect(
      [-1, 0, 102, 2, 7, 109, 132, 747].map((code) => mapVendorStatus(ISRAEL019_SMS_MAPPING, code)),
    ).toEqual([
      'sent',
      'delivered',
      'delivered',
      'undelivered',
      'failed',
      'undelivered',
      'undelivered',
      'undelivered',
    ]);
    expect(mapVendorStatus(ISRAEL019_SMS_MAPPING, 133)).toBe('unknown');
    expect(mapVendorDeliveryError(ISRAEL019_SMS_MAPPING, 747)).toBe('unreachable');
  });

  it('maps ACS delivery statuses and per-recipient HTTP statuses', () => {
    expect(mapVendorStatus(ACS_SMS_MAPPING, 'Delivered')).toBe('delivered');
    expect(mapVendorStatus(ACS_SMS_MAPPING, 'Failed')).toBe('undelivered');
    expect(mapVendorError(ACS_SMS_MAPPING, 429)).toBe('rate-limited');
    expect(mapVendorError(ACS_SMS_MAPPING, 401)).toBe('auth-failed');
  });

  it('answers unknown for codes it has no row for, prototype names included', () => {
    for (const mapping of tables) {
      expect(mapVendorStatus(mapping, 'constructor')).toBe('unknown');
      expect(mapVendorError(mapping, '__proto__')).toBe('unknown');
      expect(mapVendorDeliveryError(mapping, 'toString')).toBe('unknown');
    }
  });
});
