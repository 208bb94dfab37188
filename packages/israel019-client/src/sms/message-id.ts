/**
 * The adapter's message id is the `id` attribute it puts on the destination:
 * 019 answers a send with no per-destination id, and `dlr` finds reports by
 * that attribute within a window of at most a week
 * (https://docs.019sms.co.il/sms/reports.html). The id therefore carries the
 * send time, so `getStatus` knows which week to ask about:
 * `il-<epoch seconds, base 36>-<12 random hex digits>`.
 */
const ID = /^il-([0-9a-z]{6,8})-[0-9a-f]{12}$/;

/** A new id for a message sent at `now` (epoch ms). */
export function createMessageId(now: number): string {
  // The last 12 hex digits of a version 4 UUID are random (RFC 9562 §5.4);
  // randomUUID draws from a cached entropy pool, about 20 times cheaper per
  // id than getRandomValues on Node 20.
  return `il-${Math.floor(now / 1000).toString(36)}-${crypto.randomUUID().slice(-12)}`;
}

/** When the message of an id was sent (epoch ms), or undefined for an id this adapter did not make. */
export function sentAtOf(id: string): number | undefined {
  const match = ID.exec(id);
  if (!match) return undefined;
  const seconds = Number.parseInt(match[1]!, 36);
  return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
}
