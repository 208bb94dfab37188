import { bearerAuth } from '@org/core/auth';
import { createTransport, defaultPolicies } from '@org/core/transport';
import { createWebhookVerifier } from '@org/core/webhooks';
import { CapabilityError } from '../../src/errors/capability-error.js';
import { adviceFor, reasonForStatus } from '../../src/errors/classify.js';
import { defineSmsSender } from '../../src/sms/define.js';
import type { SmsSender } from '../../src/sms/types.js';
import { mapVendorError, mapVendorStatus } from '../../src/sms/vendors/mapping.js';
import { REFSMS_MAPPING } from './refsms-mapping.js';

export interface RefSmsOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly webhookSecret: string;
}

/** The reference adapter: what a vendor pack's SmsSender looks like, on core's transport. */
export function refSmsSender(options: RefSmsOptions): SmsSender {
  const provider = REFSMS_MAPPING.provider;
  const transport = createTransport({
    vendor: provider,
    policies: defaultPolicies({ retry: false, auth: bearerAuth(options.apiKey) }),
  });
  const verifier = createWebhookVerifier(
    {
      name: provider,
      header: 'x-refsms-signature',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
      idHeader: 'x-refsms-delivery',
    },
    { secret: options.webhookSecret },
  );

  async function call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    const response = await transport(`${options.baseUrl}${path}`, init);
    const body = (await response.json()) as Record<string, unknown>;
    if (response.ok) return body;
    const vendorCode = String(
      (body.error as { code?: unknown } | undefined)?.code ?? response.status,
    );
    const mapped = mapVendorError(REFSMS_MAPPING, vendorCode);
    const reason = mapped === 'unknown' ? reasonForStatus(response.status) : mapped;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new CapabilityError(
      reason,
      `${provider} answered ${response.status} (${vendorCode}); ${adviceFor(reason)}.`,
      {
        provider,
        providerCode: vendorCode,
        ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      },
    );
  }

  return defineSmsSender({
    provider,
    async send(input, { signal }) {
      const body = await call('/v1/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          to: input.to,
          ...(input.from === undefined ? { sender_id: input.senderId } : { from: input.from }),
          text: input.body,
          ...(input.statusCallback === undefined ? {} : { callback_url: input.statusCallback }),
        }),
        ...(signal === undefined ? {} : { signal }),
      });
      const price = body.price as { value: string; currency: string };
      return {
        providerMessageId: String(body.id),
        status: mapVendorStatus(REFSMS_MAPPING, String(body.state)),
        providerStatus: String(body.state),
        segments: Number(body.parts),
        cost: { amount: Number(price.value), currency: price.currency },
        ...(input.clientReference === undefined ? {} : { clientReference: input.clientReference }),
      };
    },
    async getStatus(id, { signal }) {
      const body = await call(`/v1/messages/${encodeURIComponent(id)}`, signal ? { signal } : {});
      return {
        providerMessageId: String(body.id),
        status: mapVendorStatus(REFSMS_MAPPING, String(body.state)),
        providerStatus: String(body.state),
      };
    },
    async parseDeliveryReport(request) {
      const verified = await verifier.verify({
        headers: request.headers,
        body: request.rawBody,
        url: request.url,
        method: request.method ?? 'POST',
      });
      const payload = verified.payload as { id: string; state: string; at: string };
      return {
        reports: [
          {
            providerMessageId: payload.id,
            status: mapVendorStatus(REFSMS_MAPPING, payload.state),
            providerStatus: payload.state,
            occurredAt: new Date(payload.at),
          },
        ],
      };
    },
  });
}
