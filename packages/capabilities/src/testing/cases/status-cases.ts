import { isCoreError } from '@org/core/errors';
import { isCapabilityError } from '../../errors/capability-error.js';
import type { SmsContractCase } from '../types.js';
import { check, describeThrown, rejection } from '../violation.js';

const PASSED = { outcome: 'passed' } as const;
const NO_GET_STATUS = {
  outcome: 'skipped',
  note: 'the adapter has no getStatus (the vendor has no status lookup)',
} as const;

export const STATUS_CASES: readonly SmsContractCase[] = [
  {
    name: 'normalizes every vendor status through getStatus',
    async run({ sender, simulator, validInput }) {
      if (!sender.getStatus) return NO_GET_STATUS;
      check(
        simulator.setStatus,
        'the simulator must provide setStatus when the sender has getStatus.',
      );
      check(simulator.statuses.length > 0, 'the simulator must list the vendor statuses.');
      for (const { providerStatus, expected } of simulator.statuses) {
        const sent = await sender.send(validInput);
        simulator.setStatus(sent.providerMessageId, providerStatus);
        const report = await sender.getStatus(sent.providerMessageId);
        check(
          report.status === expected,
          `vendor status "${providerStatus}" must normalize to "${expected}", got "${report.status}".`,
        );
        check(
          report.providerStatus === providerStatus,
          `providerStatus must be the vendor's "${providerStatus}", got "${report.providerStatus}".`,
        );
        check(
          report.providerMessageId === sent.providerMessageId,
          'getStatus must report the id it was asked about.',
        );
        check(report.provider === sender.provider, `report.provider must be "${sender.provider}".`);
      }
      return PASSED;
    },
  },
  {
    name: 'getStatus rejects an empty id with invalid-request, before any network call',
    async run({ sender, simulator }) {
      if (!sender.getStatus) return NO_GET_STATUS;
      const before = simulator.requestCount();
      const error = await rejection(sender.getStatus(''), "getStatus('')");
      check(
        isCoreError(error, 'invalid-request'),
        `getStatus('') must reject with invalid-request; got ${describeThrown(error)}.`,
      );
      check(
        error.details.field === 'providerMessageId',
        'the error must name the field providerMessageId.',
      );
      check(simulator.requestCount() === before, 'getStatus with an empty id reached the vendor.');
      return PASSED;
    },
  },
  {
    name: 'getStatus of an unknown id rejects with a CapabilityError (invalid-request)',
    async run({ sender }) {
      if (!sender.getStatus) return NO_GET_STATUS;
      const error = await rejection(
        sender.getStatus('unknown-message-0000'),
        'getStatus of an unknown id',
      );
      check(
        isCapabilityError(error, 'invalid-request'),
        `getStatus of an unknown id must reject with reason invalid-request; got ${describeThrown(error)}.`,
      );
      return PASSED;
    },
  },
];
