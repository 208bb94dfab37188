import { isCoreError } from '@org/core/errors';
import type { DeliveryReportRequest } from '../../sms/types.js';
import type { SmsContractCase, SmsSimulatorControls } from '../types.js';
import { check, describeThrown, rejection } from '../violation.js';

const PASSED = { outcome: 'passed' } as const;
const NO_REPORTS = {
  outcome: 'skipped',
  note: 'the adapter has no parseDeliveryReport (the vendor pushes no reports)',
} as const;

function reportsOf(
  simulator: SmsSimulatorControls,
): NonNullable<SmsSimulatorControls['deliveryReport']> {
  check(
    simulator.deliveryReport,
    'the simulator must provide deliveryReport when the sender has parseDeliveryReport.',
  );
  return simulator.deliveryReport.bind(simulator);
}

/** The same request with one body byte changed (the middle one, XOR 1). */
export function alterBody(request: DeliveryReportRequest): DeliveryReportRequest {
  const raw = request.rawBody;
  const bytes =
    typeof raw === 'string'
      ? new TextEncoder().encode(raw)
      : raw instanceof ArrayBuffer
        ? new Uint8Array(raw.slice(0))
        : new Uint8Array(raw);
  check(bytes.length > 0, 'the delivery report has an empty body; nothing to alter.');
  const copy = new Uint8Array(bytes);
  const middle = Math.floor(copy.length / 2);
  copy[middle] = copy[middle]! ^ 1;
  return { ...request, rawBody: copy };
}

export const REPORT_CASES: readonly SmsContractCase[] = [
  {
    name: 'parses a validly signed delivery report for every vendor status',
    async run({ sender, simulator, validInput }) {
      if (!sender.parseDeliveryReport) return NO_REPORTS;
      const deliveryReport = reportsOf(simulator);
      for (const { providerStatus, expected } of simulator.statuses) {
        const sent = await sender.send(validInput);
        const request = await deliveryReport(sent.providerMessageId, providerStatus, 'valid');
        const batch = await sender.parseDeliveryReport(request);
        const report = batch.reports.find(
          (entry) => entry.providerMessageId === sent.providerMessageId,
        );
        check(
          report,
          `the report for status "${providerStatus}" did not name message ${sent.providerMessageId}.`,
        );
        check(
          report.status === expected,
          `reported status "${providerStatus}" must normalize to "${expected}", got "${report.status}".`,
        );
        check(report.provider === sender.provider, `report.provider must be "${sender.provider}".`);
      }
      return PASSED;
    },
  },
  {
    name: 'rejects a delivery report signed with another secret (webhook-verification)',
    async run({ sender, simulator, validInput }) {
      if (!sender.parseDeliveryReport) return NO_REPORTS;
      const sent = await sender.send(validInput);
      const status = simulator.statuses[0]?.providerStatus ?? 'delivered';
      const request = await reportsOf(simulator)(sent.providerMessageId, status, 'wrong-secret');
      const error = await rejection(
        sender.parseDeliveryReport(request),
        'parseDeliveryReport of a badly signed report',
      );
      check(
        isCoreError(error, 'webhook-verification'),
        `a badly signed report must reject with code webhook-verification; got ${describeThrown(error)}.`,
      );
      return PASSED;
    },
  },
  {
    name: 'rejects a validly signed delivery report whose body was altered',
    async run({ sender, simulator, validInput }) {
      if (!sender.parseDeliveryReport) return NO_REPORTS;
      if (simulator.signsBody === false) {
        return { outcome: 'skipped', note: "the vendor's signature does not cover the body" };
      }
      const sent = await sender.send(validInput);
      const status = simulator.statuses[0]?.providerStatus ?? 'delivered';
      const request = await reportsOf(simulator)(sent.providerMessageId, status, 'valid');
      const error = await rejection(
        sender.parseDeliveryReport(alterBody(request)),
        'parseDeliveryReport of an altered body',
      );
      check(
        isCoreError(error, 'webhook-verification'),
        `an altered report must reject with code webhook-verification; got ${describeThrown(error)}.`,
      );
      return PASSED;
    },
  },
];
