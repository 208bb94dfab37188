import { isCoreError } from '@org/core/errors';
import type { SendSmsInput } from '../../sms/types.js';
import type { SmsContractCase, SmsContractSubject, StagedSendFailure } from '../types.js';
import { check, describeThrown } from '../violation.js';

const FAILURES: readonly StagedSendFailure[] = [
  'invalid-number',
  'rate-limited',
  'provider-unavailable',
];

/** Every form a secret may take in an error: as is, base64 (Basic auth), URL-encoded. */
function secretForms(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  try {
    forms.push(btoa(secret));
  } catch {
    // not Latin-1: it cannot appear base64-encoded by btoa either
  }
  return forms;
}

/**
 * Every string reachable from an error: message, stack, own properties
 * (non-enumerable ones too, where bodies hide), details, JSON form, and the
 * same for each `cause`, to a depth of 5.
 */
export function errorTexts(error: unknown, depth = 0, seen = new Set<unknown>()): string[] {
  if (depth > 5 || seen.has(error)) return [];
  seen.add(error);
  if (typeof error === 'string') return [error];
  if (typeof error !== 'object' || error === null) return [String(error)];
  const texts: string[] = [];
  try {
    texts.push(String(error));
  } catch {
    // a throwing toString is not a leak
  }
  try {
    texts.push(JSON.stringify(error) ?? '');
  } catch {
    // cycles: the properties are walked below anyway
  }
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[key];
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'object' && value !== null)
      texts.push(...errorTexts(value, depth + 1, seen));
  }
  return texts;
}

async function collectErrors(subject: SmsContractSubject): Promise<unknown[]> {
  const { sender, simulator, validInput } = subject;
  const errors: unknown[] = [];
  const capture = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => {
        errors.push(error);
      },
    );
  await capture(sender.send({ ...validInput, to: 'not-a-number' } as SendSmsInput));
  for (const failure of FAILURES) {
    simulator.failNextSend(failure);
    await capture(sender.send(validInput));
  }
  if (sender.getStatus) await capture(sender.getStatus('unknown-message-0000'));
  if (sender.parseDeliveryReport && simulator.deliveryReport) {
    const sent = await sender.send(validInput);
    const status = simulator.statuses[0]?.providerStatus ?? 'delivered';
    const request = await simulator.deliveryReport(sent.providerMessageId, status, 'wrong-secret');
    await capture(sender.parseDeliveryReport(request));
  }
  return errors;
}

export const LEAK_CASES: readonly SmsContractCase[] = [
  {
    name: 'never puts a credential in an error (message, details, JSON, causes)',
    async run(subject) {
      const secrets = subject.simulator.secrets.filter((secret) => secret.length >= 6);
      check(
        secrets.length > 0,
        'the simulator must list the credentials (6 characters or more) the sender uses.',
      );
      const errors = await collectErrors(subject);
      check(
        errors.length >= 4,
        `expected every staged failure to reject; only ${errors.length} did.`,
      );
      for (const error of errors) {
        check(isCoreError(error), `every error must be a CoreError; got ${describeThrown(error)}.`);
        const texts = errorTexts(error);
        for (const secret of secrets) {
          for (const form of secretForms(secret)) {
            check(
              !texts.some((text) => text.includes(form)),
              `${describeThrown(error)} contains a credential (or its base64/URL form). Errors must never carry secrets.`,
            );
          }
        }
      }
      return { outcome: 'passed' };
    },
  },
];
