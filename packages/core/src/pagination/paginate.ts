import { isCoreError } from '../errors/core-error.js';
import { AbortedError, ConfigurationError, InvalidResponseError } from '../errors/kinds.js';
import { apiErrorFrom } from '../internal/api-error-from.js';
import { readField } from './field-path.js';
import { firstPosition, nextInit, nextPage } from './next-page.js';
import type {
  DataOf,
  ItemOf,
  Page,
  PageInit,
  PageResult,
  PaginateOptions,
  Paginator,
} from './types.js';

/**
 * Iterates a paginated list operation page by page, for the styles vendors
 * use: a body cursor, a page number, an offset, an RFC 8288 `Link` rel="next",
 * a next-page URL in the body and a continuation-token header.
 *
 * `fetchPage` is shaped like an openapi-fetch method, so a generated client
 * passes its own `GET`; each page goes through the client's transport with
 * its retries, deadline and rate limits:
 *
 * ```ts
 * for await (const message of paginate(client.GET, '/2010-04-01/Accounts/{AccountSid}/Messages.json',
 *   { params: { path: { AccountSid } } },
 *   { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' })) { … }
 * ```
 *
 * An HTTP error page throws ApiError (status, request id, the typed `error`
 * body). A next URL on another origin, a next page that repeats one already
 * fetched, or items that are not an array throw InvalidResponseError.
 * Aborting `signal` throws AbortedError.
 */
export function paginate<
  Path extends string,
  Init extends PageInit | undefined,
  Result extends PageResult,
  Field extends string | undefined = undefined,
>(
  fetchPage: (path: Path, init: Init) => Promise<Result>,
  path: Path,
  init: Init,
  options: PaginateOptions<Field>,
): Paginator<DataOf<Result>, ItemOf<DataOf<Result>, Field>> {
  validate(options);
  type Data = DataOf<Result>;
  type Item = ItemOf<Data, Field>;

  async function* pages(): AsyncGenerator<Page<Data, Item>, void, undefined> {
    const signal = options.signal;
    const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
    const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    let currentPath: string = path;
    let currentInit = (init ?? {}) as PageInit;
    let position = firstPosition(options);
    let itemTotal = 0;
    if (options.style === 'page' || options.style === 'offset') {
      const param = options.style === 'page' ? options.pageParam : options.offsetParam;
      const query = currentInit.params?.query;
      if (query?.[param] === undefined) {
        currentInit = nextInit(currentInit, { kind: 'query', name: param, value: position }).init;
      } else {
        position = Number(query[param]);
      }
    }

    for (let number = 1; number <= maxPages && itemTotal < maxItems; number++) {
      if (signal?.aborted) throw aborted(signal);
      let requestUrl: string | undefined;
      const result = await fetchOne(
        currentPath,
        prepare(currentInit, signal, (url) => {
          requestUrl = url;
        }),
      );
      const { response } = result;
      if (!response.ok || result.error !== undefined) {
        throw apiErrorFrom(response, result.error, `Page ${number} of the list`, { page: number });
      }
      const data = result.data as Data;
      let items = itemsOf(data, number);
      const itemCount = items.length;
      if (itemTotal + items.length > maxItems) items = items.slice(0, maxItems - itemTotal);
      itemTotal += items.length;
      yield { number, data, items, response };

      // RFC 8288 §3.2: relative links resolve against the page's URL. A transport
      // that rebuilds the Response in memory leaves `url` empty, so the URL the
      // request was sent to is the fallback, then the caller's baseUrl.
      const base = response.url || requestUrl || options.baseUrl || currentInit.baseUrl;
      const self = response.url || requestUrl;
      if (self) seen.add(self);
      const next = nextPage(options, { data, itemCount, response, position, base });
      if (next === undefined) return;
      if (next.kind === 'url') checkOrigin(next.url, base, number);
      const key = next.kind === 'url' ? next.url.href : `${next.name}=${String(next.value)}`;
      if (seen.has(key)) {
        throw new InvalidResponseError(
          `Page ${number} points to a next page that was already fetched, so following it would never end. The server's pagination is broken; stop after the items received so far.`,
          { details: { page: number } },
        );
      }
      seen.add(key);
      if (next.kind === 'query') position = Number(next.value);
      const built = nextInit(currentInit, next);
      if (built.path !== undefined) currentPath = built.path;
      currentInit = built.init;
    }
  }

  async function fetchOne(currentPath: string, currentInit: PageInit): Promise<Result> {
    try {
      return await fetchPage(currentPath as Path, currentInit as Init);
    } catch (error) {
      // A bare fetch rejects with a DOMException on abort; the caller gets one typed error.
      if (options.signal?.aborted && !isCoreError(error, 'aborted')) {
        throw aborted(options.signal, error);
      }
      throw error;
    }
  }

  function itemsOf(data: Data, number: number): Item[] {
    if (data === undefined || data === null) return [];
    const value = options.itemsField === undefined ? data : readField(data, options.itemsField);
    if (Array.isArray(value)) return value as Item[];
    throw new InvalidResponseError(
      options.itemsField === undefined
        ? `Page ${number} is not a JSON array. Name the array's field with the itemsField option.`
        : `Page ${number} has no array at "${options.itemsField}" (found ${value === null ? 'null' : typeof value}). Check the itemsField option.`,
      { details: { page: number } },
    );
  }

  function checkOrigin(url: URL, base: string | undefined, number: number): void {
    if (options.allowCrossOrigin || base === undefined) return;
    if (url.origin !== new URL(base).origin) {
      // The transport signs every request it sends, so following a link to
      // another host would hand that host the caller's credentials.
      throw new InvalidResponseError(
        `Page ${number} points its next page to another origin (${url.origin}). Pass allowCrossOrigin: true only if the vendor documents serving pages from there.`,
        { details: { page: number } },
      );
    }
  }

  async function* items(): AsyncGenerator<Item, void, undefined> {
    for await (const page of pages()) yield* page.items;
  }

  return { pages, items, [Symbol.asyncIterator]: items };
}

/**
 * The init for one page: the caller's signal joined in, and an openapi-fetch
 * per-request middleware that reports the final request URL. Fetchers that
 * are not openapi-fetch ignore the `middleware` member.
 */
function prepare(
  init: PageInit,
  signal: AbortSignal | undefined,
  onUrl: (url: string) => void,
): PageInit {
  const own = init.signal ?? undefined;
  const joined = signal && own ? AbortSignal.any([own, signal]) : (signal ?? own);
  const capture = {
    onRequest({ request }: { request: Request }) {
      onUrl(request.url);
    },
  };
  return {
    ...init,
    ...(joined ? { signal: joined } : {}),
    middleware: [...(init.middleware ?? []), capture],
  };
}

function aborted(signal: AbortSignal, cause: unknown = signal.reason): AbortedError {
  return new AbortedError('The pagination was aborted by its AbortSignal.', { cause });
}

function validate(options: PaginateOptions<string | undefined>): void {
  for (const name of ['maxPages', 'maxItems'] as const) {
    const value = options[name];
    if (value !== undefined && !(value >= 1)) {
      throw new ConfigurationError(
        `paginate: ${name} must be at least 1, or left out for no limit.`,
      );
    }
  }
  if (options.style === 'page' || options.style === 'offset') {
    if (options.pageSize !== undefined && !(options.pageSize >= 1)) {
      throw new ConfigurationError('paginate: pageSize must be at least 1.');
    }
  }
}
