// Runs the default send path of the built @org/core (dist/) on whatever Node
// runs this script, so a Node release the test suite does not run on (the
// suite runs Node 24, and the packaging tests Node 20) can be checked by
// hand: `<that node> packages/core/scripts/check-send-path.mjs` after
// `pnpm --filter @org/core build`. Against a loopback server: a redirect to a
// gzip body, a streamed raw-deflate event body split after its first byte, a
// 100 KB POST and a 404, each through the `auto` engine, which must hand
// them to undici's global dispatcher itself, not through fetch. Prints what it
// got; exits 1 on a mismatch.
import { createServer } from 'node:http';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { createTransport } from '../dist/transport.js';

const events = 'data: one\n\n'.repeat(20_000);
const server = createServer((req, res) => {
  if (req.url === '/redirect') {
    res.writeHead(302, { location: '/json' });
    return res.end();
  }
  if (req.url === '/json') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    return res.end(gzipSync('{"ok":true}'));
  }
  if (req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'deflate' });
    const bytes = deflateRawSync(events);
    res.write(bytes.subarray(0, 1));
    return setTimeout(() => res.end(bytes.subarray(1)), 5);
  }
  if (req.url === '/post') {
    let length = 0;
    req.on('data', (chunk) => {
      length += chunk.length;
    });
    return req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ length }));
    });
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":"not found"}');
});

server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const send = createTransport({ vendor: 'check', policies: [] });
  const fetchBefore = globalThis.fetch;
  const got = {};
  try {
    const redirected = await send(`${base}/redirect`);
    got.redirect = [redirected.status, redirected.redirected, await redirected.json()];
    // The first request made undici's global dispatcher exist; count what
    // reaches it now from core's own handler. fetch dispatches there too, with
    // a plain object literal as its handler.
    const dispatcher = globalThis[Symbol.for('undici.globalDispatcher.1')];
    let dispatched = 0;
    const dispatch = dispatcher.dispatch.bind(dispatcher);
    dispatcher.dispatch = (options, handler) => {
      if (Object.getPrototypeOf(handler) !== Object.prototype) dispatched += 1;
      return dispatch(options, handler);
    };
    got.streamedRawDeflate = (await (await send(`${base}/events`)).text()) === events;
    // A body given as init, as the generated clients send theirs, is known to
    // core and goes on the wire as is (a caller's own Request body is a
    // stream, which core hands to fetch).
    const posted = await send(`${base}/post`, { method: 'POST', body: 'x'.repeat(100_000) });
    got.post = [posted.status, await posted.json()];
    got.notFound = (await send(`${base}/missing`)).status;
    got.dispatched = dispatched;
    got.fetchUntouched = globalThis.fetch === fetchBefore;
  } finally {
    server.close();
  }
  const want = {
    redirect: [200, true, { ok: true }],
    streamedRawDeflate: true,
    post: [201, { length: 100_000 }],
    notFound: 404,
    dispatched: 3,
    fetchUntouched: true,
  };
  const ok = JSON.stringify(got) === JSON.stringify(want);
  console.log(
    `Node ${process.version} (undici ${process.versions.undici}): ${ok ? 'ok' : 'MISMATCH'} ${JSON.stringify(got)}`,
  );
  process.exitCode = ok ? 0 : 1;
});
