/** One link-value of an RFC 8288 `Link` header. */
export interface WebLink {
  /** The target as written between `<` and `>`, not yet resolved. */
  readonly uri: string;
  /** Relation types, lower-cased (RFC 8288 §3.3: compared case-insensitively). */
  readonly rel: readonly string[];
  /** Target attributes by lower-cased name, unquoted; the first occurrence wins. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a `Link` header field value (RFC 8288 §3) into its link-values.
 *
 * Commas separate link-values, but also appear inside `<…>` targets and
 * quoted parameters (`title="a, b"`), so the value is scanned rather than
 * split. Quoted strings honour `\` escapes (RFC 9110 §5.6.4). Parameter
 * names are case-insensitive, `rel` may hold several space-separated types,
 * and only its first occurrence counts (§3.3). A malformed link-value is
 * skipped up to the next top-level comma instead of failing the whole header.
 */
export function parseLinkHeader(value: string | null | undefined): WebLink[] {
  const links: WebLink[] = [];
  if (!value) return links;
  const length = value.length;
  let i = 0;

  const skipSpace = () => {
    while (i < length && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  const skipToNextLink = () => {
    let quoted = false;
    for (; i < length; i++) {
      const ch = value[i];
      if (quoted) {
        if (ch === '\\') i++;
        else if (ch === '"') quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') return;
    }
  };

  while (i < length) {
    skipSpace();
    if (value[i] === ',') {
      i++;
      continue;
    }
    if (value[i] !== '<') {
      skipToNextLink();
      continue;
    }
    const close = value.indexOf('>', i + 1);
    if (close === -1) break;
    const uri = value.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    while (true) {
      skipSpace();
      if (i >= length || value[i] === ',') break;
      if (value[i] !== ';') {
        skipToNextLink();
        break;
      }
      i++;
      skipSpace();
      const nameStart = i;
      while (i < length && !'=;, \t'.includes(value[i] as string)) i++;
      const name = value.slice(nameStart, i).toLowerCase();
      skipSpace();
      let paramValue = '';
      if (value[i] === '=') {
        i++;
        skipSpace();
        if (value[i] === '"') {
          i++;
          let text = '';
          while (i < length && value[i] !== '"') {
            if (value[i] === '\\' && i + 1 < length) i++;
            text += value[i];
            i++;
          }
          i++;
          paramValue = text;
        } else {
          const valueStart = i;
          while (i < length && value[i] !== ';' && value[i] !== ',') i++;
          paramValue = value.slice(valueStart, i).trim();
        }
      }
      if (name !== '' && !Object.hasOwn(params, name)) {
        Object.defineProperty(params, name, {
          value: paramValue,
          enumerable: true,
          writable: false,
          configurable: false,
        });
      }
    }
    const rel = (params.rel ?? '')
      .toLowerCase()
      .split(/[ \t]+/)
      .filter((type) => type !== '');
    links.push({ uri, rel, params });
  }
  return links;
}

/** The target of the first link whose `rel` includes `relation` (case-insensitive), unresolved. */
export function findLink(value: string | null | undefined, relation: string): string | undefined {
  const wanted = relation.toLowerCase();
  return parseLinkHeader(value).find((link) => link.rel.includes(wanted))?.uri;
}
