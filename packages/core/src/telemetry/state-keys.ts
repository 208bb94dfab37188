/**
 * `CallContext.state` keys the call policy sets for the attempt policy: the
 * call span (parent of attempt spans and target of attempt events) and the
 * request description, computed once per call instead of once per attempt.
 */
export const CALL_SPAN = Symbol('telemetry.callSpan');
export const CALL_INFO = Symbol('telemetry.callInfo');
