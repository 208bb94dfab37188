// @org/capabilities/testing: the SmsSender contract suite and an in-memory
// sender. No test framework is imported: pass your runner's describe/it.
export { alterBody } from './cases/report-cases.js';
export { invalidInputs } from './cases/send-cases.js';
export {
  describeSmsSenderContract,
  runSmsContractCase,
  SMS_SENDER_CONTRACT_CASES,
} from './describe.js';
export {
  createMemorySmsSender,
  type MemorySentMessage,
  type MemorySmsControls,
  type MemorySmsSenderOptions,
} from './memory-sender.js';
export type {
  ContractCaseOutcome,
  ContractTestContext,
  ContractTestRunner,
  SmsContractCase,
  SmsContractFactory,
  SmsContractSubject,
  SmsSimulatorControls,
  StagedSendFailure,
} from './types.js';
export { ContractViolation } from './violation.js';
