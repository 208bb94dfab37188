import { NetworkError, RateLimitedError } from '@org/core/errors';
import { createWebhookVerifier, type WebhookVerifier } from '@org/core/webhooks';
import { CapabilityError } from '../errors/capability-error.js';
import { defineSmsSender } from '../sms/define.js';
import { countSegments } from '../sms/segments.js';
import type { SmsStatus } from '../sms/status.js';
import type { DeliveryReportRequest, SendSmsInput, SmsSender } from '../sms/types.js';
import type { SmsSimulatorControls, StagedSendFailure } from './types.js';

/**
 * The in-memory "vendor"'s status words. Deliberately not the normalized
 * words, so the mapping is exercised like a real vendor's.
 */
const MEMORY_STATUSES: Readonly<Record<string, SmsStatus>> = {
  accepted: 'queued',
  dispatched: 'sent',
  handset: 'delivered',
  bounced: 'undelivered',
  rejected: 'failed',
  limbo: 'unknown',
};

const SIGNATURE_HEADER = 'x-memory-sms-signature';
const TIMESTAMP_HEADER = 'x-memory-sms-timestamp';
const REPORT_URL = 'https://app.example/sms/memory/status';

/** One message the memory vendor took. Test data: it holds the number and body. */
export interface MemorySentMessage {
  readonly providerMessageId: string;
  readonly input: SendSmsInput;
  providerStatus: string;
}

export interface MemorySmsSenderOptions {
  /** Default `memory`. */
  readonly provider?: string;
  /** The "API key" the sender holds; listed in `controls.secrets`. Default a fixed test value. */
  readonly apiKey?: string;
  /** Signs delivery reports; listed in `controls.secrets`. Default a fixed test value. */
  readonly webhookSecret?: string;
  /** Clock for report timestamps and their verification, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

export interface MemorySmsControls extends SmsSimulatorControls {
  /** Every message taken, in order. */
  readonly sent: readonly MemorySentMessage[];
  /** Makes every send fail this way until called with `undefined` (an outage). */
  failSends(failure: StagedSendFailure | undefined): void;
  setStatus(providerMessageId: string, providerStatus: string): void;
  deliveryReport(
    providerMessageId: string,
    providerStatus: string,
    signature: 'valid' | 'wrong-secret',
  ): Promise<DeliveryReportRequest>;
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * An SmsSender whose "vendor" is memory: no network, scripted failures,
 * HMAC-signed delivery reports verified by `@org/core/webhooks`. For tests
 * and examples of code that depends on SmsSender (and of the router); it
 * passes the contract suite, which proves the suite on a known-good adapter.
 * Never use it to send real messages: it sends nothing.
 */
export function createMemorySmsSender(options: MemorySmsSenderOptions = {}): {
  sender: SmsSender;
  controls: MemorySmsControls;
} {
  const provider = options.provider ?? 'memory';
  const apiKey = options.apiKey ?? 'mem_key_9f8e7d6c5b4a';
  const webhookSecret = options.webhookSecret ?? 'mem_whsec_1a2b3c4d5e6f';
  const now = options.now ?? (() => Date.now());
  const sent: MemorySentMessage[] = [];
  const byId = new Map<string, MemorySentMessage>();
  const staged: StagedSendFailure[] = [];
  let outage: StagedSendFailure | undefined;
  let calls = 0;
  let verifier: WebhookVerifier | undefined;

  const fail = (failure: StagedSendFailure): never => {
    switch (failure) {
      case 'invalid-number':
        throw new CapabilityError(
          'invalid-number',
          `${provider} rejected the destination (E_NUMBER); check the destination number.`,
          { provider, providerCode: 'E_NUMBER' },
        );
      case 'rate-limited':
        throw new RateLimitedError(`The ${provider} vendor throttled the send.`, {
          retryAfterMs: 1000,
        });
      default:
        throw new NetworkError(`The ${provider} vendor could not be reached.`, {
          beforeSend: true,
        });
    }
  };

  const sender = defineSmsSender({
    provider,
    async send(input) {
      calls += 1;
      const failure = staged.shift() ?? outage;
      if (failure) fail(failure);
      const message: MemorySentMessage = {
        providerMessageId: `mem-${String(sent.length + 1).padStart(6, '0')}`,
        input,
        providerStatus: 'accepted',
      };
      sent.push(message);
      byId.set(message.providerMessageId, message);
      return {
        providerMessageId: message.providerMessageId,
        status: MEMORY_STATUSES.accepted!,
        providerStatus: message.providerStatus,
        segments: countSegments(input.body).segments,
        ...(input.clientReference === undefined ? {} : { clientReference: input.clientReference }),
      };
    },
    async getStatus(providerMessageId) {
      calls += 1;
      const message = byId.get(providerMessageId);
      if (!message) {
        throw new CapabilityError(
          'invalid-request',
          `${provider} has no message with this id (E_NOT_FOUND); check the id.`,
          { provider, providerCode: 'E_NOT_FOUND' },
        );
      }
      return {
        providerMessageId,
        status: MEMORY_STATUSES[message.providerStatus] ?? 'unknown',
        providerStatus: message.providerStatus,
      };
    },
    async parseDeliveryReport(request) {
      verifier ??= createWebhookVerifier(
        {
          name: provider,
          header: SIGNATURE_HEADER,
          algorithm: 'sha256',
          encoding: 'hex',
          prefix: 'v1=',
          signedContent: '{timestamp}.{body}',
          timestampHeader: TIMESTAMP_HEADER,
        },
        { secret: webhookSecret, now },
      );
      const verified = await verifier.verify({
        headers: request.headers,
        body: request.rawBody,
        url: request.url,
        method: request.method ?? 'POST',
      });
      const payload = verified.payload as { id: string; status: string };
      return {
        reports: [
          {
            providerMessageId: payload.id,
            status: MEMORY_STATUSES[payload.status] ?? 'unknown',
            providerStatus: payload.status,
            ...(verified.timestamp === undefined ? {} : { occurredAt: verified.timestamp }),
          },
        ],
      };
    },
  });

  const controls: MemorySmsControls = {
    sent,
    secrets: [apiKey, webhookSecret],
    statuses: Object.entries(MEMORY_STATUSES).map(([providerStatus, expected]) => ({
      providerStatus,
      expected,
    })),
    requestCount: () => calls,
    failNextSend(failure) {
      staged.push(failure);
    },
    failSends(failure) {
      outage = failure;
    },
    setStatus(providerMessageId, providerStatus) {
      const message = byId.get(providerMessageId);
      if (!message) throw new Error(`setStatus: no message ${providerMessageId} was sent`);
      message.providerStatus = providerStatus;
    },
    async deliveryReport(providerMessageId, providerStatus, signature) {
      const body = JSON.stringify({ id: providerMessageId, status: providerStatus });
      const timestamp = String(Math.floor(now() / 1000));
      const secret = signature === 'valid' ? webhookSecret : `${webhookSecret}-other`;
      return {
        url: REPORT_URL,
        method: 'POST',
        rawBody: body,
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: `v1=${await hmacHex(secret, `${timestamp}.${body}`)}`,
        },
      };
    },
  };
  return { sender, controls };
}
