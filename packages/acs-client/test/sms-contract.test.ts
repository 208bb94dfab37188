import { describeSmsSenderContract } from '@org/capabilities/testing';
import { describe, expect, it } from 'vitest';
import { manifest } from '../src/index.js';
import { createAcsSmsSender } from '../src/sms.js';
import { type AcsSimulator, startAcsSimulator } from './support/acs-simulator.js';
import { createEntraStandIn } from './support/entra.js';

const entra = createEntraStandIn();
const simulators: AcsSimulator[] = [];

/**
 * The shared SmsSender contract, against the ACS simulator on 127.0.0.1,
 * which recomputes the HMAC signature of every request. Retries keep the
 * pack's rules (3 attempts, 429 re-sent) with millisecond backoff so the
 * rate-limit case, which fails every attempt of the call, ends quickly.
 * Four cases are skipped by the suite itself: ACS has no status lookup
 * (three getStatus cases) and an Entra token does not cover the body.
 */
describeSmsSenderContract(
  'azure-communication-services',
  async () => {
    const simulator = await startAcsSimulator({ entra });
    simulators.push(simulator);
    const sender = createAcsSmsSender({
      endpoint: simulator.url,
      accessKey: simulator.accessKey,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      // The adaptive limiter pauses after each 429 (1 s when ACS names no wait); shortened here.
      rateLimit: { ...manifest.defaults.rateLimit, defaultPauseMs: 5 },
      eventGrid: {
        entra: { tenantId: entra.tenantId, audience: entra.audience, jwks: entra.jwks },
      },
    });
    return {
      sender,
      simulator: simulator.controls([simulator.accessKey]),
      validInput: { to: '+14255550123', from: '+18005550100', body: 'Your code is 123456' },
      close: () => simulator.close(),
    };
  },
  { describe, it },
);

describe('the contract run itself', () => {
  it('was signed correctly on every request the simulators received', () => {
    // Runs after the contract cases (vitest runs a file's tests in order).
    const requests = simulators.reduce((sum, s) => sum + s.requests.length, 0);
    expect(requests).toBeGreaterThan(10);
    expect(simulators.flatMap((s) => s.signatureFailures)).toEqual([]);
  });
});
