export { SILENT_EVENTS } from './context.js';
export {
  type CallOverrides,
  createTransport,
  type DefaultPolicyOptions,
  defaultPolicies,
  type Transport,
  type TransportOptions,
} from './create.js';
export type { Engine } from './engine.js';
export { createOperationResolver } from './operations.js';
export type { FetchFn } from './send.js';
export type { CallContext, EventSink, Handler, OperationInfo, Policy } from './types.js';
