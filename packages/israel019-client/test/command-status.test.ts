import { isCoreError } from '@org/core/errors';
import { describe, expect, it } from 'vitest';
import {
  checkCommandStatus,
  ISRAEL019_COMMAND_STATUSES,
  Israel019CommandError,
} from '../src/index.js';

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('checkCommandStatus', () => {
  it.each([
    { body: { status: 0, message: 'SMS will be sent', shipment_id: 7001 } },
    { body: { status: '0' } },
    { body: { status: ' 0 ' } },
  ])('returns for status $body.status', ({ body }) => {
    expect(() => checkCommandStatus('sms', body)).not.toThrow();
  });

  it.each([
    { status: 1, code: 'invalid-request', retryable: false },
    { status: 2, code: 'invalid-request', retryable: false },
    { status: 3, code: 'auth-failed', retryable: false },
    { status: 4, code: 'api-error', retryable: false },
    { status: 5, code: 'api-error', retryable: false },
    { status: 6, code: 'api-error', retryable: true },
    { status: 7, code: 'invalid-request', retryable: false },
    { status: 8, code: 'api-error', retryable: false },
    { status: 9, code: 'invalid-request', retryable: false },
    { status: '10', code: 'auth-failed', retryable: false },
    { status: 11, code: 'auth-failed', retryable: false },
    { status: 12, code: 'api-error', retryable: false },
    { status: 502, code: 'invalid-request', retryable: false },
    { status: 503, code: 'auth-failed', retryable: false },
    { status: 504, code: 'auth-failed', retryable: false },
    { status: 515, code: 'api-error', retryable: false },
    { status: 715, code: 'api-error', retryable: false },
    { status: 997, code: 'invalid-request', retryable: false },
    // Not in 019's table: an api-error the caller can still read the code of.
    { status: 4242, code: 'api-error', retryable: false },
    { status: -3, code: 'api-error', retryable: false },
  ])('status $status is a $code error (retryable $retryable)', ({ status, code, retryable }) => {
    const error = thrownBy(() => checkCommandStatus('sms', { status, message: 'text 0501234567' }));
    expect(error).toBeInstanceOf(Israel019CommandError);
    expect(isCoreError(error, code as 'api-error')).toBe(true);
    const commandError = error as Israel019CommandError;
    expect(commandError.retryable).toBe(retryable);
    expect(commandError.commandStatus).toBe(Number(status));
    expect(commandError.command).toBe('sms');
    expect(commandError.details).toEqual({ command: 'sms', commandStatus: Number(status) });
    expect(commandError.message).toMatch(
      new RegExp(`^019 refused the \`sms\` command with status ${Number(status)} \\(`),
    );
    // 019's own message text (which can name a number) never reaches the error.
    expect(JSON.stringify(error)).not.toContain('0501234567');
    expect(commandError.message).not.toContain('0501234567');
  });

  it.each([
    [undefined],
    [null],
    ['<html>Bad Gateway</html>'],
    [{}],
    [{ status: 'ok' }],
    [{ status: 1.5 }],
  ])('refuses an answer without a numeric status (%j) as invalid-response', (body) => {
    const error = thrownBy(() => checkCommandStatus('dlr', body));
    expect(isCoreError(error, 'invalid-response')).toBe(true);
    expect((error as Error).message).toContain('`dlr`');
  });

  it('tells auth failures to check the token and the username', () => {
    const error = thrownBy(() => checkCommandStatus('sms', { status: 11 })) as Error;
    expect(error.message).toBe(
      '019 refused the `sms` command with status 11 (the API token does not match the username, or a newer token replaced it); check the API token and the username in the body (tokens expire, and a newer token can replace an older one).',
    );
  });

  it('marks the codes no 019 page confirmed', () => {
    const unverified = Object.entries(ISRAEL019_COMMAND_STATUSES)
      .filter(([, row]) => !row.verified)
      .map(([status]) => Number(status));
    expect(unverified).toEqual([989, 992, 997, 998, 999]);
  });
});
