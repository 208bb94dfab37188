import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

// examples/twilio-simulated.mjs, run as a reader would run it: it prints each
// retry, rate-limit wait and span as it happens, against Twilio simulated
// from its spec. Its story must stay true.
it('shows retries, rate limiting and telemetry against the simulated Twilio', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  const example = new URL('../../examples/twilio-simulated.mjs', import.meta.url).pathname;
  await import(/* @vite-ignore */ example);
  const out = lines.join('\n');
  expect(out).toMatch(/answer 201: sid (SM|MM)[0-9a-fA-F]{32}, status queued/);
  expect(out).toMatch(
    /event RetryScheduled operationId=FetchMessage attempt=1 status=429 delayMs=1000 fromServer=true/,
  );
  expect(out).toMatch(
    /event RetryScheduled operationId=FetchMessage attempt=2 status=503 delayMs=\d+ fromServer=false/,
  );
  expect(out).toMatch(
    /span {2}GET \/2010-04-01\/Accounts\/\{AccountSid\}\/Messages\/\{Sid\}\.json status=200 resends=2/,
  );
  expect(out).toMatch(/event RateLimitHit operationId=FetchMessage .*source=proactive/);
  expect(out).toContain('9/9 succeeded; peak in flight at Twilio 3, refused 0');
  expect(out).toMatch(/network: CreateMessage \(POST 127\.0\.0\.1:\d+\) failed on the network/);
  expect(out).toContain('messages Twilio created for it: 1');
  expect(out).toContain('7 messages');
  expect(out).toContain('Spec violations the simulator saw: 0');
});
