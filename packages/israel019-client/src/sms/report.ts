import {
  type AdapterResult,
  ISRAEL019_SMS_MAPPING,
  mapVendorDeliveryError,
  mapVendorStatus,
  type SmsStatusReport,
} from '@org/capabilities/sms';
import { parseIsraelTime } from '../israel-time.js';
import type { DeliveryTransaction } from '../types.js';

/** The latest report for an id: 019 may list a destination's reports as its status changes. */
export function latestReport(
  reports: readonly DeliveryTransaction[],
  id: string,
): DeliveryTransaction | undefined {
  let latest: DeliveryTransaction | undefined;
  let latestAt = Number.NEGATIVE_INFINITY;
  for (const report of reports) {
    if (report.external_id !== id) continue;
    const at = parseIsraelTime(report.date ?? '')?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (latest === undefined || at >= latestAt) {
      latest = report;
      latestAt = at;
    }
  }
  return latest;
}

/**
 * One delivery report as a status report: the DLR status through
 * ISRAEL019_SMS_MAPPING (0 and 102 delivered, -1 sent without confirmation,
 * 7 failed for no balance, …) and, for failures, the reason of the code.
 * Without a report yet, 019 has the message but no word from the carrier:
 * `queued`, with an empty providerStatus.
 */
export function statusReport(
  id: string,
  report: DeliveryTransaction | undefined,
): AdapterResult<SmsStatusReport> {
  if (report?.status === undefined || String(report.status).trim() === '') {
    return { providerMessageId: id, status: 'queued', providerStatus: '' };
  }
  const providerStatus = String(report.status).trim();
  const status = mapVendorStatus(ISRAEL019_SMS_MAPPING, providerStatus);
  const failed = status === 'failed' || status === 'undelivered';
  const occurredAt = report.date === undefined ? undefined : parseIsraelTime(report.date);
  return {
    providerMessageId: id,
    status,
    providerStatus,
    ...(failed
      ? {
          error: {
            reason: mapVendorDeliveryError(ISRAEL019_SMS_MAPPING, providerStatus),
            providerCode: providerStatus,
          },
        }
      : {}),
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
}
