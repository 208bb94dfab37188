import { InvalidResponseError } from '../errors/kinds.js';
import { readField } from './field-path.js';
import { findLink } from './link-header.js';
import type { PageInit, PaginateOptions } from './types.js';

/** Where the next page is: the same path with new query values, or a URL to follow as is. */
export type NextPage =
  | { readonly kind: 'query'; readonly name: string; readonly value: string | number }
  | { readonly kind: 'url'; readonly url: URL };

interface Current {
  readonly data: unknown;
  readonly itemCount: number;
  readonly response: Response;
  /** The query value this page was fetched with, for page and offset styles. */
  readonly position: number;
  /** The URL relative next links resolve against: the page's own URL, else the API base URL. */
  readonly base: string | undefined;
}

/** Decides from one page where the next one is, or undefined when this was the last. */
export function nextPage(options: PaginateOptions, page: Current): NextPage | undefined {
  switch (options.style) {
    case 'cursor': {
      if (stoppedByBody(options, page.data)) return undefined;
      const cursor = readField(page.data, options.cursorField);
      if (cursor === undefined || cursor === null || cursor === '') return undefined;
      if (typeof cursor !== 'string' && typeof cursor !== 'number') {
        throw new InvalidResponseError(
          `The cursor at "${options.cursorField}" is a ${typeof cursor}, not a string or number. Check the cursorField option.`,
        );
      }
      return { kind: 'query', name: options.cursorParam, value: cursor };
    }
    case 'page':
    case 'offset': {
      if (page.itemCount === 0 || stoppedByBody(options, page.data)) return undefined;
      if (options.pageSize !== undefined && page.itemCount < options.pageSize) return undefined;
      return options.style === 'page'
        ? { kind: 'query', name: options.pageParam, value: page.position + 1 }
        : { kind: 'query', name: options.offsetParam, value: page.position + page.itemCount };
    }
    case 'link': {
      const target = findLink(page.response.headers.get('link'), 'next');
      return target
        ? { kind: 'url', url: resolve(target, page.base, 'Link rel="next"') }
        : undefined;
    }
    case 'next-url': {
      const next = readField(page.data, options.nextField);
      if (next === undefined || next === null || next === '') return undefined;
      if (typeof next !== 'string') {
        throw new InvalidResponseError(
          `The next-page URL at "${options.nextField}" is a ${typeof next}, not a string. Check the nextField option.`,
        );
      }
      // Twilio's next_page_uri is relative to the API host and carries a PageToken that
      // must be followed verbatim, never rebuilt (Twilio error 21481 Invalid PageToken).
      return { kind: 'url', url: resolve(next, page.base, `"${options.nextField}"`) };
    }
    case 'continuation-token': {
      // Azure DevOps: "x-ms-continuationtoken" response header, sent back as ?continuationToken=.
      const token = page.response.headers.get(options.tokenHeader ?? 'x-ms-continuationtoken');
      if (!token) return undefined;
      return { kind: 'query', name: options.tokenParam ?? 'continuationToken', value: token };
    }
  }
}

/** The first page's position for page and offset styles. */
export function firstPosition(options: PaginateOptions): number {
  if (options.style === 'page') return options.firstPage ?? 1;
  if (options.style === 'offset') return options.firstOffset ?? 0;
  return 0;
}

/** The init for the next request: new query values merged in, or the URL split into base and path. */
export function nextInit<Init extends PageInit>(
  init: Init,
  next: NextPage,
): { path: string | undefined; init: Init } {
  const params = init.params ?? {};
  if (next.kind === 'query') {
    return {
      path: undefined,
      init: { ...init, params: { ...params, query: { ...params.query, [next.name]: next.value } } },
    };
  }
  // The URL already holds the whole query, and no template is left in its path.
  return {
    path: `${next.url.pathname}${next.url.search}`,
    init: {
      ...init,
      baseUrl: next.url.origin,
      params: { ...params, query: undefined, path: undefined },
    },
  };
}

function stoppedByBody(options: { hasMoreField?: string; lastPageField?: string }, data: unknown) {
  if (options.hasMoreField !== undefined && readField(data, options.hasMoreField) === false) {
    return true;
  }
  return options.lastPageField !== undefined && readField(data, options.lastPageField) === true;
}

/** RFC 8288 §3.2 / RFC 3986 §5: a relative target resolves against the URL the page came from. */
function resolve(target: string, base: string | undefined, source: string): URL {
  try {
    return new URL(target, base);
  } catch {
    throw new InvalidResponseError(
      base === undefined
        ? `The next page named by ${source} is relative and the page's URL is unknown; pass the API's baseUrl in the pagination options.`
        : `The next page named by ${source} is not a valid URL, even relative to the page's own URL.`,
    );
  }
}
