import { manifest } from './generated/manifest.js';

/**
 * The `api-version` query parameter every call must carry: the version of the
 * pinned spec (https://learn.microsoft.com/rest/api/communication/dataplane/sms/send).
 */
export const ACS_SMS_API_VERSION: string = manifest.spec.version;
