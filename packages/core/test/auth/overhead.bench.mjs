// Per-request cost of the auth policies with the network cut out (`next`
// answers at once), measured on the built package:
//   cd packages/core && pnpm run build && node test/auth/overhead.bench.mjs
import { randomBytes } from 'node:crypto';
import { bearerAuth, hmacSha256Signer, oauth2TokenProvider } from '../../dist/auth.js';

const ctx = {
  vendor: 'bench',
  operation: undefined,
  tenant: undefined,
  signal: new AbortController().signal,
  callerSignal: undefined,
  deadline: Number.POSITIVE_INFINITY,
  attempt: 1,
  events: { active: false, emit() {} },
  state: new Map(),
};
const ok = async () => new Response(null, { status: 204 });
const url = 'https://contoso.communication.azure.com/sms?api-version=2021-03-07';
const body = randomBytes(1024);
const accessKey = randomBytes(32).toString('base64');

async function measure(name, run, iterations = 50_000) {
  for (let i = 0; i < 5_000; i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  const perCall = Number(process.hrtime.bigint() - start) / iterations / 1000;
  console.log(`${name.padEnd(44)} ${perCall.toFixed(2).padStart(7)} µs/request`);
  return perCall;
}

const provider = oauth2TokenProvider({
  tokenUrl: 'https://login.example.com/token',
  clientId: 'c',
  clientSecret: 's',
  fetch: async () =>
    Response.json({ access_token: 'cached', token_type: 'Bearer', expires_in: 3600 }),
});
const bearer = bearerAuth('token').wrap(ok);
const oauth = bearerAuth(provider).wrap(ok);
const signNode = hmacSha256Signer({ accessKey, crypto: 'node' });
const signWeb = hmacSha256Signer({ accessKey, crypto: 'web' });

console.log(`Node ${process.version}`);
const baseGet = await measure('GET, no auth (baseline)', () => ok(new Request(url), ctx));
const bearerGet = await measure('GET, bearerAuth static', () => bearer(new Request(url), ctx));
const oauthGet = await measure('GET, bearer from cached OAuth2 token', () =>
  oauth(new Request(url), ctx),
);
console.log(
  `  added: static ${(bearerGet - baseGet).toFixed(2)} µs, OAuth2 ${(oauthGet - baseGet).toFixed(2)} µs`,
);
const basePost = await measure('POST 1 KB, no signing (baseline)', () =>
  ok(new Request(url, { method: 'POST', body }), ctx),
);
const node = await measure('POST 1 KB, ACS HMAC via node:crypto', () =>
  signNode(new Request(url, { method: 'POST', body }), ctx),
);
const web = await measure('POST 1 KB, ACS HMAC via Web Crypto', () =>
  signWeb(new Request(url, { method: 'POST', body }), ctx),
);
console.log(
  `  added: node:crypto ${(node - basePost).toFixed(2)} µs, Web Crypto ${(web - basePost).toFixed(2)} µs (${(web / node).toFixed(1)}x)`,
);
