import { ConfigurationError } from '../errors/kinds.js';
import { type Dispatcher, globalDispatcher } from './dispatcher.js';
import { httpModules } from './node-http.js';

/**
 * Which HTTP client sends a request:
 * - `auto` (default): undici's global dispatcher on Node, the layer Node's
 *   fetch runs on (so proxies, mock agents and TLS options installed there
 *   apply), and fetch itself elsewhere or whenever `globalThis.fetch` is not
 *   Node's own (msw, fetch mocks, polyfills);
 * - `fetch`: always `globalThis.fetch` (looked up per call);
 * - `undici`: always the global undici dispatcher (Node only);
 * - `node-http`: always node:http/node:https on their global agents (Node only).
 * A custom `fetch` option wins over all of these.
 */
export type Engine = 'auto' | 'fetch' | 'undici' | 'node-http';

const ENGINES: readonly Engine[] = ['auto', 'fetch', 'undici', 'node-http'];

/** Throws at creation for an unknown engine, or one this runtime does not have. */
export function checkEngine(engine: Engine): void {
  if (!ENGINES.includes(engine)) {
    throw new ConfigurationError(
      `createTransport: engine must be one of ${ENGINES.map((e) => `"${e}"`).join(', ')}, not ${JSON.stringify(engine)}.`,
    );
  }
  if (engine === 'node-http' && httpModules() === null) {
    throw new ConfigurationError(
      'engine "node-http" needs Node.js (node:http via process.getBuiltinModule, Node 20.16+). Use engine "auto" or "fetch" on this runtime.',
    );
  }
  if (engine === 'undici' && globalDispatcher() === undefined) {
    throw new ConfigurationError(
      'engine "undici" needs the undici dispatcher behind Node.js’s fetch, and this runtime has none. Use engine "auto" or "fetch" on this runtime.',
    );
  }
}

// Node's fetch is a small wrapper that loads its bundled undici on first use;
// its source names that module (Node 20 to 24). A replaced fetch does not.
const NODE_FETCH_MARK = "require('internal/deps/undici/undici')";

let seenFetch: unknown;
let seenIsNodes = false;

function fetchIsNodes(): boolean {
  const current = globalThis.fetch;
  if (current !== seenFetch) {
    seenFetch = current;
    seenIsNodes =
      typeof current === 'function' &&
      Function.prototype.toString.call(current).includes(NODE_FETCH_MARK);
  }
  return seenIsNodes;
}

/**
 * The dispatcher `auto` sends this call on, or undefined for fetch. Asked per
 * call (about 0.1 µs), so an interceptor installed after the client was
 * made still sees every request.
 */
export function autoDispatcher(): Dispatcher | undefined {
  return fetchIsNodes() ? globalDispatcher() : undefined;
}
