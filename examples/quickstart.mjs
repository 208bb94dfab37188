// Runs the core transport against a local simulated vendor that misbehaves
// the way real ones do, and prints what the pipeline does about it.
// No credentials, no network: the "vendor" listens on 127.0.0.1.
import { createServer } from 'node:http';
import { isCoreError } from '@org/core/errors';
import { createTransport, defaultPolicies } from '@org/core/transport';

const script = [
  [429, { 'retry-after': '1' }, '{"code":20429,"message":"Too Many Requests"}'],
  [503, {}, '<html>upstream down</html>'],
  [200, {}, '{"sid":"SM0001","status":"queued"}'],
];
let seen = 0;
const server = createServer((_req, res) => {
  const [status, headers, body] = script[Math.min(seen++, script.length - 1)];
  res.writeHead(status, {
    'content-type': body.startsWith('<') ? 'text/html' : 'application/json',
    ...headers,
  });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const started = Date.now();
const log = (line) => console.log(`${String(Date.now() - started).padStart(5)} ms  ${line}`);
const transport = createTransport({
  vendor: 'simulated',
  deadlineMs: 10_000,
  events: { active: true, emit: (type, data) => log(`${type} ${JSON.stringify(data)}`) },
  policies: defaultPolicies({ retry: { maxAttempts: 4, baseDelayMs: 200 } }),
  resolveOperation: () => ({ id: 'FetchMessage', method: 'GET', path: '/Messages/{Sid}.json' }),
});

log(`GET ${base}/Messages/SM0001.json (the vendor answers 429, then 503, then 200)`);
const response = await transport(`${base}/Messages/SM0001.json`);
log(`answer ${response.status} ${await response.text()} after ${seen} attempts`);

seen = 0;
log('POST to the same vendor: a write without an idempotency key is not re-sent after a 503');
script.shift();
const write = await transport(`${base}/Messages.json`, {
  method: 'POST',
  body: 'To=%2B15550001&Body=hi',
});
log(`answer ${write.status} after ${seen} attempt(s)`);

const tight = transport.with({ deadlineMs: 500 });
seen = 0;
script.unshift([429, { 'retry-after': '30' }, '{}']);
log('GET with a 500 ms deadline while the vendor asks to wait 30 s: fails at once, typed');
try {
  await tight(`${base}/Messages/SM0001.json`);
} catch (error) {
  if (!isCoreError(error, 'deadline-exceeded')) throw error;
  log(`${error.code}: requested wait ${error.requestedWaitMs} ms`);
}
server.close();
