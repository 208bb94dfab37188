import { defineSmsSender, type SmsSender, TWILIO_SMS_MAPPING } from '@org/capabilities/sms';
import { ConfigurationError, InvalidResponseError } from '@org/core/errors';
import { type WebhookSecretSource, WebhookVerificationError } from '@org/core/webhooks';
import {
  createTwilioClient,
  type TwilioClient,
  type TwilioClientOptions,
} from '../generated/client.js';
import {
  createTwilioStatusCallbackVerifier,
  type TwilioStatusCallbackVerifierOptions,
} from '../generated/webhooks.js';
import type { TwilioMessage } from '../types.js';
import { failureOf } from './failure.js';
import { costOf, segmentsOf, statusOf } from './message-fields.js';
import { twilioError } from './vendor-error.js';

const PROVIDER = TWILIO_SMS_MAPPING.provider;
const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const MESSAGE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';

export interface TwilioSmsSenderOptions {
  /** The Account SID (AC…) messages are sent from; it is part of every path. */
  readonly accountSid: string;
  /**
   * The Auth Token. Signs status callbacks (X-Twilio-Signature), so
   * `parseDeliveryReport` needs it; also the Basic password when neither
   * `client` nor `clientOptions` is given. Several during rotation.
   */
  readonly authToken?: WebhookSecretSource;
  /** A client to send through (shares its limiter and telemetry). */
  readonly client?: TwilioClient;
  /** Options for a client of its own; default: Basic auth with `accountSid` and `authToken`. */
  readonly clientOptions?: TwilioClientOptions;
  /** `StatusCallback` for sends that name no `statusCallback`. Default none. */
  readonly statusCallbackUrl?: string;
  /**
   * Status-callback verification options besides the secret, e.g.
   * `publicUrl` when a proxy rewrites the URL Twilio called. Default: the
   * URL passed to `parseDeliveryReport`.
   */
  readonly verifier?: Omit<TwilioStatusCallbackVerifierOptions, 'authToken'>;
}

function clientFrom(options: TwilioSmsSenderOptions): TwilioClient {
  if (options.client) return options.client;
  if (options.clientOptions) return createTwilioClient(options.clientOptions);
  if (typeof options.authToken !== 'string') {
    throw new ConfigurationError(
      'createTwilioSmsSender needs `client`, `clientOptions`, or `authToken` as one string to authenticate with.',
    );
  }
  return createTwilioClient({
    credentials: { accountSid: options.accountSid, authToken: options.authToken },
  });
}

/** A successful answer must carry what the adapter reports; anything else is Twilio drift. */
function messageOf(
  data: TwilioMessage | undefined,
): TwilioMessage & { sid: string; status: string } {
  if (!data?.sid || !data.status) {
    throw new InvalidResponseError(
      'Twilio answered 2xx without a message sid or status; the message may have been created, check the Messages log before sending again.',
    );
  }
  return data as TwilioMessage & { sid: string; status: string };
}

/** First value of a form field (a verified callback's payload). */
function field(payload: unknown, name: string): string | undefined {
  const value = (payload as Record<string, unknown> | null)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/**
 * The `SmsSender` of `@org/capabilities` over Twilio Programmable Messaging:
 * `send` is CreateMessage, `getStatus` FetchMessage, and
 * `parseDeliveryReport` verifies a status callback's X-Twilio-Signature
 * (HMAC-SHA1 over the URL and sorted form fields, with the Auth Token) before
 * reading `MessageSid`, `MessageStatus` and `ErrorCode`
 * (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
 * Statuses and error codes map through TWILIO_SMS_MAPPING.
 */
export function createTwilioSmsSender(options: TwilioSmsSenderOptions): SmsSender {
  if (!options?.accountSid) {
    throw new ConfigurationError('createTwilioSmsSender needs `accountSid` (AC…).');
  }
  const client = clientFrom(options);
  const path = { AccountSid: options.accountSid };
  const { authToken } = options;
  const verifier =
    authToken === undefined
      ? undefined
      : createTwilioStatusCallbackVerifier({ ...options.verifier, authToken });

  return defineSmsSender({
    provider: PROVIDER,
    async send(input, { signal }) {
      const statusCallback = input.statusCallback ?? options.statusCallbackUrl;
      const { data, error, response } = await client.POST(MESSAGES, {
        params: { path },
        body: {
          To: input.to,
          // An alphanumeric sender id goes in From as well (Twilio decides by its form).
          From: input.from ?? input.senderId,
          Body: input.body,
          ...(statusCallback === undefined ? {} : { StatusCallback: statusCallback }),
        },
        ...(signal === undefined ? {} : { signal }),
      });
      if (error !== undefined) throw twilioError(response, error);
      const message = messageOf(data);
      const segments = segmentsOf(message);
      const cost = costOf(message);
      return {
        providerMessageId: message.sid,
        status: statusOf(message.status),
        providerStatus: message.status,
        ...(segments === undefined ? {} : { segments }),
        ...(cost === undefined ? {} : { cost }),
        ...(input.clientReference === undefined ? {} : { clientReference: input.clientReference }),
      };
    },
    async getStatus(providerMessageId, { signal }) {
      const { data, error, response } = await client.GET(MESSAGE, {
        params: { path: { ...path, Sid: providerMessageId } },
        ...(signal === undefined ? {} : { signal }),
      });
      if (error !== undefined) throw twilioError(response, error);
      const message = messageOf(data);
      const segments = segmentsOf(message);
      const cost = costOf(message);
      const failure = failureOf(message.error_code);
      const updated = message.date_updated ? new Date(message.date_updated) : undefined;
      return {
        providerMessageId: message.sid,
        status: statusOf(message.status),
        providerStatus: message.status,
        ...(failure === undefined ? {} : { error: failure }),
        ...(segments === undefined ? {} : { segments }),
        ...(cost === undefined ? {} : { cost }),
        ...(updated && !Number.isNaN(updated.getTime()) ? { occurredAt: updated } : {}),
      };
    },
    async parseDeliveryReport(request) {
      if (!verifier) {
        throw new ConfigurationError(
          'parseDeliveryReport needs the Auth Token that signs status callbacks: pass `authToken` to createTwilioSmsSender.',
        );
      }
      const verified = await verifier.verify({
        headers: request.headers,
        body: request.rawBody,
        url: request.url,
        method: request.method ?? 'POST',
      });
      const sid = field(verified.payload, 'MessageSid');
      const status = field(verified.payload, 'MessageStatus');
      if (!sid || !status) {
        throw new WebhookVerificationError(
          'schema-mismatch',
          'A correctly signed Twilio callback without MessageSid or MessageStatus is not a message status callback; point only the StatusCallback of messages at this endpoint.',
          { scheme: 'twilio' },
        );
      }
      const failure = failureOf(field(verified.payload, 'ErrorCode'));
      return {
        reports: [
          {
            providerMessageId: sid,
            status: statusOf(status),
            providerStatus: status,
            ...(failure === undefined ? {} : { error: failure }),
          },
        ],
      };
    },
  });
}
