// Plain regular expressions, shared by the zod schemas (loaded lazily) and by
// code on the import path that must not load zod (the router's rules).

/**
 * E.164: a plus sign, a country code that never starts with 0, at most 15
 * digits in all (ITU-T E.164 §6.1). Seven digits is the shortest in use
 * (e.g. Niue, +683 and four digits).
 */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** Short codes are 3 to 8 digits depending on the country (5 or 6 in the US). */
export const SHORT_CODE_PATTERN = /^\d{3,8}$/;

/**
 * An alphanumeric originator is at most 11 GSM 7-bit characters
 * (3GPP TS 23.040 §9.1.2.5); letters, digits and spaces are the set every
 * vendor here accepts (019: digits or English letters), with one letter at
 * least so it cannot be taken for a number.
 */
export const SENDER_ID_PATTERN = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** Longest body the capability accepts: Twilio's 1600-character limit (error 21617). */
export const MAX_BODY_LENGTH = 1600;
