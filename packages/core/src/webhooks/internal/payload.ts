import { WebhookVerificationError } from '../errors.js';

/** How a scheme's bodies are usually encoded; the Content-Type header wins when it says. */
export type PayloadKind = 'json' | 'form' | 'auto';

const decoder = new TextDecoder();

export function bodyText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : decoder.decode(body);
}

/** Form fields; a repeated name collects its values in order. */
export function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = fields[name];
    if (previous === undefined) fields[name] = value;
    else if (typeof previous === 'string') fields[name] = [previous, value];
    else previous.push(value);
  }
  return fields;
}

/**
 * JSON or form fields. Slack, for one, sends both on the same endpoint
 * (slash commands are form-encoded, the Events API is JSON), so with no
 * Content-Type the first character decides.
 */
export function parsePayload(
  body: string | Uint8Array,
  kind: PayloadKind,
  contentType: string | undefined,
  scheme: string,
): unknown {
  const text = bodyText(body);
  const type = contentType?.toLowerCase();
  let asForm = kind === 'form';
  if (type?.includes('json')) asForm = false;
  else if (type?.includes('application/x-www-form-urlencoded')) asForm = true;
  else if (kind === 'auto') asForm = !/^\s*[[{"]/.test(text) && text.length > 0;
  if (asForm) return parseForm(text);
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // No `cause`: V8's SyntaxError quotes the body.
    throw new WebhookVerificationError(
      'schema-mismatch',
      'The signature is valid but the body is not valid JSON; read `body` instead of `payload` for other formats.',
      { scheme },
    );
  }
}
