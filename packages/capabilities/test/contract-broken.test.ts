import { InvalidRequestError } from '@org/core/errors';
import { describe, expect, it } from 'vitest';
import { CapabilityError, isCapabilityError } from '../src/errors/capability-error.js';
import type { SendSmsInput, SmsSender } from '../src/sms/types.js';
import {
  ContractViolation,
  createMemorySmsSender,
  runSmsContractCase,
  SMS_SENDER_CONTRACT_CASES,
  type SmsContractFactory,
} from '../src/testing/index.js';

// The suite must be able to fail: each broken adapter below breaks one rule,
// and the case about that rule must throw a ContractViolation saying so.

const validInput: SendSmsInput = { to: '+14155550100', from: '+14155550199', body: 'hello' };

function contractCase(fragment: string) {
  const found = SMS_SENDER_CONTRACT_CASES.find((entry) => entry.name.includes(fragment));
  if (!found) throw new Error(`no contract case named like "${fragment}"`);
  return found;
}

/** A memory sender with some members replaced by broken ones. */
function broken(replace: (good: SmsSender) => Partial<SmsSender>): SmsContractFactory {
  return () => {
    const { sender, controls } = createMemorySmsSender();
    return { sender: { ...sender, ...replace(sender) }, simulator: controls, validInput };
  };
}

async function violation(fragment: string, factory: SmsContractFactory): Promise<string> {
  const error = await runSmsContractCase(contractCase(fragment), factory).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ContractViolation);
  return (error as ContractViolation).message;
}

describe('the contract suite fails broken adapters', () => {
  it('a send that never reaches the vendor (a hard-coded result)', async () => {
    const message = await violation(
      'sends a message',
      broken(() => ({
        send: async () => ({ provider: 'memory', providerMessageId: 'fixed', status: 'queued' }),
      })),
    );
    expect(message).toBe('the simulator saw no request: the send did not reach the vendor.');
  });

  it('an adapter that calls the vendor before validating', async () => {
    const message = await violation(
      'rejects invalid input',
      broken((good) => ({
        async send(input) {
          await good.send(validInput); // "network" first
          return good.send(input);
        },
      })),
    );
    expect(message).toMatch(
      /^invalid input reached the vendor: the simulator saw \d+ request\(s\), expected 0\.$/,
    );
  });

  it('an adapter whose validation error is untyped', async () => {
    const message = await violation(
      'rejects invalid input',
      broken((good) => ({
        async send(input) {
          if (!/^\+\d+$/.test(String(input?.to))) throw new Error('bad number');
          return good.send(input);
        },
      })),
    );
    expect(message).toContain('must reject with code invalid-request; got Error: bad number');
  });

  it('an adapter whose validation error names no field', async () => {
    const message = await violation(
      'rejects invalid input',
      broken((good) => ({
        send: (input) =>
          good.send(input).catch(() => {
            throw new InvalidRequestError('Invalid input.');
          }),
      })),
    );
    expect(message).toContain('must name the field "to" in details.field');
  });

  it('an adapter that maps every vendor error to unknown', async () => {
    const message = await violation(
      'invalid-number',
      broken((good) => ({
        send: (input) =>
          good.send(input).catch(() => {
            throw new CapabilityError('unknown', 'memory failed.', { provider: 'memory' });
          }),
      })),
    );
    expect(message).toContain('must reject with a CapabilityError of reason invalid-number');
  });

  it('an adapter that marks throttling as not retryable', async () => {
    const message = await violation(
      'rate-limited',
      broken((good) => ({
        send: (input) =>
          good.send(input).catch((error: unknown) => {
            if (!isCapabilityError(error)) throw error;
            throw new CapabilityError(error.reason, 'memory failed.', {
              provider: 'memory',
              retryable: false,
            });
          }),
      })),
    );
    expect(message).toBe('a rate-limited error must have retryable true.');
  });

  it('an adapter that reports the wrong status', async () => {
    const message = await violation(
      'normalizes every vendor status',
      broken((good) => ({
        getStatus: async (id) => ({ ...(await good.getStatus!(id)), status: 'queued' }),
      })),
    );
    expect(message).toBe('vendor status "dispatched" must normalize to "sent", got "queued".');
  });

  it('an adapter that does not check report signatures', async () => {
    const unverified: Partial<SmsSender> = {
      async parseDeliveryReport(request) {
        const payload = JSON.parse(String(request.rawBody)) as { id: string; status: string };
        return {
          reports: [
            {
              provider: 'memory',
              providerMessageId: payload.id,
              status: 'delivered',
              providerStatus: payload.status,
            },
          ],
        };
      },
    };
    const message = await violation(
      'another secret',
      broken(() => unverified),
    );
    expect(message).toBe('parseDeliveryReport of a badly signed report resolved; it must reject.');
  });

  it('an adapter that puts its API key in an error message', async () => {
    const { controls } = createMemorySmsSender();
    const [apiKey] = controls.secrets;
    const message = await violation(
      'credential',
      broken((good) => ({
        send: (input) =>
          good.send(input).catch((error: unknown) => {
            if (!isCapabilityError(error)) throw error;
            throw new CapabilityError(error.reason, `memory failed with key ${apiKey}.`, {
              provider: 'memory',
            });
          }),
      })),
    );
    expect(message).toContain('contains a credential');
    expect(message).not.toContain(String(apiKey));
  });

  it('an adapter that leaks the key base64-encoded in a cause (a Basic auth header)', async () => {
    const { controls } = createMemorySmsSender();
    const [apiKey] = controls.secrets;
    const header = `Basic ${btoa(String(apiKey))}`;
    const message = await violation(
      'credential',
      broken((good) => ({
        send: (input) =>
          good.send(input).catch((error: unknown) => {
            if (!isCapabilityError(error)) throw error;
            throw new CapabilityError(error.reason, 'memory failed.', {
              provider: 'memory',
              cause: { request: { headers: { authorization: header } } },
            });
          }),
      })),
    );
    expect(message).toContain('contains a credential');
  });
});

describe('optional members', () => {
  it('reports the status and report cases as skipped, with why, when the adapter lacks them', async () => {
    const factory: SmsContractFactory = () => {
      const { sender, controls } = createMemorySmsSender();
      return {
        sender: { provider: sender.provider, send: sender.send },
        simulator: controls,
        validInput,
      };
    };
    await expect(runSmsContractCase(contractCase('through getStatus'), factory)).resolves.toEqual({
      outcome: 'skipped',
      note: 'the adapter has no getStatus (the vendor has no status lookup)',
    });
    await expect(runSmsContractCase(contractCase('validly signed'), factory)).resolves.toEqual({
      outcome: 'skipped',
      note: 'the adapter has no parseDeliveryReport (the vendor pushes no reports)',
    });
  });

  it('closes the subject after a failing case too', async () => {
    let closed = 0;
    const factory: SmsContractFactory = () => {
      const { sender, controls } = createMemorySmsSender();
      return {
        sender: {
          ...sender,
          send: async () => ({ provider: 'memory', providerMessageId: 'x', status: 'queued' }),
        },
        simulator: controls,
        validInput,
        close: () => {
          closed += 1;
        },
      };
    };
    await expect(runSmsContractCase(contractCase('sends a message'), factory)).rejects.toThrow(
      ContractViolation,
    );
    expect(closed).toBe(1);
  });
});
