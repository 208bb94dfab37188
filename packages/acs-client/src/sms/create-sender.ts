import { ACS_SMS_MAPPING, defineSmsSender, type SmsSender } from '@org/capabilities/sms';
import { ConfigurationError, InvalidResponseError } from '@org/core/errors';
import { ACS_SMS_API_VERSION } from '../api-version.js';
import {
  createEventGridAuthenticator,
  type EventGridAuthOptions,
} from '../event-grid/authenticate.js';
import { readEventGridDelivery } from '../event-grid/read-delivery.js';
import { type AcsClientOptions, createAcsClient } from '../generated/client.js';
import { recipientError, requestError } from './errors.js';
import { toStatusReport } from './reports.js';

export interface AcsSmsSenderOptions extends Omit<AcsClientOptions, 'baseUrl'> {
  /**
   * The resource endpoint, e.g. `https://<resource>.communication.azure.com`,
   * with `accessKey`. Not needed with `connectionString`, which carries it.
   */
  readonly endpoint?: string;
  /**
   * The number (E.164), short code or alphanumeric sender id this resource
   * owns. When set, every message goes out from it whatever the input's
   * `from`/`senderId`: a router hands one input to every provider, and ACS
   * sends only from the resource's own numbers. Default: the input's.
   */
  readonly from?: string;
  /** Ask for a delivery report (an Event Grid event) for each message. Default true. */
  readonly enableDeliveryReport?: boolean;
  /**
   * How Event Grid requests are authenticated (Microsoft Entra ID token or a
   * shared secret). Without it the sender has no `parseDeliveryReport`:
   * reports are only read once their origin is checked.
   */
  readonly eventGrid?: EventGridAuthOptions;
  /** The provider name in results, errors and router events. Default `azure-communication-services`. */
  readonly provider?: string;
  /** Clock for `repeatabilityFirstSent`, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The `SmsSender` of `@org/capabilities` over the generated ACS client.
 *
 * A send is one Sms_Send request with one recipient. It carries a fresh
 * `repeatabilityRequestId` and the `repeatabilityFirstSent` time, made once
 * per call, so every attempt of the call repeats the same pair and ACS sends
 * the message once however often the request arrives. `clientReference`
 * travels as `smsSendOptions.tag` and comes back in the delivery report;
 * `statusCallback` has no ACS counterpart (reports go to the resource's
 * Event Grid subscriptions) and is not sent. ACS has no status lookup in
 * api-version 2021-03-07, so there is no `getStatus`.
 */
export function createAcsSmsSender(options: AcsSmsSenderOptions): SmsSender {
  const {
    endpoint,
    from,
    enableDeliveryReport = true,
    eventGrid,
    provider = ACS_SMS_MAPPING.provider,
    now = Date.now,
    ...clientOptions
  } = options ?? ({} as AcsSmsSenderOptions);
  if (from !== undefined && (typeof from !== 'string' || from.trim() === '')) {
    throw new ConfigurationError(
      'createAcsSmsSender: `from` must be a number, short code or sender id the resource owns.',
    );
  }
  const client = createAcsClient({
    ...clientOptions,
    ...(endpoint === undefined ? {} : { baseUrl: endpoint }),
  });
  const authenticator = eventGrid ? createEventGridAuthenticator(eventGrid) : undefined;

  return defineSmsSender({
    provider,
    async send(input, { signal }) {
      const { data, error, response } = await client.POST('/sms', {
        params: { query: { 'api-version': ACS_SMS_API_VERSION } },
        body: {
          from: from ?? input.from ?? (input.senderId as string),
          smsRecipients: [
            {
              to: input.to,
              repeatabilityRequestId: globalThis.crypto.randomUUID(),
              repeatabilityFirstSent: new Date(now()).toUTCString(),
            },
          ],
          message: input.body,
          smsSendOptions: {
            enableDeliveryReport,
            ...(input.clientReference === undefined ? {} : { tag: input.clientReference }),
          },
        },
        ...(signal === undefined ? {} : { signal }),
      });
      if (!response.ok) throw requestError(provider, response, error);
      const result = data?.value?.find((item) => item.to === input.to) ?? data?.value?.[0];
      if (!result) {
        throw new InvalidResponseError(
          `${provider} answered ${response.status} without a result for the recipient; the message may or may not have been taken.`,
          { details: { status: response.status } },
        );
      }
      if (!result.successful) throw recipientError(provider, result);
      if (!result.messageId) {
        throw new InvalidResponseError(
          `${provider} reported the recipient successful but gave no messageId.`,
          { details: { status: response.status } },
        );
      }
      return {
        providerMessageId: result.messageId,
        // A 202 means queued for sending, not delivered (SMS FAQ:
        // https://learn.microsoft.com/azure/communication-services/concepts/sms/sms-faq).
        status: 'queued',
        providerStatus: String(result.httpStatusCode),
        ...(input.clientReference === undefined ? {} : { clientReference: input.clientReference }),
      };
    },
    ...(authenticator
      ? {
          async parseDeliveryReport(request) {
            // The CloudEvents OPTIONS handshake only consents to receive; it
            // carries nothing to authenticate. Everything else is checked first.
            if ((request.method ?? 'POST').toUpperCase() !== 'OPTIONS')
              await authenticator.authenticate(request);
            const delivery = readEventGridDelivery(request);
            return {
              reports: delivery.smsDeliveryReports.map(toStatusReport),
              ...(delivery.reply ? { reply: delivery.reply } : {}),
            };
          },
        }
      : {}),
  });
}
