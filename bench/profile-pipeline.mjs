// A CPU profile of the Twilio full pipeline (defaults + telemetry) on
// loopback: `node --cpu-prof --cpu-prof-dir=<dir> bench/profile-pipeline.mjs`,
// then `node bench/profile-summary.mjs <dir>/*.cpuprofile`. Arguments: `post`
// for the POST call; env PROFILE_REQUESTS (5000), PROFILE_CONCURRENCY (1).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@org/core/client';
import {
  ACCOUNT_SID,
  MESSAGE,
  MESSAGE_SID,
  MESSAGES,
  SMS,
  subscribedBus,
  twilioApiClientOptions,
} from './pipeline-policies.mjs';

const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'inherit' });
const { port } = await new Promise((resolve) => child.once('message', resolve));
const { bus } = subscribedBus();
const client = createApiClient(twilioApiClientOptions(`http://127.0.0.1:${port}`, bus));
// The calls bench/pipeline.mjs makes: fetch one message, create one.
const fetchOne = { params: { path: { AccountSid: ACCOUNT_SID, Sid: MESSAGE_SID } } };
const create = { params: { path: { AccountSid: ACCOUNT_SID } }, body: SMS };
const method = process.argv[2] === 'post' ? 'POST' : 'GET';
const total = Number(process.env.PROFILE_REQUESTS ?? 5000);
let sent = 0;
// PROFILE_CONCURRENCY calls in flight (default 1), as the c=32 bench rows run them.
await Promise.all(
  Array.from({ length: Number(process.env.PROFILE_CONCURRENCY ?? 1) }, async () => {
    while (sent++ < total) {
      const { response } =
        method === 'GET'
          ? await client.GET(MESSAGE, fetchOne)
          : await client.POST(MESSAGES, create);
      if (!response.ok) throw new Error(`${method} answered ${response.status}`);
    }
  }),
);
child.disconnect();
