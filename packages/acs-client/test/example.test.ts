import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Runs examples/sms-failover.mjs as a user would (node on the file, the
// packages' builds imported through their exports) and checks the router's
// decisions it prints. Expects a build (`pnpm test` builds first).

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const example = join(root, 'examples', 'sms-failover.mjs');
const builds = ['acs-client', 'twilio-client', 'israel019-client', 'capabilities'].map((name) =>
  join(root, 'packages', name, 'dist'),
);

/** The lines without their elapsed-time column. */
async function runExample(): Promise<string[]> {
  const { stdout, stderr } = await run(process.execPath, [example], { cwd: root, timeout: 30_000 });
  expect(stderr).toBe('');
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/^\s*\d+ ms {2}/, ''));
}

describe('examples/sms-failover.mjs', () => {
  it('finds the builds it imports', () => {
    for (const dist of builds) expect(existsSync(dist), `build ${dist} first`).toBe(true);
  });

  it('fails over from Twilio (503) to 019 and ACS, opens the circuit, then skips Twilio', async () => {
    const lines = await runExample();
    const events = lines.filter((line) => line.startsWith('event '));
    expect(events.map((line) => line.split(' ')[1])).toEqual([
      'RouteSelected',
      'ProviderFailedOver',
      'RouteSelected',
      'CircuitOpened',
      'ProviderFailedOver',
      'RouteSelected',
      'ProviderSkipped',
      'RouteSelected',
      'ProviderSkipped',
      'ProviderFailedOver',
    ]);
    expect(lines).toContain(
      'event ProviderFailedOver {"from":"twilio","to":"israel019","reason":"provider-unavailable","providerCode":"20503","attempt":2}',
    );
    expect(lines).toContain(
      'event ProviderFailedOver {"from":"twilio","to":"acs","reason":"provider-unavailable","providerCode":"20503","attempt":2}',
    );
    expect(lines).toContain(
      'event ProviderFailedOver {"from":"israel019","to":"acs","reason":"provider-unavailable","providerCode":"6","attempt":2}',
    );
    expect(events.find((line) => line.startsWith('event CircuitOpened'))).toContain(
      '"provider":"twilio","trigger":"consecutive-failures","consecutiveFailures":2',
    );
    expect(events.filter((line) => line.startsWith('event ProviderSkipped'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('sent #'))).toEqual([
      expect.stringMatching(/^sent #1 via israel019: il-\S+ queued$/),
      'sent #2 via azure-communication-services: Outgoing_example_1 queued',
      expect.stringMatching(/^sent #3 via israel019: il-\S+ queued$/),
      'sent #4 via azure-communication-services: Outgoing_example_2 queued',
    ]);
    expect(lines).toContain('circuits {"twilio":"open","acs":"closed","israel019":"closed"}');
    // Twilio was called twice, then left alone while its circuit was open.
    expect(lines.at(-1)).toBe('requests seen: twilio 2, 019 3, acs 2');
    // Router events carry the matched rule prefix, never a number or a message body.
    expect(events.join('\n')).not.toMatch(/\+97250|\+97252|\+97254|\+1415|Your code/);
  });
});
