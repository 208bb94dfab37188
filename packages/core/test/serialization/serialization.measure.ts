/**
 * Per-request costs of serialization: `formEncode` on a Twilio Messages body,
 * and making a 1 KB request body re-sendable with `rebuildableBody` (read
 * once, new Request per attempt) against `request.clone()` before every
 * attempt, each attempt's body read to the end as fetch would. Prints medians
 * of per-call time over batches. Not a test: timings depend on the machine.
 *
 * Run from the repository root:
 *   node_modules/.bin/esbuild packages/core/test/serialization/serialization.measure.ts \
 *     --bundle --platform=node --format=esm | node_modules/.bin/node --input-type=module
 */
import { formEncode } from '../../src/serialization/form-encode.js';
import { rebuildableBody } from '../../src/serialization/rebuildable-body.js';

const BODY = 'x'.repeat(1024);
const URL_ = 'https://api.example.test/2010-04-01/Accounts/AC1/Messages.json';
const INIT = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
};
const BATCH = 200;
const BATCHES = 60;

function fresh(): Request {
  return new Request(URL_, { ...INIT, body: BODY });
}

async function baseline(): Promise<void> {
  await fresh().arrayBuffer();
}

async function cloneEach(attempts: number): Promise<void> {
  const original = fresh();
  for (let i = 0; i < attempts; i++) await original.clone().arrayBuffer();
}

async function rebuildEach(attempts: number): Promise<void> {
  const rebuildable = await rebuildableBody(fresh());
  for (let i = 0; i < attempts; i++) await rebuildable.forAttempt().arrayBuffer();
}

async function rebuildEachWithSignal(attempts: number): Promise<void> {
  const rebuildable = await rebuildableBody(fresh());
  for (let i = 0; i < attempts; i++) {
    await rebuildable.forAttempt(new AbortController().signal).arrayBuffer();
  }
}

async function medianMicros(run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < BATCH * 5; i++) await run();
  const perCall: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) await run();
    perCall.push(Number(process.hrtime.bigint() - start) / BATCH / 1000);
  }
  perCall.sort((x, y) => x - y);
  return perCall[Math.floor(perCall.length / 2)]!;
}

const TWILIO_BODY = {
  To: '+15551234567',
  From: '+15557654321',
  Body: 'Your code is 123456. It expires in 10 minutes.',
  MediaUrl: ['https://example.test/a.png', 'https://example.test/b.png'],
  StatusCallback: 'https://example.test/status?tenant=acme',
  ValidityPeriod: 14400,
  ShortenUrls: true,
};

const rows: Array<[string, () => Promise<void>]> = [
  ['formEncode, Twilio Messages body (7 fields)', async () => void formEncode(TWILIO_BODY)],
  ['new Request + read body (no re-send possible)', baseline],
  ['clone() per attempt, 1 attempt', () => cloneEach(1)],
  ['rebuildableBody, 1 attempt', () => rebuildEach(1)],
  ['clone() per attempt, 3 attempts', () => cloneEach(3)],
  ['rebuildableBody, 3 attempts', () => rebuildEach(3)],
  ['rebuildableBody + own signal, 1 attempt', () => rebuildEachWithSignal(1)],
  ['rebuildableBody + own signal, 3 attempts', () => rebuildEachWithSignal(3)],
];
console.log(`node ${process.version}, body 1024 B, median of ${BATCHES} batches x ${BATCH} calls`);
for (const [name, run] of rows) {
  const us = await medianMicros(run);
  console.log(`${name.padEnd(48)} ${us.toFixed(2).padStart(7)} µs/call`);
}
