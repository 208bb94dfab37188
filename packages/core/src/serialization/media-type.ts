/** RFC 6902 JSON Patch documents. */
export const JSON_PATCH_MEDIA_TYPE = 'application/json-patch+json';
/** RFC 7396 JSON Merge Patch documents. */
export const MERGE_PATCH_MEDIA_TYPE = 'application/merge-patch+json';
/** HTML form bodies (WHATWG URL §5 `application/x-www-form-urlencoded`). */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * The media type without parameters, lower-cased: `Application/JSON; charset=utf-8` -> `application/json`.
 * RFC 9110 §8.3.1: type and subtype are case-insensitive and parameters follow a `;`.
 */
export function mediaTypeEssence(contentType: string | null | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  const essence = semicolon === -1 ? contentType : contentType.slice(0, semicolon);
  return essence.trim().toLowerCase();
}

/**
 * True for `application/x-www-form-urlencoded` with or without parameters.
 * openapi-fetch's default serializer compares the header to the bare string,
 * so a spec or caller that says `; charset=utf-8` silently gets a JSON body;
 * this check is what a form-aware serializer must use instead.
 */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return mediaTypeEssence(contentType) === FORM_MEDIA_TYPE;
}

/** True for `application/json`, any `+json` structured syntax suffix (RFC 6839 §3.1), with or without parameters. */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  const essence = mediaTypeEssence(contentType);
  return essence === 'application/json' || essence.endsWith('+json');
}
