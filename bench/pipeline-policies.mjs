// The full default pipeline of the Twilio pack, as the benchmarks run it:
// the pack's retry data and rate-limit profile (from its generated manifest),
// HTTP Basic auth, and telemetry on: the call and attempt telemetry policies
// and an EventBus with a subscriber, so every call builds and delivers its
// ApiCallSucceeded event. Nothing is turned off to look fast.
//
// `createTwilioClient` takes `events` but no telemetry policies, so the
// telemetry row builds the same client through `createApiClient` with the
// options the generated factory passes, plus `telemetry`.
import { basicAuth } from '@org/core/auth';
import { rateLimitPolicy } from '@org/core/rate-limit';
import { formBodySerializer } from '@org/core/serialization';
import { attemptTelemetryPolicy, callTelemetryPolicy, EventBus } from '@org/core/telemetry';
import { manifest, operationTable } from '@org/twilio-client';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';

// The requests every Twilio-shaped benchmark sends: fetch one message, create
// one (a form body), as raw calls (BASIC, form) or by path template.
export const MESSAGE_SID = 'SM0123456789abcdef0123456789abcdef';
export const MESSAGE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
export const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
export const SMS = { To: '+14155552345', From: '+14155550100', Body: 'hello from the benchmark' };
export const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
export const form = (fields) => new URLSearchParams(fields).toString();

/** An EventBus with one subscriber counting what it receives (so `active` is true). */
export function subscribedBus() {
  const bus = new EventBus();
  const received = { count: 0 };
  bus.onAny(() => {
    received.count++;
  });
  return { bus, received };
}

/**
 * The policy options `defaultPolicies` / `createApiClient` take for the
 * Twilio pack with everything on. A new set per call: limiter state belongs
 * to one client.
 */
export function corePolicies() {
  return {
    retry: { ...manifest.defaults.retry },
    rateLimit: rateLimitPolicy(manifest.defaults.rateLimit),
    auth: basicAuth({ username: ACCOUNT_SID, password: AUTH_TOKEN }),
    telemetry: {
      call: callTelemetryPolicy({ packVersion: manifest.version }),
      attempt: attemptTelemetryPolicy(),
    },
  };
}

/** `createApiClient` options equal to what `createTwilioClient` builds, with telemetry added. */
export function twilioApiClientOptions(baseUrl, events) {
  return {
    vendor: manifest.id,
    packVersion: manifest.version,
    baseUrl,
    operations: operationTable,
    tenant: ACCOUNT_SID,
    events,
    bodySerializer: formBodySerializer(),
    ...corePolicies(),
  };
}

/** Resolves once the telemetry policies have settled their lazy OpenTelemetry import. */
export async function policiesReady(policies) {
  await Promise.all([policies.telemetry.call.ready, policies.telemetry.attempt.ready]);
}
