import type { IncomingMessage } from 'node:http';
import type { Json } from '../schema/refs.js';
import { type AuthExpectation, checkAuth } from './check-auth.js';
import { checkRequest } from './check-request.js';
import type { Pager } from './pager.js';
import { matchRoute, type Route } from './routes.js';

export interface Inspection {
  readonly route: Route | undefined;
  /** Methods the path has, when the request's method is not one of them. */
  readonly allowed: readonly string[];
  /** Every way the request breaks the spec or the auth scheme's shape. */
  readonly problems: string[];
  readonly credential: string | undefined;
  /** The vendor refuses the credential (401). */
  readonly rejected: boolean;
  /** The body as the operation's media type reads it. */
  readonly parsedBody: unknown;
}

/**
 * Everything the simulator judges before it answers: which operation the
 * request is, how it breaks the spec, and what the auth scheme makes of its
 * credential. Query parameters of a next link the simulator issued itself
 * are the server's own and not held against the client.
 */
export function inspectRequest(
  document: Json,
  routes: readonly Route[],
  pagers: ReadonlyMap<string, Pager>,
  auth: AuthExpectation,
  incoming: IncomingMessage,
  body: Buffer,
): Inspection {
  const method = incoming.method ?? 'GET';
  const url = new URL(incoming.url ?? '/', 'http://simulator.invalid');
  const matched = matchRoute(routes, method, url.pathname);
  const route = matched.route;
  if (!route) {
    const allowed = matched.allowed ?? [];
    return {
      route,
      allowed,
      problems: [
        allowed.length
          ? `${method} is not an operation of ${url.pathname} (the spec has ${allowed.join(', ')})`
          : `no operation of the spec matches ${method} ${url.pathname}`,
      ],
      credential: undefined,
      rejected: false,
      parsedBody: undefined,
    };
  }
  const checked = checkRequest(document, route, matched.params, url, incoming.headers, body);
  const linked = pagers.get(route.operationId)?.issued(url) === true;
  const problems = checked.problems.filter(
    (p) => !(linked && / is not a parameter the operation declares$/.test(p)),
  );
  let credential: string | undefined;
  let rejected = false;
  if (needsAuth(route, document)) {
    const verdict = checkAuth(auth, {
      method,
      target: incoming.url ?? '/',
      headers: incoming.headers,
      url,
      body,
    });
    if (verdict.problem) problems.push(`auth: ${verdict.problem}`);
    credential = verdict.credential;
    rejected = verdict.rejected;
  }
  return { route, allowed: [], problems, credential, rejected, parsedBody: checked.body.value };
}

/** An operation needs auth unless it (or the document) sets `security: []` (OpenAPI 3 §4.8.10). */
function needsAuth(route: Route, document: Json): boolean {
  const security = route.operation.security ?? document.security;
  return !(Array.isArray(security) && security.length === 0);
}
