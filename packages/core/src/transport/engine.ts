import { ConfigurationError } from '../errors/kinds.js';
import { httpModules } from './node-http.js';

/**
 * Which HTTP client sends a request:
 * - `auto` (default): Node's own http/https client on Node, fetch elsewhere,
 *   and fetch whenever the application has reconfigured fetch: a replaced
 *   `globalThis.fetch` (msw, fetch mocks, polyfills), an undici global
 *   dispatcher other than the plain Agent (ProxyAgent, EnvHttpProxyAgent,
 *   MockAgent), or `NODE_USE_ENV_PROXY` set;
 * - `fetch`: always `globalThis.fetch` (looked up per call);
 * - `node-http`: always node:http/node:https (Node only).
 * A custom `fetch` option wins over all of these.
 */
export type Engine = 'auto' | 'fetch' | 'node-http';

const ENGINES: readonly Engine[] = ['auto', 'fetch', 'node-http'];

/** Throws at creation for an unknown engine, or `node-http` where there is no node:http. */
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
}

// Node's fetch is a small wrapper that loads its bundled undici on first use;
// its source names that module (Node 20 to 24). A replaced fetch does not.
const NODE_FETCH_MARK = "require('internal/deps/undici/undici')";
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

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

function dispatcherIsPlain(): boolean {
  const dispatcher = (globalThis as Record<symbol, unknown>)[DISPATCHER] as
    | { constructor?: { name?: string } }
    | undefined;
  return dispatcher === undefined || dispatcher.constructor?.name === 'Agent';
}

let envProxy: boolean | undefined;

/**
 * NODE_USE_ENV_PROXY makes Node's fetch honour HTTP(S)_PROXY (Node 24). Node
 * reads it once at startup, so it is read once here too (a process.env read
 * costs about 1 µs, paid per call otherwise).
 */
function envProxyOn(): boolean {
  envProxy ??= Boolean(
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.NODE_USE_ENV_PROXY,
  );
  return envProxy;
}

/** Whether `auto` sends this call with node:http. Cheap enough to ask per call. */
export function autoUsesNodeHttp(): boolean {
  return httpModules() !== null && fetchIsNodes() && dispatcherIsPlain() && !envProxyOn();
}
