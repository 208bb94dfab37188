import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/index.js';
import { paginate } from '../../src/pagination/index.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { ALL, type Paths, servePages } from './vendor-pages.js';

// Each page goes through the whole core transport (retry, deadline, telemetry), as a generated client does it.
describe('paginate on the core transport', () => {
  let server: LocalServer;
  beforeAll(async () => {
    let failedOnce = false;
    server = await startLocalServer((req, res) => {
      // The second page fails once with a 503; the transport's retry must absorb it.
      if (req.url.includes('Page=1') && !failedOnce) {
        failedOnce = true;
        res.writeHead(503, { 'retry-after': '0' });
        res.end();
        return;
      }
      return servePages(req, res, server.origin);
    });
  });
  afterAll(() => server.close());

  it('follows Twilio next_page_uri through createApiClient, retrying a 503 page', async () => {
    const client = createApiClient<Paths>({
      vendor: 'twilio',
      baseUrl: server.origin,
      operations: [
        {
          id: 'ListMessage',
          method: 'GET',
          path: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
        },
      ],
      retry: { maxAttempts: 3 },
    });
    const items = [];
    for await (const item of paginate(
      client.GET,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      { params: { path: { AccountSid: 'AC1' }, query: { PageSize: 2 } } },
      { style: 'next-url', nextField: 'next_page_uri', itemsField: 'messages' },
    )) {
      items.push(item);
    }
    expect(items).toEqual(ALL);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2',
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1&PageToken=PA1x%2By',
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1&PageToken=PA1x%2By',
      '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=2&PageToken=PA2x%2By',
    ]);
  });
});
