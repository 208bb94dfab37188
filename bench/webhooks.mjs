// Webhook verification throughput: every @org/core/webhooks scheme against
// raw node:crypto and against @octokit/webhooks-methods, standardwebhooks and
// svix, for 1 KB and 64 KB bodies. Rounds are interleaved (every case once per
// round) and the median round is reported, so drift hits all cases alike.
// Writes bench/results/webhooks.json. Build core first:
//   cd packages/core && pnpm run build && cd ../.. && node bench/webhooks.mjs
//
// Baselines:
//   raw hmac (string key)     createHmac('sha256', secretText).update(body).digest('hex'):
//                             the bare HMAC, no header parsing, no compare.
//   raw hmac (Buffer key)     the same with the key as bytes, as code must pass a
//                             decoded key (Standard Webhooks' whsec_); on Node 24
//                             this is several times slower than a string or KeyObject.
//   raw hmac (KeyObject)      the same with a KeyObject made once: the floor.
//   raw scheme                each scheme hand-written on node:crypto: parse the
//                             header, build the signed content, createHmac with the
//                             secret prepared once (text as-is, or Standard Webhooks'
//                             whsec_ decoded once into a KeyObject), compare with
//                             timingSafeEqual. A hand-written verifier decodes its
//                             key at startup, not per delivery; and a Buffer key
//                             would charge the baseline Node 24's Buffer-key cost
//                             (the `raw hmac (Buffer key)` row), which is not the
//                             scheme's work, so the ratio would measure key form
//                             instead of verification. They parse what the
//                             scheme signs but do not check the timestamp
//                             tolerance, which @org/core does on every
//                             timestamped delivery (Zendesk: an RFC 3339 parse).
//                             @org/core can still run faster: it MACs from hash
//                             states keyed once (RFC 2104 §4) where createHmac
//                             sets the key up on every call.
// Throughput is ops per CPU-second of this process (process.cpuUsage, all
// threads, so Web Crypto's worker threads count), which other load on the
// machine disturbs far less than wall time.
// BENCH_SCHEMES=zendesk,twilio-bodysha256 runs only those schemes (with the
// bare HMAC rows) and prints them without writing the results file.
// Our verifiers are created once with `replay: false` (each round re-sends the
// same delivery, which the replay guard would rightly reject) and read no
// payload (it is parsed on first read); `+payload` rows read it too.
import {
  createHash,
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  sign,
  timingSafeEqual,
} from 'node:crypto';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { createWebhookVerifier } from '../packages/core/dist/webhooks.js';
import { writeResults } from './lib/results.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 120);
const SIZES = [1024, 65_536];
const ONLY = process.env.BENCH_SCHEMES?.split(',').filter(Boolean);

const SECRET = 'bench-secret-0123456789abcdef';
const WHSEC = `whsec_${Buffer.from('bench-standard-webhooks-key-32by').toString('base64')}`;
const WHSEC_KEY = createSecretKey(Buffer.from(WHSEC.slice(6), 'base64'));
const AUTH_TOKEN = 'bench-auth-token-0123456789abcd';
const NOW_S = Math.floor(Date.now() / 1000);
const now = () => NOW_S * 1000;
const common = { replay: false, now };

const hex = (alg, key, ...parts) => {
  const mac = createHmac(alg, key);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};
const b64 = (alg, key, ...parts) => {
  const mac = createHmac(alg, key);
  for (const part of parts) mac.update(part);
  return mac.digest('base64');
};
const same = (a, b) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A JSON body of exactly `size` bytes. */
function jsonBody(size) {
  const head = '{"type":"event.created","data":{"text":"';
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(size - head.length - tail.length) + tail);
}

/** A form body of about `size` bytes, as Twilio sends. */
function formBody(size) {
  const params = new URLSearchParams({
    AccountSid: 'AC123',
    From: '+15550001111',
    To: '+15550002222',
  });
  params.set('Body', 'y'.repeat(Math.max(0, size - params.toString().length - 6)));
  return Buffer.from(params.toString());
}

function cases(size) {
  const body = jsonBody(size);
  const text = body.toString();
  const ts = String(NOW_S);
  const list = [];
  const add = (scheme, name, kind, fn) => list.push({ scheme, size, name, kind, fn });

  const secretBytes = Buffer.from(SECRET);
  const secretKey = createSecretKey(secretBytes);
  add('hmac', 'raw hmac (string key)', 'baseline', () => hex('sha256', SECRET, body));
  add('hmac', 'raw hmac (Buffer key)', 'baseline-buffer', () => hex('sha256', secretBytes, body));
  add('hmac', 'raw hmac (KeyObject)', 'baseline-keyobject', () => hex('sha256', secretKey, body));

  // GitHub / Meta: sha256=<hex>
  {
    const headers = {
      'x-hub-signature-256': `sha256=${hex('sha256', SECRET, body)}`,
      'x-github-delivery': 'd-1',
    };
    const ours = createWebhookVerifier('github', { secret: SECRET, ...common });
    const web = createWebhookVerifier('github', { secret: SECRET, ...common, crypto: 'web' });
    const signature = headers['x-hub-signature-256'];
    add('github', 'raw scheme', 'raw', () =>
      same(`sha256=${hex('sha256', SECRET, body)}`, signature),
    );
    add('github', '@org/core', 'ours', () => ours.verify({ headers, body }));
    add('github', '@org/core web-crypto', 'web', () => web.verify({ headers, body }));
    add('github', '@octokit/webhooks-methods', 'other', () =>
      octokitVerify(SECRET, text, signature),
    );
    const meta = createWebhookVerifier('meta', { secret: SECRET, ...common });
    add('meta', 'raw scheme', 'raw', () =>
      same(`sha256=${hex('sha256', SECRET, body)}`, signature),
    );
    add('meta', '@org/core', 'ours', () => meta.verify({ headers, body }));
  }
  // Shopify: base64 over the body
  {
    const signature = b64('sha256', SECRET, body);
    const headers = { 'x-shopify-hmac-sha256': signature, 'x-shopify-event-id': 'e-1' };
    const ours = createWebhookVerifier('shopify', { secret: SECRET, ...common });
    add('shopify', 'raw scheme', 'raw', () => same(b64('sha256', SECRET, body), signature));
    add('shopify', '@org/core', 'ours', () => ours.verify({ headers, body }));
  }
  // Zendesk: base64 over timestamp + body
  {
    const stamp = new Date(NOW_S * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const signature = b64('sha256', SECRET, stamp, body);
    const headers = {
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': stamp,
      'x-zendesk-webhook-invocation-id': '1',
    };
    const ours = createWebhookVerifier('zendesk', { secret: SECRET, ...common });
    add('zendesk', 'raw scheme', 'raw', () => same(b64('sha256', SECRET, stamp, body), signature));
    add('zendesk', '@org/core', 'ours', () => ours.verify({ headers, body }));
  }
  // Slack: v0=<hex> over v0:ts:body
  {
    const signature = `v0=${hex('sha256', SECRET, `v0:${ts}:`, body)}`;
    const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts };
    const ours = createWebhookVerifier('slack', { secret: SECRET, ...common });
    add('slack', 'raw scheme', 'raw', () =>
      same(`v0=${hex('sha256', SECRET, `v0:${ts}:`, body)}`, signature),
    );
    add('slack', '@org/core', 'ours', () => ours.verify({ headers, body }));
  }
  // Stripe: t=,v1=
  {
    const v1 = hex('sha256', SECRET, `${ts}.`, body);
    const headers = { 'stripe-signature': `t=${ts},v1=${v1}` };
    const ours = createWebhookVerifier('stripe', { secret: SECRET, ...common });
    add('stripe', 'raw scheme', 'raw', () => {
      const parts = Object.fromEntries(
        headers['stripe-signature'].split(',').map((kv) => kv.split('=')),
      );
      return same(hex('sha256', SECRET, `${parts.t}.`, body), parts.v1);
    });
    add('stripe', '@org/core', 'ours', () => ours.verify({ headers, body }));
  }
  // Standard Webhooks v1 (and Svix headers)
  {
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const signature = `v1,${b64('sha256', WHSEC_KEY, `${id}.${ts}.`, body)}`;
    const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature };
    const svixHeaders = { 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': signature };
    const ours = createWebhookVerifier('standard-webhooks', { secret: WHSEC, ...common });
    const standard = new StandardWebhook(WHSEC);
    const svix = new SvixWebhook(WHSEC);
    add('standard-webhooks', 'raw scheme', 'raw', () =>
      same(`v1,${b64('sha256', WHSEC_KEY, `${id}.${ts}.`, body)}`, signature),
    );
    add('standard-webhooks', '@org/core', 'ours', () => ours.verify({ headers, body }));
    add(
      'standard-webhooks',
      '@org/core +payload',
      'ours+payload',
      async () => (await ours.verify({ headers, body })).payload,
    );
    add('standard-webhooks', 'standardwebhooks', 'other', () => standard.verify(body, headers));
    add('standard-webhooks', 'svix', 'other', () => svix.verify(body, svixHeaders));
  }
  // Twilio: HMAC-SHA1 over URL + sorted form params
  {
    const form = formBody(size);
    const url = 'https://example.com/twilio/sms?tenant=a';
    const data = (raw) => {
      let signed = url;
      const params = new URLSearchParams(raw.toString());
      for (const name of [...new Set(params.keys())].sort()) {
        for (const value of [...new Set(params.getAll(name))].sort()) signed += name + value;
      }
      return signed;
    };
    const signature = b64('sha1', AUTH_TOKEN, data(form));
    const headers = {
      'x-twilio-signature': signature,
      'content-type': 'application/x-www-form-urlencoded',
    };
    const ours = createWebhookVerifier('twilio', { secret: AUTH_TOKEN, ...common });
    add('twilio', 'raw scheme', 'raw', () => same(b64('sha1', AUTH_TOKEN, data(form)), signature));
    add('twilio', '@org/core', 'ours', () => ours.verify({ headers, body: form, url }));
  }
  // Twilio JSON: bodySHA256 in the URL, signature over the URL
  {
    const url = `https://example.com/twilio/json?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
    const signature = b64('sha1', AUTH_TOKEN, url);
    const headers = { 'x-twilio-signature': signature, 'content-type': 'application/json' };
    const ours = createWebhookVerifier('twilio', { secret: AUTH_TOKEN, ...common });
    add('twilio-bodysha256', 'raw scheme', 'raw', () => {
      const hash = new URL(url).searchParams.get('bodySHA256');
      return (
        same(b64('sha1', AUTH_TOKEN, url), signature) &&
        same(createHash('sha256').update(body).digest('hex'), hash)
      );
    });
    add('twilio-bodysha256', '@org/core', 'ours', () => ours.verify({ headers, body, url }));
  }
  // Declared custom scheme (Jira admin webhooks: X-Hub-Signature sha256=)
  {
    const decl = {
      name: 'jira',
      header: 'X-Hub-Signature',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
    };
    const signature = `sha256=${hex('sha256', SECRET, body)}`;
    const headers = { 'x-hub-signature': signature };
    const ours = createWebhookVerifier(decl, { secret: SECRET, ...common });
    add('custom', 'raw scheme', 'raw', () =>
      same(`sha256=${hex('sha256', SECRET, body)}`, signature),
    );
    add('custom', '@org/core', 'ours', () => ours.verify({ headers, body }));
  }
  // Standard Webhooks v1a (Ed25519): not HMAC, shown for scale.
  {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x;
    const whpk = `whpk_${Buffer.from(raw, 'base64url').toString('base64')}`;
    const id = 'msg_1';
    const signature = `v1a,${sign(null, Buffer.concat([Buffer.from(`${id}.${ts}.`), body]), privateKey).toString('base64')}`;
    const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature };
    const ours = createWebhookVerifier('standard-webhooks', { publicKey: whpk, ...common });
    const web = createWebhookVerifier('standard-webhooks', {
      publicKey: whpk,
      ...common,
      crypto: 'web',
    });
    add('standard-webhooks-v1a', '@org/core', 'ours', () => ours.verify({ headers, body }));
    add('standard-webhooks-v1a', '@org/core web-crypto', 'web', () =>
      web.verify({ headers, body }),
    );
  }
  return list;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function measure(fn) {
  // Calibrate a batch that takes about a millisecond, then run batches for ROUND_MS of CPU.
  let batch = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    if (performance.now() - start > 1) break;
    batch *= 2;
  }
  let ops = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < batch; i++) await fn();
    ops += batch;
    elapsed = cpuMs() - start;
  }
  return (ops / elapsed) * 1000;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const all = SIZES.flatMap(cases).filter(
  (c) => ONLY === undefined || c.scheme === 'hmac' || ONLY.includes(c.scheme),
);
for (const c of all) {
  c.samples = [];
  const ok = await c.fn();
  if (ok === false) throw new Error(`${c.scheme} ${c.name} (${c.size}) did not verify`);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const c of all) c.samples.push(await measure(c.fn));
}

const results = [];
for (const size of SIZES) {
  const rows = all.filter((c) => c.size === size);
  const baseline = (kind) => median(rows.find((c) => c.kind === kind).samples);
  const stringKey = baseline('baseline');
  const bufferKey = baseline('baseline-buffer');
  console.log(
    `\n${size / 1024} KB body${' '.repeat(38)}ops/s  vs string-key  vs Buffer-key  vs raw scheme`,
  );
  for (const c of rows) {
    const opsPerSec = median(c.samples);
    const raw = rows.find((r) => r.scheme === c.scheme && r.kind === 'raw');
    const vsRaw = raw === undefined ? undefined : opsPerSec / median(raw.samples);
    const row = {
      scheme: c.scheme,
      bodyBytes: size,
      implementation: c.name,
      kind: c.kind,
      opsPerSec: Math.round(opsPerSec),
      samples: c.samples.map(Math.round),
      vsRawHmacStringKey: Number((opsPerSec / stringKey).toFixed(3)),
      vsRawHmacBufferKey: Number((opsPerSec / bufferKey).toFixed(3)),
      ...(vsRaw === undefined ? {} : { vsRawScheme: Number(vsRaw.toFixed(3)) }),
    };
    results.push(row);
    const ratio = (value) => (value === undefined ? '' : `${value.toFixed(2)}x`).padStart(13);
    console.log(
      `  ${`${c.scheme} / ${c.name}`.padEnd(48)} ${Math.round(opsPerSec).toLocaleString('en').padStart(9)} ${ratio(row.vsRawHmacStringKey)} ${ratio(row.vsRawHmacBufferKey)} ${ratio(vsRaw)}`,
    );
  }
}

if (ONLY !== undefined) {
  console.log('\nBENCH_SCHEMES is set: bench/results/webhooks.json left as it was');
  process.exit(0);
}
writeResults('webhooks', {
  rounds: ROUNDS,
  roundMs: ROUND_MS,
  statistic: 'median over rounds of ops per CPU-second of the bench process',
  results,
});
console.log('\nwrote bench/results/webhooks.json');
