import { LEAK_CASES } from './cases/leak-case.js';
import { REPORT_CASES } from './cases/report-cases.js';
import { SEND_CASES } from './cases/send-cases.js';
import { STATUS_CASES } from './cases/status-cases.js';
import type {
  ContractCaseOutcome,
  ContractTestRunner,
  SmsContractCase,
  SmsContractFactory,
} from './types.js';

/** Every case of the SmsSender contract, in the order they run. */
export const SMS_SENDER_CONTRACT_CASES: readonly SmsContractCase[] = Object.freeze([
  ...SEND_CASES,
  ...STATUS_CASES,
  ...REPORT_CASES,
  ...LEAK_CASES,
]);

/**
 * Runs one case against a fresh subject from `factory`, closing it after,
 * pass or fail. Throws a ContractViolation when the adapter breaks the rule.
 */
export async function runSmsContractCase(
  contractCase: SmsContractCase,
  factory: SmsContractFactory,
): Promise<ContractCaseOutcome> {
  const subject = await factory();
  try {
    return await contractCase.run(subject);
  } finally {
    await subject.close?.();
  }
}

/**
 * Registers the SmsSender contract as one `describe` block of tests, one per
 * case, each on a fresh adapter and simulator. Pass your runner's
 * `describe` and `it` (vitest, node:test):
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * describeSmsSenderContract('twilio', makeTwilioSubject, { describe, it });
 * ```
 *
 * A case about an optional member the adapter lacks (getStatus,
 * parseDeliveryReport) is reported as skipped, with why.
 */
export function describeSmsSenderContract(
  name: string,
  factory: SmsContractFactory,
  runner: ContractTestRunner,
): void {
  runner.describe(`${name}: SmsSender contract`, () => {
    for (const contractCase of SMS_SENDER_CONTRACT_CASES) {
      runner.it(contractCase.name, async (context) => {
        const result = await runSmsContractCase(contractCase, factory);
        if (result.outcome === 'skipped') context?.skip?.(result.note);
      });
    }
  });
}
