// The simulated vendor for the quota benchmark: a loopback server that
// allows LIMIT requests per fixed one-second window of the wall clock and
// answers the rest with 429 and `Retry-After: 1`, the way a vendor with a
// per-second quota does (e.g. Twilio's 20429 "Too Many Requests",
// https://www.twilio.com/docs/api/errors/20429). It counts accepted and
// refused requests per window and reports them over IPC.
import { createServer } from 'node:http';

const LIMIT = Number(process.env.QUOTA_LIMIT ?? 50);
const accepted = new Map();
const refused = new Map();
const ok = JSON.stringify({
  sid: 'SM0123456789abcdef0123456789abcdef',
  status: 'queued',
  num_segments: '1',
});
const tooMany = JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const window = Math.floor(Date.now() / 1000);
    const used = accepted.get(window) ?? 0;
    if (used < LIMIT) {
      accepted.set(window, used + 1);
      res.writeHead(201, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(ok),
      });
      res.end(ok);
      return;
    }
    refused.set(window, (refused.get(window) ?? 0) + 1);
    res.writeHead(429, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(tooMany),
      'retry-after': '1',
    });
    res.end(tooMany);
  });
});
server.keepAliveTimeout = 60_000;
process.on('message', (message) => {
  if (message.type === 'reset') {
    accepted.clear();
    refused.clear();
    process.send({ type: 'reset' });
  } else if (message.type === 'stats') {
    const windows = [...new Set([...accepted.keys(), ...refused.keys()])].sort((a, b) => a - b);
    process.send({
      type: 'stats',
      windows: windows.map((w) => ({
        window: w,
        accepted: accepted.get(w) ?? 0,
        refused: refused.get(w) ?? 0,
      })),
    });
  }
});
server.listen(0, '127.0.0.1', () =>
  process.send?.({ type: 'listening', port: server.address().port }),
);
process.on('disconnect', () => process.exit(0));
