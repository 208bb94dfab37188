import createClient from 'openapi-fetch';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  ConfigurationError,
  InvalidResponseError,
  isCoreError,
} from '../../src/errors/index.js';
import { paginate } from '../../src/pagination/index.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { ALL, faults, type Paths, resetFaults, servePages } from './vendor-pages.js';

type Item = { id: number; name: string };

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

let server: LocalServer;
let client: ReturnType<typeof createClient<Paths>>;

beforeAll(async () => {
  server = await startLocalServer((req, res) => servePages(req, res, server.origin));
  client = createClient<Paths>({ baseUrl: server.origin });
});
afterAll(() => server.close());
afterEach(() => {
  resetFaults();
  server.requests.length = 0;
});

const urls = () => server.requests.map((r) => r.url);

describe('paginate: three pages in each style over a real server', () => {
  it('cursor field (OpenAI: after=<last_id>, has_more)', async () => {
    const pager = paginate(
      client.GET,
      '/v1/files',
      { params: { query: { limit: 2 } } },
      {
        style: 'cursor',
        itemsField: 'data',
        cursorField: 'last_id',
        cursorParam: 'after',
        hasMoreField: 'has_more',
      },
    );
    const items = await collect(pager);
    expectTypeOf(items).toEqualTypeOf<Item[]>();
    expect(items).toEqual(ALL);
    expect(urls()).toEqual([
      '/v1/files?limit=2',
      '/v1/files?limit=2&after=file-2',
      '/v1/files?limit=2&after=file-4',
    ]);
  });

  it('cursor in a nested field with a bracketed parameter (Zendesk meta.after_cursor, page[after])', async () => {
    const pager = paginate(
      client.GET,
      '/api/v2/tickets.json',
      { params: { query: { 'page[size]': 2 } } },
      {
        style: 'cursor',
        itemsField: 'tickets',
        cursorField: 'meta.after_cursor',
        cursorParam: 'page[after]',
        hasMoreField: 'meta.has_more',
      },
    );
    expect(await collect(pager)).toEqual(ALL);
    expect(server.requests).toHaveLength(3);
    expect(new URL(server.requests[2]!.url, server.origin).searchParams.get('page[after]')).toBe(
      Buffer.from('4').toString('base64url'),
    );
  });

  it('page number, stopping on a short page (Freshdesk page/per_page)', async () => {
    const pager = paginate(
      client.GET,
      '/api/v2/contacts',
      { params: { query: { per_page: 2 } } },
      {
        style: 'page',
        pageParam: 'page',
        pageSize: 2,
      },
    );
    const items = await collect(pager);
    expectTypeOf(items).toEqualTypeOf<Item[]>();
    expect(items).toEqual(ALL);
    expect(urls()).toEqual([
      '/api/v2/contacts?per_page=2&page=1',
      '/api/v2/contacts?per_page=2&page=2',
      '/api/v2/contacts?per_page=2&page=3',
    ]);
  });

  it('page number without a page size stops on the first empty page', async () => {
    const pager = paginate(
      client.GET,
      '/api/v2/contacts',
      { params: { query: { per_page: 2, page: 2 } } },
      {
        style: 'page',
        pageParam: 'page',
      },
    );
    expect(await collect(pager)).toEqual(ALL.slice(2));
    expect(urls()).toEqual([
      '/api/v2/contacts?per_page=2&page=2',
      '/api/v2/contacts?per_page=2&page=3',
      '/api/v2/contacts?per_page=2&page=4',
    ]);
  });

  it('offset advanced by items received (Jira Service Management start, isLastPage)', async () => {
    const pager = paginate(
      client.GET,
      '/rest/servicedeskapi/request',
      { params: { query: { limit: 2 } } },
      {
        style: 'offset',
        offsetParam: 'start',
        itemsField: 'values',
        lastPageField: 'isLastPage',
      },
    );
    expect(await collect(pager)).toEqual(ALL);
    expect(urls()).toEqual([
      '/rest/servicedeskapi/request?limit=2&start=0',
      '/rest/servicedeskapi/request?limit=2&start=2',
      '/rest/servicedeskapi/request?limit=2&start=4',
    ]);
  });

  it('Link rel="next", absolute then relative, with commas in quoted params (GitHub)', async () => {
    const pager = paginate(
      client.GET,
      '/repos/{owner}/{repo}/issues',
      { params: { path: { owner: 'octo', repo: 'hello' } } },
      { style: 'link' },
    );
    expect(await collect(pager)).toEqual(ALL);
    expect(urls()).toEqual([
      '/repos/octo/hello/issues',
      '/repos/octo/hello/issues?page=2',
      '/repos/octo/hello/issues?page=3',
    ]);
  });

  it('next-page URI in the body, relative to the API host, followed verbatim (Twilio)', async () => {
    const pager = paginate(
      client.GET,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      {
        params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2, 'DateSent<': '2025-01-01' } },
      },
      { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
    );
    const items = await collect(pager);
    expectTypeOf(items).toEqualTypeOf<Item[]>();
    expect(items).toEqual(ALL);
    expect(urls()).toEqual([
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&DateSent%3C=2025-01-01',
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1&PageToken=PA1x%2By',
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=2&PageToken=PA2x%2By',
    ]);
  });

  it('continuation-token header sent back as a query parameter (Azure DevOps)', async () => {
    const pager = paginate(
      client.GET,
      '/{organization}/_apis/wit/workitems',
      { params: { path: { organization: 'org' } } },
      { style: 'continuation-token', itemsField: 'value' },
    );
    expect(await collect(pager)).toEqual(ALL);
    expect(urls()).toEqual([
      '/org/_apis/wit/workitems',
      '/org/_apis/wit/workitems?continuationToken=tok-2',
      '/org/_apis/wit/workitems?continuationToken=tok-4',
    ]);
  });
});

describe('paginate: pages(), guards and re-iteration', () => {
  const twilio = (limits: { maxPages?: number; maxItems?: number } = {}) =>
    paginate(
      client.GET,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
      { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages', ...limits },
    );

  it('pages() yields numbered pages with data, items and response', async () => {
    const pages = await collect(
      paginate(
        client.GET,
        '/2010-04-01/Accounts/{AccountSid}/Messages.json',
        { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
        { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
      ).pages(),
    );
    expect(pages.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.data.page)).toEqual([0, 1, 2]);
    expect(pages.every((p) => p.response.status === 200)).toBe(true);
  });

  it('maxPages stops after that many requests', async () => {
    expect(await collect(twilio({ maxPages: 2 }))).toEqual(ALL.slice(0, 4));
    expect(server.requests).toHaveLength(2);
  });

  it('maxItems stops mid-page and makes no further request', async () => {
    expect(await collect(twilio({ maxItems: 3 }))).toEqual(ALL.slice(0, 3));
    expect(server.requests).toHaveLength(2);
  });

  it('maxItems equal to a page boundary makes no extra request', async () => {
    expect(await collect(twilio({ maxItems: 2 }))).toEqual(ALL.slice(0, 2));
    expect(server.requests).toHaveLength(1);
  });

  it('breaking out of the loop stops fetching', async () => {
    for await (const item of twilio()) {
      if (item.id === 1) break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('each iteration starts again from the first page', async () => {
    const pager = twilio();
    expect(await collect(pager)).toEqual(ALL);
    expect(await collect(pager.items())).toEqual(ALL);
    expect(server.requests).toHaveLength(6);
  });

  it.each([{ maxPages: 0 }, { maxItems: -1 }, { maxPages: Number.NaN }])(
    'rejects %j with ConfigurationError',
    (bad) => {
      expect(() => twilio(bad)).toThrow(ConfigurationError);
    },
  );
});

describe('paginate: failures', () => {
  it('an error page throws ApiError with status, request id and the typed error body, after earlier items', async () => {
    faults.twilioFailPage = 2;
    const pager = paginate(
      client.GET,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
      { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
    );
    const seen: Item[] = [];
    let caught: unknown;
    try {
      for await (const item of pager) seen.push(item);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(ALL.slice(0, 2));
    expect(caught).toBeInstanceOf(ApiError);
    const error = caught as ApiError<{ code: number }>;
    expect(isCoreError(error, 'api-error')).toBe(true);
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe('RQ0123');
    expect(error.error.code).toBe(20404);
    expect(error.details).toMatchObject({ status: 404, requestId: 'RQ0123', page: 2 });
    expect(error.message).toMatch(
      /^Page 2 of the list \(127\.0\.0\.1:\d+\) answered HTTP 404 \(request id RQ0123\)/,
    );
    expect(error.message).not.toContain('PageToken');
    expect(JSON.stringify(error)).not.toContain('not found');
  });

  it('a next page that repeats a fetched one throws instead of looping', async () => {
    faults.twilioLoop = true;
    const failure = await collect(
      paginate(
        client.GET,
        '/2010-04-01/Accounts/{AccountSid}/Messages.json',
        { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
        { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
      ),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect((failure as Error).message).toMatch(/already fetched/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a next URL on another origin, and follows it when allowed', async () => {
    const otherOrigin = server.origin.replace('127.0.0.1', 'localhost');
    faults.twilioNextOrigin = otherOrigin;
    const init = { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } };
    const refused = await collect(
      paginate(client.GET, '/2010-04-01/Accounts/{AccountSid}/Messages.json', init, {
        style: 'next-url',
        nextField: 'next_page_uri',
        itemsField: 'messages',
      }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidResponseError);
    expect((refused as Error).message).toMatch(/another origin \(http:\/\/localhost:\d+\)/);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    const followed = await collect(
      paginate(client.GET, '/2010-04-01/Accounts/{AccountSid}/Messages.json', init, {
        style: 'next-url',
        nextField: 'next_page_uri',
        itemsField: 'messages',
        allowCrossOrigin: true,
      }),
    );
    expect(followed).toEqual(ALL);
    expect(server.requests.map((r) => r.headers.host)).toEqual([
      new URL(server.origin).host,
      new URL(otherOrigin).host,
      new URL(otherOrigin).host,
    ]);
  });

  it('a body without the item array throws InvalidResponseError naming the option', async () => {
    const failure = await collect(
      paginate(client.GET, '/v1/files', undefined, {
        style: 'cursor',
        itemsField: 'items' as 'data',
        cursorField: 'last_id',
        cursorParam: 'after',
      }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect((failure as Error).message).toMatch(/no array at "items".*itemsField/);
  });

  it('abort between pages throws AbortedError and sends nothing more', async () => {
    const controller = new AbortController();
    const pager = paginate(
      client.GET,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
      {
        style: 'next-url',
        nextField: 'next_page_uri',
        itemsField: 'messages',
        signal: controller.signal,
      },
    );
    const seen: Item[] = [];
    const failure = await (async () => {
      for await (const item of pager) {
        seen.push(item);
        if (item.id === 2) controller.abort();
      }
    })().catch((error: unknown) => error);
    expect(seen).toEqual(ALL.slice(0, 2));
    expect(failure).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it('abort during a slow page request throws AbortedError', async () => {
    faults.twilioDelayMs = 2_000;
    const controller = new AbortController();
    const pager = paginate(
      client.GET,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      { params: { path: { AccountSid: 'AC1' } } },
      {
        style: 'next-url',
        nextField: 'next_page_uri',
        itemsField: 'messages',
        signal: controller.signal,
      },
    );
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const failure = await collect(pager).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('resolves a relative next link when the transport returns a Response without a URL', async () => {
    // A transport that buffers bodies hands back a Response built in memory, whose url is ''.
    const rebuilt = createClient<Paths>({
      baseUrl: server.origin,
      fetch: async (request: Request) => {
        const response = await fetch(request);
        return new Response(await response.arrayBuffer(), {
          status: response.status,
          headers: response.headers,
        });
      },
    });
    const items = await collect(
      paginate(
        rebuilt.GET,
        '/2010-04-01/Accounts/{AccountSid}/Messages.json',
        { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
        { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
      ),
    );
    expect(items).toEqual(ALL);
  });

  it('a plain fetcher with URL-less responses needs baseUrl for relative next links', async () => {
    const plain = async (path: string, _init: { baseUrl?: string } | undefined) => {
      const response = await fetch(`${server.origin}${path.replace('{AccountSid}', 'AC1')}`);
      const data = await response.json();
      return { data, response: new Response(null, { status: response.status }) };
    };
    const options = {
      style: 'next-url',
      nextField: 'next_page_uri',
      itemsField: 'messages',
    } as const;
    const path = '/2010-04-01/Accounts/{AccountSid}/Messages.json?PageSize=2';
    const failure = await collect(paginate(plain, path, undefined, options)).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect((failure as Error).message).toMatch(/pass the API's baseUrl/);

    server.requests.length = 0;
    const seenInits: Array<{ baseUrl?: string } | undefined> = [];
    const recording = async (p: string, init: { baseUrl?: string } | undefined) => {
      seenInits.push(init);
      return plain(p, init);
    };
    const items = await collect(
      paginate(recording, path, undefined, { ...options, baseUrl: server.origin }),
    );
    expect(items).toEqual(ALL);
    expect(seenInits.map((init) => init?.baseUrl)).toEqual([
      undefined,
      server.origin,
      server.origin,
    ]);
  });
});
