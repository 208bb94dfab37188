import { type Json, resolveRef } from '../schema/refs.js';
import { sampleValue } from '../schema/sample.js';
import type { Route } from './routes.js';

/**
 * The vendor's error body for a status: a sample of the spec's error schema
 * (the operation's `default` or 4xx response) with `status` and `message`
 * filled in where the schema has them, or a small JSON object when the spec
 * declares no error body.
 */
export function errorBody(
  document: Json,
  route: Route | undefined,
  status: number,
  message: string,
): unknown {
  const schema = route?.error?.schema;
  if (!schema) return { status, message };
  const body = sampleValue(document, schema, { direction: 'response', seed: `error-${status}` });
  if (typeof body !== 'object' || body === null) return body;
  const properties = resolveRef(document, schema).properties ?? {};
  const out = body as Json;
  if (properties.status)
    out.status =
      resolveRef(document, properties.status).type === 'string' ? String(status) : status;
  if (properties.message) out.message = message;
  return out;
}

/** The numeric status of a response key (`201`, `2XX` -> 200). */
export function statusOf(key: string): number {
  return /^\d{3}$/.test(key) ? Number(key) : Number(`${key[0] ?? '2'}00`);
}
