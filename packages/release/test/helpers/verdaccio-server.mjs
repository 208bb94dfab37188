// Starts verdaccio in this process on 127.0.0.1 with an ephemeral port (no
// free-port race), prints {"port": N} on stdout once it listens, and exits
// when stdin closes, so it cannot outlive the test that started it.
import { runServer } from 'verdaccio';

const server = await runServer(process.argv[2]);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
