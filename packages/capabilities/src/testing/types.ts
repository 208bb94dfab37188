import type { SmsStatus } from '../sms/status.js';
import type { DeliveryReportRequest, SendSmsInput, SmsSender } from '../sms/types.js';

/** Failures every simulator can stage for the next send. */
export type StagedSendFailure = 'invalid-number' | 'rate-limited' | 'provider-unavailable';

/**
 * What the contract suite needs from a vendor simulator. The adapter under
 * test talks to the simulator exactly as it talks to the vendor; these
 * controls stage what the "vendor" does next and report what it saw.
 */
export interface SmsSimulatorControls {
  /** Requests (or calls) the simulated vendor has received so far. */
  requestCount(): number;
  /** The next send fails the way the vendor fails for this reason (its status, its code). */
  failNextSend(failure: StagedSendFailure): void;
  /**
   * Every status word the vendor uses for outbound messages, with the
   * normalized status it must map to (usually the adapter's mapping table).
   */
  readonly statuses: ReadonlyArray<{
    readonly providerStatus: string;
    readonly expected: SmsStatus;
  }>;
  /** Puts a sent message into a vendor status. Required when the sender has `getStatus`. */
  setStatus?(providerMessageId: string, providerStatus: string): void;
  /**
   * The delivery-report request the vendor would send for a message in a
   * status, signed as the vendor signs (`valid`) or with another secret
   * (`wrong-secret`). Required when the sender has `parseDeliveryReport`.
   */
  deliveryReport?(
    providerMessageId: string,
    providerStatus: string,
    signature: 'valid' | 'wrong-secret',
  ): DeliveryReportRequest | Promise<DeliveryReportRequest>;
  /**
   * Whether the report signature covers the body, so that an altered body
   * must be rejected. False for schemes that authenticate the sender only
   * (Event Grid's Entra bearer token). Default true.
   */
  readonly signsBody?: boolean;
  /** Every credential the sender was built with; none may appear in any error. */
  readonly secrets: readonly string[];
}

/** One fresh adapter and its simulator, built per contract case. */
export interface SmsContractSubject {
  readonly sender: SmsSender;
  readonly simulator: SmsSimulatorControls;
  /** An input the simulated vendor accepts (its own number formats and sender rules). */
  readonly validInput: SendSmsInput;
  /** Releases servers and timers; called after each case, pass or fail. */
  close?(): void | Promise<void>;
}

export type SmsContractFactory = () => SmsContractSubject | Promise<SmsContractSubject>;

/** The test context's `skip`, as vitest and node:test both pass it. */
export interface ContractTestContext {
  skip?(note?: string): void;
}

/**
 * The two functions the suite registers tests with: vitest's, node:test's or
 * any runner's with the same shape. The suite imports no test framework, so
 * it loads anywhere (Node 20 included) and runs under any runner.
 */
export interface ContractTestRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: (context: ContractTestContext) => Promise<void>): unknown;
}

/** `passed`, or `skipped` with why (the adapter lacks the optional member the case is about). */
export type ContractCaseOutcome =
  | { readonly outcome: 'passed' }
  | { readonly outcome: 'skipped'; readonly note: string };

/** One contract case; `run` throws a ContractViolation when the adapter breaks the contract. */
export interface SmsContractCase {
  readonly name: string;
  run(subject: SmsContractSubject): Promise<ContractCaseOutcome>;
}
