/**
 * Redirect following as fetch does it (WHATWG Fetch §4.4 "HTTP-redirect
 * fetch"), for the send paths that are not fetch. Pure: given the request
 * just sent and the response status and Location, the next request or
 * undefined when the response is final.
 */

/** One request on the wire: headers are lower-case names. */
export interface Hop {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Request headers fetch drops when a redirect changes the method to GET (Fetch §4.4 step 12). */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/**
 * Credentials fetch drops on a cross-origin redirect (Fetch §4.4 step 13:
 * Authorization; undici also drops Cookie and Proxy-Authorization).
 */
const ORIGIN_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * The request to send after a `status` response with `location`, per the
 * request's redirect mode: `follow` follows, `manual` hands the 3xx back,
 * `error` fails as fetch does (a TypeError).
 */
export function nextHop(
  hop: Hop,
  status: number,
  location: string | undefined,
  mode: RequestRedirect,
): Hop | undefined {
  if (!REDIRECTS.has(status) || location === undefined || mode === 'manual') return undefined;
  if (mode === 'error')
    throw new TypeError('fetch failed: unexpected redirect (redirect: "error")');
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch (error) {
    throw new TypeError('fetch failed: the Location of a redirect is not a valid URL', {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`fetch failed: redirect to a ${url.protocol} URL`);
  }
  const headers = { ...hop.headers };
  let method = hop.method;
  let body = hop.body;
  if (
    ((status === 301 || status === 302) && method === 'POST') ||
    (status === 303 && method !== 'GET' && method !== 'HEAD')
  ) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) delete headers[name];
  }
  if (url.origin !== hop.url.origin) for (const name of ORIGIN_HEADERS) delete headers[name];
  // Fetch keeps the fragment of the original URL when the Location has none.
  if (url.hash === '' && hop.url.hash !== '') url.hash = hop.url.hash;
  return { url, method, headers, body };
}
