import { InvalidRequestError } from '../errors/kinds.js';
import { isJsonContentType } from './media-type.js';
import { isPlainObject } from './plain-object.js';

/**
 * The `style` values an OpenAPI 3.1 Encoding Object may give a property of an
 * `application/x-www-form-urlencoded` body (OAS 3.1.1 §4.8.15, §4.8.12.4).
 */
export type FormStyle = 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

/** One property's OpenAPI Encoding Object, as far as a form body uses it. */
export interface FormEncoding {
  /** Default `form`. */
  readonly style?: FormStyle;
  /** Default `true` for `form`, `false` for every other style (OAS 3.1.1 §4.8.12.4). */
  readonly explode?: boolean;
  /**
   * Used only when neither `style` nor `explode` is given (OAS 3.1.1 §4.8.15:
   * an explicit style makes contentType ignored). A JSON media type sends the
   * value as one JSON text, as Meta's `data` and ManageEngine's `input_data` fields expect.
   */
  readonly contentType?: string;
}

/** Encoding Objects by property name, straight from the spec's `encoding` map. */
export type FormEncodingMap = Readonly<Record<string, FormEncoding>>;

export interface FormEncodeOptions {
  /** Per-property encoding; a property without an entry uses style `form`, explode `true`. */
  readonly encoding?: FormEncodingMap;
}

const DELIMITERS = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' } as const;

/**
 * Encodes an object as an `application/x-www-form-urlencoded` body, the way the
 * OpenAPI Encoding Object describes (OAS 3.1.1 §4.8.15 and Appendix E).
 *
 * - Names and values use the WHATWG form serializer, so `DateSent<` is sent as
 *   `DateSent%3C` and a space as `+`.
 * - Arrays repeat their key by default (`MediaUrl=a&MediaUrl=b`, what Twilio
 *   expects); `explode: false` joins with `,`, space or `|` by style.
 * - Objects: `form` + explode sends each property under its own name,
 *   `form` without explode sends `name=k1,v1,k2,v2`, `deepObject` sends
 *   `name[k]=v`, recursing into nested objects and indexing arrays
 *   (`name[k][0]=v`, the `qs`/Stripe convention, since OAS leaves nesting undefined).
 * - `Date` becomes ISO 8601, booleans `true`/`false`.
 * - `undefined` is skipped (not set). `null` is sent as an empty value
 *   (`Name=`): a form body has no other way to say "clear this field", and
 *   dropping it would silently lose what the caller asked for.
 *
 * Throws InvalidRequestError for values a form body cannot carry (binary
 * data, non-finite numbers, objects nested inside a non-deepObject style).
 */
export function formEncode(
  body: Readonly<Record<string, unknown>>,
  options: FormEncodeOptions = {},
): string {
  if (!isPlainObject(body)) {
    throw new InvalidRequestError(
      'A form-encoded body must be a plain object of fields; pass an object such as { To, From, Body }.',
    );
  }
  const out = new URLSearchParams();
  const encoding = options.encoding ?? {};
  for (const name of Object.keys(body)) {
    const value = body[name];
    if (value === undefined) continue;
    const enc = Object.hasOwn(encoding, name) ? encoding[name] : undefined;
    appendProperty(out, name, value, enc);
  }
  return out.toString();
}

function appendProperty(
  out: URLSearchParams,
  name: string,
  value: unknown,
  enc: FormEncoding | undefined,
): void {
  if (enc?.contentType !== undefined && enc.style === undefined && enc.explode === undefined) {
    out.append(name, serializeByContentType(name, value, enc.contentType));
    return;
  }
  const style = enc?.style ?? 'form';
  if (style === 'deepObject') {
    appendDeep(out, name, value);
    return;
  }
  const explode = enc?.explode ?? style === 'form';
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      if (item === undefined) continue;
      items.push(scalar(name, item, style));
    }
    if (explode) {
      for (const item of items) out.append(name, item);
    } else {
      out.append(name, items.join(DELIMITERS[style]));
    }
    return;
  }
  if (isPlainObject(value)) {
    const pairs: Array<[string, string]> = [];
    for (const key of Object.keys(value)) {
      const inner = value[key];
      if (inner === undefined) continue;
      pairs.push([key, scalar(`${name}.${key}`, inner, style)]);
    }
    if (explode) {
      for (const [key, inner] of pairs) out.append(key, inner);
    } else {
      out.append(name, pairs.flat().join(DELIMITERS[style]));
    }
    return;
  }
  out.append(name, scalar(name, value, style));
}

function appendDeep(out: URLSearchParams, name: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      appendDeep(out, `${name}[${index}]`, value[index]);
    }
    return;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) appendDeep(out, `${name}[${key}]`, value[key]);
    return;
  }
  out.append(name, primitive(name, value));
}

function scalar(name: string, value: unknown, style: FormStyle): string {
  if (Array.isArray(value) || isPlainObject(value)) {
    throw new InvalidRequestError(
      `Form field "${name}" holds a nested array or object, which style "${style}" cannot express. ` +
        'Declare the property with style "deepObject" or contentType "application/json" in its encoding.',
    );
  }
  return primitive(name, value);
}

function primitive(name: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new InvalidRequestError(
          `Form field "${name}" is ${value}, which has no form encoding; send a finite number.`,
        );
      }
      return String(value);
    case 'object':
      if (value === null) return '';
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) {
          throw new InvalidRequestError(
            `Form field "${name}" is an invalid Date; pass a valid one.`,
          );
        }
        return value.toISOString();
      }
      break;
  }
  throw new InvalidRequestError(
    `Form field "${name}" is a ${describe(value)}, which a form-encoded body cannot carry; ` +
      'send files and binary data as multipart/form-data.',
  );
}

function serializeByContentType(name: string, value: unknown, contentType: string): string {
  if (isJsonContentType(contentType)) {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new InvalidRequestError(
        `Form field "${name}" cannot be written as JSON; pass a JSON-compatible value.`,
      );
    }
    return text;
  }
  return primitive(name, value);
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}
