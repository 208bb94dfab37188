/**
 * Throughput of the SSE and NDJSON parsers on OpenAI- and Ollama-shaped
 * streams cut into 1 KiB chunks, through the full async iterator over a
 * ReadableStream. Prints medians over runs. Not a test: timings depend on
 * the machine.
 *
 * Run from the repository root:
 *   node_modules/.bin/esbuild packages/core/test/streaming/parsers.measure.ts \
 *     --bundle --platform=node --format=esm | node_modules/.bin/node --input-type=module
 */
import { parseNdjson } from '../../src/streaming/parse-ndjson.js';
import { parseSse } from '../../src/streaming/parse-sse.js';

const EVENTS = 5_000;
const RUNS = 15;
const CHUNK = 1024;

const chunk = (i: number) =>
  JSON.stringify({
    id: 'chatcmpl-123',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content: `token ${i} ` }, finish_reason: null }],
  });

const sseText = `${Array.from({ length: EVENTS }, (_, i) => `data: ${chunk(i)}\n\n`).join('')}data: [DONE]\n\n`;
const ndjsonText = `${Array.from({ length: EVENTS }, (_, i) => chunk(i)).join('\n')}\n`;

function chunked(text: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push(bytes.subarray(at, at + CHUNK));
  return out;
}

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const value = chunks[next++];
      if (value === undefined) controller.close();
      else controller.enqueue(value);
    },
  });
}

async function measure(
  name: string,
  text: string,
  run: (s: ReadableStream<Uint8Array>) => Promise<number>,
) {
  const chunks = chunked(text);
  const mb = text.length / 1024 / 1024;
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const start = process.hrtime.bigint();
    const count = await run(streamOf(chunks));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (count < EVENTS) throw new Error(`${name}: parsed ${count} events`);
    if (i >= 3) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `${name.padEnd(28)} ${(mb / (median / 1000)).toFixed(0).padStart(5)} MB/s  ${((median * 1000) / EVENTS).toFixed(2).padStart(6)} µs/event`,
  );
}

console.log(`node ${process.version}, ${EVENTS} events, ${CHUNK} B chunks, median of ${RUNS} runs`);
await measure('parseSse (data only)', sseText, async (s) => {
  let n = 0;
  for await (const _ of parseSse(s)) n++;
  return n;
});
await measure('parseSse + JSON.parse', sseText, async (s) => {
  let n = 0;
  for await (const event of parseSse(s)) if (event.data !== '[DONE]' && JSON.parse(event.data)) n++;
  return n;
});
await measure('parseNdjson', ndjsonText, async (s) => {
  let n = 0;
  for await (const _ of parseNdjson(s)) n++;
  return n;
});
