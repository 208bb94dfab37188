// One SmsSender over three vendors: createRouter with Twilio first and 019
// and Azure Communication Services as fallbacks, against local simulators
// in which Twilio is down (every send answers 503). Each router decision is
// printed as it happens: the failover to 019 for an Israeli number, to ACS
// for a US one, Twilio's circuit opening, Twilio skipped after that, and ACS
// taking over when 019 fails too.
// No credentials, no network: every "vendor" listens on 127.0.0.1.
// Run after a build: `pnpm run build && node examples/sms-failover.mjs`.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createAcsSmsSender } from '@org/acs-client/sms';
import { createRouter } from '@org/capabilities';
import { createIsrael019SmsSender } from '@org/israel019-client/sms';
import { createTwilioSmsSender } from '@org/twilio-client/sms';

/** A vendor on 127.0.0.1: `answer(request, body)` returns [status, JSON body]. */
async function simulator(name, answer) {
  const counts = { requests: 0 };
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    counts.requests++;
    const [status, body] = answer(request, Buffer.concat(chunks));
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { name, url: `http://127.0.0.1:${server.address().port}`, counts, server };
}

// Twilio is down: 503 with Twilio's error body, whatever is asked.
const twilio = await simulator('twilio', () => [
  503,
  { code: 20503, message: 'Service Unavailable', status: 503 },
]);

// 019 takes the `sms` command and answers status 0 with a shipment id, but
// its third command fails with body status 6 (process failure): 019 answers
// errors as HTTP 200 with a status in the body.
let shipments = 7000;
const israel019 = await simulator('019', (request) => {
  if (request.headers.authorization !== 'Bearer example-019-token')
    return [200, { status: 3, message: 'Authentication failed' }];
  if (israel019.counts.requests === 3) return [200, { status: 6, message: 'Process failure' }];
  return [200, { status: 0, message: 'SMS will be sent', shipment_id: ++shipments }];
});

// ACS checks each request's HMAC-SHA256 signature the way the service does:
// recomputed from the method, path and query, x-ms-date, Host and the body hash.
const acsKey = randomBytes(32).toString('base64');
let outgoing = 0;
const acs = await simulator('acs', (request, body) => {
  const date = request.headers['x-ms-date'];
  const hash = createHash('sha256').update(body).digest('base64');
  const expected = createHmac('sha256', Buffer.from(acsKey, 'base64'))
    .update(`${request.method}\n${request.url}\n${date};${request.headers.host};${hash}`)
    .digest();
  const given = Buffer.from(
    /Signature=(.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '',
    'base64',
  );
  const signed =
    request.headers['x-ms-content-sha256'] === hash &&
    given.length === expected.length &&
    timingSafeEqual(given, expected);
  if (!signed) return [401, { error: { code: 'Unauthorized', message: 'Denied.' } }];
  const { smsRecipients } = JSON.parse(body.toString('utf8'));
  return [
    202,
    {
      value: smsRecipients.map(({ to }) => ({
        to,
        messageId: `Outgoing_example_${++outgoing}`,
        httpStatusCode: 202,
        repeatabilityResult: 'accepted',
        successful: true,
      })),
    },
  ];
});

const started = Date.now();
const log = (line) => console.log(`${String(Date.now() - started).padStart(5)} ms  ${line}`);

const sms = createRouter(
  {
    twilio: createTwilioSmsSender({
      accountSid: 'AC00000000000000000000000000000000',
      clientOptions: {
        baseUrl: twilio.url,
        credentials: { accountSid: 'AC00000000000000000000000000000000', authToken: 'example' },
      },
    }),
    acs: createAcsSmsSender({
      endpoint: acs.url,
      accessKey: acsKey,
      from: '+18005550100', // ACS sends only from the resource's own numbers
    }),
    israel019: createIsrael019SmsSender({
      username: 'example',
      clientOptions: { baseUrl: israel019.url, token: 'example-019-token' },
    }),
  },
  {
    // Israeli numbers: Twilio, then 019, then ACS. Others: the adapters' order.
    rules: [{ name: 'israel', countryPrefix: '+972', providers: ['twilio', 'israel019', 'acs'] }],
    // Open Twilio's circuit after two failures in a row (default 5), to show it here.
    circuitBreaker: { failureThreshold: 2 },
    events: { active: true, emit: (type, data) => log(`event ${type} ${JSON.stringify(data)}`) },
  },
);

const sends = [
  { to: '+972501234567', senderId: 'MyShop', body: 'Your code is 123456' },
  { to: '+14155550100', senderId: 'MyShop', body: 'Your code is 654321' },
  { to: '+972521234567', senderId: 'MyShop', body: 'Your code is 111222' },
  { to: '+972541234567', senderId: 'MyShop', body: 'Your code is 333444' },
];
for (const [index, input] of sends.entries()) {
  log(`send #${index + 1} (${input.to.slice(0, 4)}…)`);
  const sent = await sms.send(input);
  log(`sent #${index + 1} via ${sent.provider}: ${sent.providerMessageId} ${sent.status}`);
}

log(`circuits ${JSON.stringify(sms.circuitStates())}`);
log(
  `requests seen: twilio ${twilio.counts.requests}, 019 ${israel019.counts.requests}, acs ${acs.counts.requests}`,
);
for (const vendor of [twilio, israel019, acs]) vendor.server.close();
