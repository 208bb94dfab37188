/**
 * Atlassian Connect's canonical request: METHOD & path & sorted query, whose
 * SHA-256 hex is the `qsh` claim of the JWT a Connect app receives. The path
 * drops the app's base-URL path, keeps a leading `/`, drops a trailing one,
 * and escapes `&`; the query drops `jwt`, sorts by name, RFC 3986-encodes,
 * and joins a repeated name's sorted values with `,`.
 * https://developer.atlassian.com/cloud/bitbucket/query-string-hash/
 */
export function canonicalRequest(method: string, url: string, baseUrl?: string): string {
  const parsed = new URL(url, 'http://placeholder.invalid');
  let path = parsed.pathname;
  if (baseUrl !== undefined) {
    const basePath = new URL(baseUrl, 'http://placeholder.invalid').pathname.replace(/\/$/, '');
    if (basePath !== '' && path.startsWith(basePath)) path = path.slice(basePath.length);
  }
  path = path.replace(/&/g, '%26');
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

  const values = new Map<string, string[]>();
  for (const [name, value] of parsed.searchParams) {
    if (name === 'jwt') continue;
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  const query = [...values.keys()]
    .sort()
    .map((name) => `${rfc3986(name)}=${values.get(name)!.sort().map(rfc3986).join(',')}`)
    .join('&');
  return `${method.toUpperCase()}&${path}&${query}`;
}

/** Percent-encodes all but RFC 3986 unreserved characters (as OAuth 1 does). */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
