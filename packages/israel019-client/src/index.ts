export {
  checkCommandStatus,
  ISRAEL019_COMMAND_STATUSES,
  Israel019CommandError,
  type Israel019CommandStatus,
} from './command-status.js';
export {
  createIsrael019Client,
  type Israel019Client,
  type Israel019ClientOptions,
} from './generated/client.js';
export { type Manifest, manifest } from './generated/manifest.js';
export { type OperationMetadata, operationTable } from './generated/operations.js';
export type { components, operations, paths, webhooks } from './generated/types.js';
export { formatIsraelTime, parseIsraelTime } from './israel-time.js';
export { fromIsraeliLocalNumber, israeliNumberProblem, toIsraeliLocalNumber } from './phone.js';
export { deliveryTransactionsOf } from './transactions.js';
export type {
  CommandName,
  CommandRequest,
  CommandResponse,
  DeliveryTransaction,
  DlrCommand,
  SmsCommand,
} from './types.js';
