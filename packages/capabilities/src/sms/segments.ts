// Segment counting per 3GPP TS 23.038 (alphabets) and TS 23.040 (concatenation).

/** The GSM 7-bit default alphabet (TS 23.038 §6.2.1), minus the escape code itself. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table (TS 23.038 §6.2.1.1): each costs an escape plus itself, two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SegmentCount {
  readonly encoding: SmsEncoding;
  /** Number of SMS the body is split into. */
  readonly segments: number;
  /** Septets (gsm7) or UTF-16 code units (ucs2) used. */
  readonly units: number;
}

/**
 * How many SMS segments a body costs. A single SMS holds 160 GSM 7-bit
 * septets or 70 UCS-2 units (140 octets); once concatenated, the 6-octet
 * user data header leaves 153 septets or 67 units per segment (TS 23.040
 * §9.2.3.24.1). An escape pair or a surrogate pair is never split across
 * segments, as vendors split them.
 */
export function countSegments(body: string): SegmentCount {
  const chars = Array.from(body);
  const gsm7 = chars.every((char) => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char));
  const sizes = gsm7
    ? chars.map((char) => (GSM7_EXTENSION.has(char) ? 2 : 1))
    : chars.map((char) => char.length); // 2 code units for a surrogate pair
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const single = gsm7 ? 160 : 70;
  const perPart = gsm7 ? 153 : 67;
  if (units <= single) return { encoding: gsm7 ? 'gsm7' : 'ucs2', segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding: gsm7 ? 'gsm7' : 'ucs2', segments, units };
}
