import {
  ACS_SMS_MAPPING,
  type AdapterResult,
  mapVendorDeliveryError,
  mapVendorStatus,
  type SmsStatusReport,
} from '@org/capabilities/sms';
import type { AcsSmsDeliveryReport } from '../event-grid/types.js';

/** `ErrorCode: 5002. ErrorMessage: …`, the form failures take in deliveryStatusDetails. */
const ERROR_CODE = /ErrorCode:\s*(\d+)/i;

/**
 * One SMS delivery report event as a vendor-neutral status report:
 * `Delivered` and `Failed` map through ACS_SMS_MAPPING, the error code in
 * `deliveryStatusDetails` (when there is one) gives the failure's reason,
 * the last delivery attempt the segment count, and `tag` (the send's
 * `clientReference`) comes back as `clientReference`.
 */
export function toStatusReport(report: AcsSmsDeliveryReport): AdapterResult<SmsStatusReport> {
  const status = mapVendorStatus(ACS_SMS_MAPPING, report.deliveryStatus);
  const code = ERROR_CODE.exec(report.deliveryStatusDetails ?? '')?.[1];
  const last = report.deliveryAttempts.at(-1);
  const segments = (last?.segmentsSucceeded ?? 0) + (last?.segmentsFailed ?? 0);
  return {
    providerMessageId: report.messageId,
    status,
    providerStatus: report.deliveryStatus,
    ...(status === 'failed' || status === 'undelivered'
      ? {
          error: {
            reason: code === undefined ? 'unknown' : mapVendorDeliveryError(ACS_SMS_MAPPING, code),
            providerCode: code ?? report.deliveryStatus,
          },
        }
      : {}),
    ...(segments > 0 ? { segments } : {}),
    ...(report.receivedTimestamp ? { occurredAt: report.receivedTimestamp } : {}),
    ...(report.tag === undefined ? {} : { clientReference: report.tag }),
  };
}
