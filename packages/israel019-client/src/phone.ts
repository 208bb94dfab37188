import { InvalidRequestError } from '@org/core/errors';

/**
 * Israel's country code and its national significant numbers: 8 digits for
 * fixed lines (2, 3, 4, 8, 9 + 7 digits), 9 for mobiles (5X + 7) and VoIP
 * (7X + 7); none starts with 0, which is the trunk prefix of the local form
 * (ITU-T E.164 assignment for +972; Israel's numbering plan).
 */
const NATIONAL = '(?:[23489]\\d{7}|[57]\\d{8})';
const E164_ISRAEL = new RegExp(`^\\+972(${NATIONAL})$`);
const LOCAL_FORMS = new RegExp(`^(?:\\+?972|0)?(${NATIONAL})$`);

/** Why an E.164 number has no Israeli local form, or undefined when it has one. */
export function israeliNumberProblem(e164: string): 'not-israeli' | 'malformed' | undefined {
  if (E164_ISRAEL.test(e164)) return undefined;
  return e164.startsWith('+972') ? 'malformed' : 'not-israeli';
}

/**
 * `+972501234567` -> `0501234567`: 019 takes Israeli numbers in local form
 * only, `05XXXXXXXX` or `5XXXXXXXX` for mobiles
 * (https://docs.019sms.co.il/sms/send-sms.html). Throws an InvalidRequestError
 * (code `invalid-request`) for a number of another country or a +972 number
 * of the wrong length; the message never repeats the number.
 */
export function toIsraeliLocalNumber(e164: string): string {
  const match = E164_ISRAEL.exec(e164);
  if (match) return `0${match[1]}`;
  const problem = israeliNumberProblem(e164);
  throw new InvalidRequestError(
    problem === 'not-israeli'
      ? '019 reaches Israeli numbers only: give an E.164 number starting with +972, or route other countries to another provider.'
      : 'An Israeli number is +972 and 8 digits (2, 3, 4, 8, 9: fixed lines) or 9 digits (5: mobiles, 7: VoIP), e.g. +972501234567.',
    { details: { problem } },
  );
}

/**
 * A number as 019 writes it (`0501234567`, `501234567`, `972501234567`,
 * with or without dashes and spaces) in E.164, `+972501234567`; undefined
 * when it is not an Israeli number in any of those forms.
 */
export function fromIsraeliLocalNumber(local: string): string | undefined {
  const digits = local.trim().replace(/[\s-]/g, '');
  const national = LOCAL_FORMS.exec(digits)?.[1];
  return national === undefined ? undefined : `+972${national}`;
}
