import { AbortedError, ConfigurationError, isCoreError } from '@org/core/errors';
import { toCapabilityError } from '../errors/classify.js';
import type {
  DeliveryReportBatch,
  DeliveryReportRequest,
  SendSmsInput,
  SendSmsResult,
  SmsCallOptions,
  SmsSender,
  SmsStatusReport,
} from './types.js';
import {
  checkDeliveryReportBatch,
  checkSendSmsResult,
  checkSmsStatusReport,
  parseProviderMessageId,
  parseSendSmsInput,
} from './validate.js';

/** A result as an adapter returns it: `provider` is filled in by `defineSmsSender`. */
export type AdapterResult<T extends { provider: string }> = Omit<T, 'provider'> & {
  provider?: string;
};

/** What an adapter author writes; `defineSmsSender` turns it into an SmsSender. */
export interface SmsSenderImplementation {
  /** The provider name reported in results and errors, e.g. `twilio`. */
  readonly provider: string;
  /** Receives validated input only; `options` is never undefined. */
  send(input: SendSmsInput, options: SmsCallOptions): Promise<AdapterResult<SendSmsResult>>;
  getStatus?(
    providerMessageId: string,
    options: SmsCallOptions,
  ): Promise<AdapterResult<SmsStatusReport>>;
  /** Verify with `@org/core/webhooks`, then normalize. */
  parseDeliveryReport?(
    request: DeliveryReportRequest,
    options: SmsCallOptions,
  ): Promise<{
    reports: readonly AdapterResult<SmsStatusReport>[];
    reply?: DeliveryReportBatch['reply'];
  }>;
}

const NO_OPTIONS: SmsCallOptions = Object.freeze({});

/**
 * Errors that pass through unchanged: they are about the request or the
 * caller, not the provider (invalid input, an abort, a rejected webhook
 * signature, a misconfiguration). Every other error becomes a CapabilityError.
 */
function passesThrough(error: unknown): boolean {
  return (
    isCoreError(error, 'invalid-request') ||
    isCoreError(error, 'aborted') ||
    isCoreError(error, 'webhook-verification') ||
    isCoreError(error, 'configuration')
  );
}

function checkSignal(options: SmsCallOptions): void {
  if (options.signal?.aborted) throw new AbortedError();
}

/**
 * Wraps an adapter so that every vendor behaves the same at the edges:
 * input validated before any network call (InvalidRequestError naming the
 * field), output validated (an adapter bug surfaces as InvalidResponseError,
 * not as a wrong value downstream), `provider` filled in, and transport
 * errors turned into CapabilityErrors with a reason. Errors that are not
 * CoreErrors (bugs such as a TypeError) are rethrown untouched.
 */
export function defineSmsSender(implementation: SmsSenderImplementation): SmsSender {
  const provider = implementation?.provider;
  if (typeof provider !== 'string' || provider === '') {
    throw new ConfigurationError(
      'defineSmsSender needs `provider`, a non-empty name such as "twilio".',
    );
  }
  const fail = (error: unknown): never => {
    if (passesThrough(error) || !isCoreError(error)) throw error;
    throw toCapabilityError(error, provider);
  };

  const sender: {
    -readonly [K in keyof SmsSender]: SmsSender[K];
  } = {
    provider,
    async send(input, options = NO_OPTIONS) {
      const valid = await parseSendSmsInput(input);
      checkSignal(options);
      const result = await implementation.send(valid, options).catch(fail);
      return checkSendSmsResult({ ...result, provider }, provider);
    },
  };
  const { getStatus, parseDeliveryReport } = implementation;
  if (getStatus) {
    sender.getStatus = async (providerMessageId, options = NO_OPTIONS) => {
      const id = await parseProviderMessageId(providerMessageId);
      checkSignal(options);
      const report = await getStatus.call(implementation, id, options).catch(fail);
      return checkSmsStatusReport({ ...report, provider }, provider);
    };
  }
  if (parseDeliveryReport) {
    sender.parseDeliveryReport = async (request, options = NO_OPTIONS) => {
      checkSignal(options);
      const batch = await parseDeliveryReport.call(implementation, request, options).catch(fail);
      return checkDeliveryReportBatch(
        {
          ...batch,
          reports: batch.reports.map((report) => ({ ...report, provider })),
        },
        provider,
      );
    };
  }
  return Object.freeze(sender);
}
