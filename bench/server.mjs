// The loopback "vendor" for pipeline benchmarks: a child process, so the
// server's work runs beside the client's instead of inside its event loop.
import { createServer } from 'node:http';

const body = JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', num_segments: '1' });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
