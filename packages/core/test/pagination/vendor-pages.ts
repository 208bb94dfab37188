import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './local-server.js';
import { sendJson } from './local-server.js';

/** Five items served two per page, so every style has three pages: 2, 2 and 1 items. */
export const ALL = [1, 2, 3, 4, 5].map((id) => ({ id, name: `item ${id}` }));
const PAGE = 2;

export interface Paths {
  '/v1/files': {
    get: {
      parameters: { query?: { after?: string; limit?: number } };
      responses: {
        200: {
          content: {
            'application/json': {
              object: 'list';
              data: Array<{ id: number; name: string }>;
              has_more: boolean;
              last_id: string | null;
            };
          };
        };
      };
    };
  };
  '/api/v2/tickets.json': {
    get: {
      parameters: { query?: { 'page[size]'?: number; 'page[after]'?: string } };
      responses: {
        200: {
          content: {
            'application/json': {
              tickets: Array<{ id: number; name: string }>;
              meta: { has_more: boolean; after_cursor: string | null };
            };
          };
        };
      };
    };
  };
  '/api/v2/contacts': {
    get: {
      parameters: { query?: { page?: number; per_page?: number } };
      responses: { 200: { content: { 'application/json': Array<{ id: number; name: string }> } } };
    };
  };
  '/rest/servicedeskapi/request': {
    get: {
      parameters: { query?: { start?: number; limit?: number } };
      responses: {
        200: {
          content: {
            'application/json': {
              values: Array<{ id: number; name: string }>;
              isLastPage: boolean;
            };
          };
        };
      };
    };
  };
  '/repos/{owner}/{repo}/issues': {
    get: {
      parameters: { path: { owner: string; repo: string }; query?: { page?: number } };
      responses: { 200: { content: { 'application/json': Array<{ id: number; name: string }> } } };
    };
  };
  '/2010-04-01/Accounts/{AccountSid}/Messages.json': {
    get: {
      parameters: {
        path: { AccountSid: string };
        query?: { PageSize?: number; 'DateSent<'?: string };
      };
      responses: {
        200: {
          content: {
            'application/json': {
              messages: Array<{ id: number; name: string }>;
              next_page_uri: string | null;
              page: number;
            };
          };
        };
        404: { content: { 'application/json': { code: number; message: string; status: number } } };
      };
    };
  };
  '/{organization}/_apis/wit/workitems': {
    get: {
      parameters: { path: { organization: string }; query?: { continuationToken?: string } };
      responses: {
        200: {
          content: {
            'application/json': { count: number; value: Array<{ id: number; name: string }> };
          };
        };
      };
    };
  };
}

/** Knobs a test turns to make the server misbehave. */
export const faults = {
  /** Page number (1-based) of the Twilio list that answers 404. */
  twilioFailPage: 0,
  /** Make Twilio's next_page_uri point back at the page itself. */
  twilioLoop: false,
  /** An origin to put in front of Twilio's next_page_uri. */
  twilioNextOrigin: '',
  /** Delay every Twilio page by this many ms. */
  twilioDelayMs: 0,
};

export function resetFaults(): void {
  faults.twilioFailPage = 0;
  faults.twilioLoop = false;
  faults.twilioNextOrigin = '';
  faults.twilioDelayMs = 0;
}

function slice(start: number) {
  return ALL.slice(start, start + PAGE);
}

/** Serves one list per pagination style, the way each vendor documents it. */
export async function servePages(
  req: RecordedRequest,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const url = new URL(req.url, origin);
  const q = url.searchParams;
  const path = url.pathname;

  if (path === '/v1/files') {
    // OpenAI: limit + after=<last id>, { data, has_more, last_id }.
    const after = q.get('after');
    const start = after === null ? 0 : ALL.findIndex((item) => `file-${item.id}` === after) + 1;
    const data = slice(start);
    const last = data.at(-1);
    sendJson(res, 200, {
      object: 'list',
      data,
      has_more: start + PAGE < ALL.length,
      last_id: last ? `file-${last.id}` : null,
    });
    return;
  }
  if (path === '/api/v2/tickets.json') {
    // Zendesk cursor pagination: page[size], page[after] -> meta.has_more, meta.after_cursor.
    const after = q.get('page[after]');
    const start = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString());
    const end = start + Number(q.get('page[size]') ?? 100);
    sendJson(res, 200, {
      tickets: ALL.slice(start, end),
      meta: {
        has_more: end < ALL.length,
        after_cursor: end < ALL.length ? Buffer.from(String(end)).toString('base64url') : null,
      },
    });
    return;
  }
  if (path === '/api/v2/contacts') {
    // Freshdesk: page + per_page, a bare array body.
    const page = Number(q.get('page') ?? 1);
    const perPage = Number(q.get('per_page') ?? PAGE);
    sendJson(res, 200, ALL.slice((page - 1) * perPage, page * perPage));
    return;
  }
  if (path === '/rest/servicedeskapi/request') {
    // Jira Service Management: start + limit -> { values, isLastPage }.
    const start = Number(q.get('start') ?? 0);
    const limit = Number(q.get('limit') ?? PAGE);
    sendJson(res, 200, {
      values: ALL.slice(start, start + limit),
      isLastPage: start + limit >= ALL.length,
    });
    return;
  }
  if (path === '/repos/octo/hello/issues') {
    // GitHub: Link header; page 1 gives an absolute next link with a comma in a
    // quoted title, page 2 a relative one, page 3 only prev/first.
    const page = Number(q.get('page') ?? 1);
    const links: string[] = [];
    if (page === 1) {
      links.push(`<${origin}/repos/octo/hello/issues?page=2>; rel="next"; title="page 2, of 3"`);
      links.push(`<${origin}/repos/octo/hello/issues?page=3>; rel="last"`);
    } else if (page === 2) {
      links.push(
        '</repos/octo/hello/issues?page=1>; rel="prev first"',
        '</repos/octo/hello/issues?page=3>; REL=next',
      );
    } else {
      links.push('</repos/octo/hello/issues?page=2>; rel="prev"');
    }
    sendJson(res, 200, slice((page - 1) * PAGE), { link: links.join(', ') });
    return;
  }
  if (path === '/2010-04-01/Accounts/AC1/Messages.json') {
    // Twilio: relative next_page_uri with an opaque PageToken, followed verbatim.
    const page = Number(q.get('Page') ?? 0);
    if (faults.twilioDelayMs) await new Promise((r) => setTimeout(r, faults.twilioDelayMs));
    if (faults.twilioFailPage === page + 1) {
      sendJson(
        res,
        404,
        { code: 20404, message: 'The requested resource was not found', status: 404 },
        {
          'twilio-request-id': 'RQ0123',
        },
      );
      return;
    }
    const start = page * PAGE;
    const nextPage = page + 1;
    const self = `${path}?${q.toString()}`;
    const next =
      start + PAGE < ALL.length
        ? `/2010-04-01/Accounts/AC1/Messages.json?PageSize=${PAGE}&Page=${nextPage}&PageToken=PA${nextPage}x%2By`
        : null;
    sendJson(res, 200, {
      messages: slice(start),
      page,
      next_page_uri: faults.twilioLoop ? self : next && `${faults.twilioNextOrigin}${next}`,
    });
    return;
  }
  if (path === '/org/_apis/wit/workitems') {
    // Azure DevOps: x-ms-continuationtoken header -> continuationToken query.
    const token = q.get('continuationToken');
    const start = token === null ? 0 : Number(token.slice('tok-'.length));
    const value = slice(start);
    const headers: Record<string, string> =
      start + PAGE < ALL.length ? { 'x-ms-continuationtoken': `tok-${start + PAGE}` } : {};
    sendJson(res, 200, { count: value.length, value }, headers);
    return;
  }
  sendJson(res, 404, { message: 'no such list' });
}
