import {
  CapabilityError,
  defineSmsSender,
  ISRAEL019_SMS_MAPPING,
  type SmsSender,
} from '@org/capabilities/sms';
import { ConfigurationError } from '@org/core/errors';
import { checkCommandStatus } from '../command-status.js';
import {
  createIsrael019Client,
  type Israel019Client,
  type Israel019ClientOptions,
} from '../generated/client.js';
import { formatIsraelTime } from '../israel-time.js';
import { deliveryTransactionsOf } from '../transactions.js';
import type { CommandRequest, CommandResponse } from '../types.js';
import { destinationOf, messageOf, sourceOf } from './addresses.js';
import { createMessageId, sentAtOf } from './message-id.js';
import { latestReport, statusReport } from './report.js';
import { httpError, vendorError } from './vendor-error.js';

const PROVIDER = ISRAEL019_SMS_MAPPING.provider;
const MINUTE = 60_000;
/** `dlr` takes a window of at most one week (https://docs.019sms.co.il/sms/reports.html). */
const MAX_WINDOW_MS = 7 * 24 * 60 * MINUTE;

export interface Israel019SmsSenderOptions {
  /** The account username, sent in every command body as `user.username`. */
  readonly username: string;
  /** The API token (Bearer), when neither `client` nor `clientOptions` is given. */
  readonly token?: string;
  /** A client to send through (shares its limiter and telemetry). */
  readonly client?: Israel019Client;
  /** Options for a client of its own; default: the `token`, with the username as limiter tenant. */
  readonly clientOptions?: Israel019ClientOptions;
  /**
   * Send to `/api/test`, which validates each command without acting on it:
   * nothing is delivered and no delivery report will ever exist. Default false.
   */
  readonly testMode?: boolean;
  /** The clock, in epoch ms: message ids carry the send time. Default `Date.now`. */
  readonly now?: () => number;
}

function clientFrom(options: Israel019SmsSenderOptions): Israel019Client {
  if (options.client) return options.client;
  if (options.clientOptions) {
    return createIsrael019Client({ tenant: options.username, ...options.clientOptions });
  }
  if (!options.token) {
    throw new ConfigurationError(
      'createIsrael019SmsSender needs `token` (the 019 API token), `clientOptions` or `client`.',
    );
  }
  return createIsrael019Client({ token: options.token, tenant: options.username });
}

/**
 * The `SmsSender` of `@org/capabilities` over 019. `send` is the `sms`
 * command with the destination in local form and a generated external id
 * (the message id); `getStatus` asks `dlr` for that id over the week after
 * the send. 019 answers failures with HTTP 200 and a body `status`, mapped
 * through ISRAEL019_SMS_MAPPING. There is no `parseDeliveryReport`: 019's
 * pushed reports carry no signature to verify
 * (https://docs.019sms.co.il/sms/push-api.html).
 */
export function createIsrael019SmsSender(options: Israel019SmsSenderOptions): SmsSender {
  if (!options?.username) {
    throw new ConfigurationError(
      'createIsrael019SmsSender needs `username`, the 019 account the API token belongs to.',
    );
  }
  const client = clientFrom(options);
  const user = { username: options.username };
  const now = options.now ?? Date.now;
  const path = options.testMode ? '/api/test' : '/api';

  async function command(
    name: string,
    body: CommandRequest,
    signal: AbortSignal | undefined,
  ): Promise<CommandResponse> {
    const { data, error, response } = await client.POST(path, {
      body,
      ...(signal === undefined ? {} : { signal }),
    });
    if (error !== undefined || !response.ok) throw httpError(response);
    try {
      checkCommandStatus(name, data);
    } catch (thrown) {
      throw vendorError(thrown);
    }
    return data;
  }

  return defineSmsSender({
    provider: PROVIDER,
    async send(input, { signal }) {
      const phone = destinationOf(input);
      const source = sourceOf(input);
      const message = messageOf(input);
      const id = createMessageId(now());
      await command(
        'sms',
        { sms: { user, source, destinations: { phone: [{ _: phone, $: { id } }] }, message } },
        signal,
      );
      return {
        providerMessageId: id,
        // Accepted by 019, not yet reported by a carrier.
        status: 'queued',
        ...(input.clientReference === undefined ? {} : { clientReference: input.clientReference }),
      };
    },
    async getStatus(providerMessageId, { signal }) {
      const sentAt = sentAtOf(providerMessageId);
      if (sentAt === undefined) {
        throw new CapabilityError(
          'invalid-request',
          '019 finds reports by the id this adapter puts on each message (il-…); pass a providerMessageId it returned.',
          { provider: PROVIDER, details: { field: 'providerMessageId' } },
        );
      }
      // A minute of slack for clocks and for the minute the send fell in;
      // never past now (a report cannot be newer) nor past a week.
      const from = sentAt - MINUTE;
      const to = Math.max(from + MINUTE, Math.min(from + MAX_WINDOW_MS - MINUTE, now() + MINUTE));
      const answer = await command(
        'dlr',
        {
          dlr: {
            user,
            transactions: { external_id: [providerMessageId] },
            from: formatIsraelTime(from),
            to: formatIsraelTime(to),
          },
        },
        signal,
      );
      return statusReport(
        providerMessageId,
        latestReport(deliveryTransactionsOf(answer), providerMessageId),
      );
    },
  });
}
