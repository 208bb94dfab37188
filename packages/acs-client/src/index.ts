export { ACS_SMS_API_VERSION } from './api-version.js';
export {
  type AcsClient,
  type AcsClientOptions,
  createAcsClient,
} from './generated/client.js';
export { type Manifest, manifest } from './generated/manifest.js';
export { type OperationMetadata, operationTable } from './generated/operations.js';
export type { components, operations, paths } from './generated/types.js';
export type {
  AcsErrorBody,
  AcsRecipientResult,
  AcsSendMessageRequest,
  AcsSmsRecipient,
} from './types.js';
