/** What openapi-fetch resolves with: `{ data, response }` on success, `{ error, response }` on an HTTP error. */
export interface PageResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/** The parts of an openapi-fetch `init` pagination reads and rewrites. */
export interface PageInit {
  params?: {
    query?: Record<string, unknown>;
    path?: Record<string, unknown>;
    header?: Record<string, unknown>;
    cookie?: Record<string, unknown>;
  };
  baseUrl?: string;
  signal?: AbortSignal | null;
  /** openapi-fetch per-request middleware; pagination appends one that reads the request URL. */
  middleware?: ReadonlyArray<unknown>;
}

/** Stop conditions shared by the styles that count pages or follow a body cursor. */
interface BodyStop {
  /** Dotted path to a boolean that is false on the last page, e.g. `has_more` (OpenAI) or `meta.has_more` (Zendesk). */
  readonly hasMoreField?: string;
  /** Dotted path to a boolean that is true on the last page, e.g. `isLastPage` (Jira Service Management). */
  readonly lastPageField?: string;
}

/** A cursor read from the body and sent back as a query parameter. */
export interface CursorStyle extends BodyStop {
  readonly style: 'cursor';
  /** Dotted path to the next cursor, e.g. `last_id` (OpenAI) or `meta.after_cursor` (Zendesk). Ends when absent, null or empty. */
  readonly cursorField: string;
  /** Query parameter that carries it, e.g. `after` or `page[after]`. */
  readonly cursorParam: string;
}

/** A page number in the query. Ends on an empty page, a short page or a stop field. */
export interface PageNumberStyle extends BodyStop {
  readonly style: 'page';
  /** Query parameter, e.g. `page`. */
  readonly pageParam: string;
  /** Number of the first page. Default 1. */
  readonly firstPage?: number;
  /** The page size asked for; a page with fewer items is the last. Default: only an empty page ends. */
  readonly pageSize?: number;
}

/** An item offset in the query, advanced by the items received. Ends like `page`. */
export interface OffsetStyle extends BodyStop {
  readonly style: 'offset';
  /** Query parameter, e.g. `offset`, `start` or `pageStart`. */
  readonly offsetParam: string;
  /** Offset of the first page. Default 0. */
  readonly firstOffset?: number;
  /** The page size asked for; a page with fewer items is the last. */
  readonly pageSize?: number;
}

/** RFC 8288 `Link: <…>; rel="next"` (GitHub, Freshdesk, ServiceNow). Ends when no next link is sent. */
export interface LinkStyle {
  readonly style: 'link';
}

/** A next-page URL in the body (Twilio `next_page_uri`, Zendesk `links.next`), absolute or relative to the API host. */
export interface NextUrlStyle {
  readonly style: 'next-url';
  /** Dotted path to the URL, e.g. `next_page_uri`. Ends when absent, null or empty. */
  readonly nextField: string;
}

/** A continuation token in a response header, sent back as a query parameter (Azure DevOps). */
export interface ContinuationTokenStyle {
  readonly style: 'continuation-token';
  /** Default `x-ms-continuationtoken`. */
  readonly tokenHeader?: string;
  /** Default `continuationToken`. */
  readonly tokenParam?: string;
}

export type PaginationStyle =
  | CursorStyle
  | PageNumberStyle
  | OffsetStyle
  | LinkStyle
  | NextUrlStyle
  | ContinuationTokenStyle;

export type PaginateOptions<Field extends string | undefined = string | undefined> =
  PaginationStyle & {
    /** Dotted path to the page's item array, e.g. `messages` or `data`. Default: the body itself is the array. */
    readonly itemsField?: Field;
    /** Stop after this many pages. Default: no limit. */
    readonly maxPages?: number;
    /** Stop after this many items; the last page's `items` is cut to fit. Default: no limit. */
    readonly maxItems?: number;
    /** Aborts between and during page requests with AbortedError. */
    readonly signal?: AbortSignal;
    /**
     * Resolves relative next links when neither the response nor the request
     * URL is known (a fetcher that is not openapi-fetch, returning a Response
     * rebuilt in memory), e.g. `https://api.twilio.com`.
     * Default: the page's `response.url`, then the URL the request went to.
     */
    readonly baseUrl?: string;
    /**
     * Follow a next link or next URL to another origin. Default false: the
     * transport would send the same credentials there, so a page pointing
     * elsewhere is refused with InvalidResponseError.
     */
    readonly allowCrossOrigin?: boolean;
  };

/** One fetched page. */
export interface Page<Data, Item> {
  /** 1-based. */
  readonly number: number;
  readonly data: Data;
  readonly items: Item[];
  readonly response: Response;
}

/** Iterates items by default; `pages()` and `items()` each start again from the first page. */
export interface Paginator<Data, Item> extends AsyncIterable<Item> {
  pages(): AsyncGenerator<Page<Data, Item>, void, undefined>;
  items(): AsyncGenerator<Item, void, undefined>;
}

/** The value at a dotted path of T, e.g. `Get<{ meta: { n: 1 } }, 'meta.n'>` is `1`. */
export type Get<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof NonNullable<T>
    ? Get<NonNullable<T>[Head], Rest>
    : unknown
  : Path extends keyof NonNullable<T>
    ? NonNullable<T>[Path]
    : unknown;

/** The element type of the item array a page holds at `Field`, or of the body when no field is named. */
export type ItemOf<Data, Field extends string | undefined> = [Field] extends [string]
  ? string extends Field
    ? unknown
    : NonNullable<Get<Data, Field>> extends ReadonlyArray<infer Item>
      ? Item
      : unknown
  : NonNullable<Data> extends ReadonlyArray<infer Item>
    ? Item
    : unknown;

/** The success body type of an openapi-fetch result. */
export type DataOf<Result> = NonNullable<Result extends { data?: infer Data } ? Data : never>;
