import { InvalidRequestError } from '../errors/kinds.js';
import { type FormEncodeOptions, formEncode } from './form-encode.js';
import { jsonPatchBody } from './json-patch.js';
import {
  isFormContentType,
  isJsonContentType,
  JSON_PATCH_MEDIA_TYPE,
  mediaTypeEssence,
} from './media-type.js';

/** The headers openapi-fetch hands a body serializer: a `Headers` or a plain record. */
export type SerializerHeaders = Headers | Readonly<Record<string, unknown>>;

/**
 * A body serializer for openapi-fetch (`createClient({ bodySerializer })` or
 * per call), chosen by the request's Content-Type header:
 *
 * - `application/x-www-form-urlencoded`, with or without `; charset=…`:
 *   {@link formEncode} with the operation's Encoding Objects. openapi-fetch's
 *   default compares the header to the bare string, so a charset parameter
 *   would send JSON to a form endpoint.
 * - `application/json-patch+json`: the RFC 6902 patch, validated first.
 * - a `FormData`, `URLSearchParams`, `Blob`, binary buffer or stream body:
 *   passed through untouched, so multipart uploads and raw bodies still work;
 *   a string too, unless the Content-Type is JSON or absent (openapi-fetch
 *   then sends `application/json`, and its default serializer quotes strings).
 * - anything else: `JSON.stringify`, as openapi-fetch's default does.
 *
 * openapi-fetch calls a serializer without the operation, so a client passes
 * `formBodySerializer({ encoding })` per call for operations whose spec gives
 * an `encoding` map, and one without options globally.
 */
export function formBodySerializer(
  options: FormEncodeOptions = {},
): (body: unknown, headers?: SerializerHeaders) => BodyInit {
  return (body, headers) => {
    if (isBinaryOrForm(body)) return body;
    const contentType = readContentType(headers);
    if (typeof body === 'string' && contentType && !isJsonContentType(contentType)) return body;
    if (isFormContentType(contentType)) {
      return formEncode(body as Record<string, unknown>, options);
    }
    if (mediaTypeEssence(contentType) === JSON_PATCH_MEDIA_TYPE) {
      return jsonPatchBody(body as never);
    }
    try {
      return JSON.stringify(body);
    } catch (cause) {
      throw new InvalidRequestError(
        'The request body cannot be written as JSON (a BigInt or a cycle); convert it first.',
        { cause },
      );
    }
  };
}

function isBinaryOrForm(body: unknown): body is BodyInit {
  return (
    body instanceof FormData ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof ReadableStream
  );
}

function readContentType(headers: SerializerHeaders | undefined): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get('content-type') ?? undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === 'content-type') {
      const value = headers[key];
      return typeof value === 'string' ? value : undefined;
    }
  }
  return undefined;
}
