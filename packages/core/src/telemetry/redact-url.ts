import { DEFAULT_ALLOWED_QUERY_PARAMS, REDACTED, toNameSet } from './allow-lists.js';

const DEFAULT_QUERY_SET = toNameSet(DEFAULT_ALLOWED_QUERY_PARAMS);
const RELATIVE_BASE = 'http://relative.invalid';

export interface RedactUrlOptions {
  /** Query parameter names whose values are kept. Default: `DEFAULT_ALLOWED_QUERY_PARAMS`. */
  allowedQueryParams?: readonly string[] | ReadonlySet<string>;
}

/**
 * The URL with user info and every query value off the allow-list replaced by
 * `REDACTED`, and the fragment dropped: the form the OpenTelemetry HTTP
 * semantic conventions require for `url.full`. A string that is not a URL
 * comes back as `REDACTED`, never as itself.
 */
export function redactUrl(url: string | URL, options: RedactUrlOptions = {}): string {
  const allowed = allowSet(options.allowedQueryParams);
  let parsed: URL;
  let relative = false;
  try {
    if (typeof url === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      relative = true;
      parsed = new URL(url, RELATIVE_BASE);
    } else {
      parsed = new URL(url);
    }
  } catch {
    return REDACTED;
  }
  let query = '';
  if (parsed.search.length > 1) {
    const kept = new URLSearchParams();
    for (const [name, value] of parsed.searchParams) {
      kept.append(name, allowed.has(name.toLowerCase()) ? value : REDACTED);
    }
    query = `?${kept.toString()}`;
  }
  if (relative) return `${parsed.pathname}${query}`;
  // The credentials marker is what the semantic conventions prescribe for url.full.
  const userInfo =
    parsed.username !== '' || parsed.password !== '' ? `${REDACTED}:${REDACTED}@` : '';
  const authority = parsed.host === '' ? '' : `//${userInfo}${parsed.host}`;
  return `${parsed.protocol}${authority}${parsed.pathname}${query}`;
}

function allowSet(names: readonly string[] | ReadonlySet<string> | undefined): ReadonlySet<string> {
  if (names === undefined) return DEFAULT_QUERY_SET;
  return toNameSet(names);
}
