import type { OperationInfo } from './types.js';

interface Route {
  readonly pattern: RegExp;
  readonly staticCount: number;
  readonly operation: OperationInfo;
}

/**
 * Maps a request to its operation by method and path, for requests that did
 * not come through the generated client's annotation (a user middleware made
 * a new Request, or the transport is used on its own). Templates are bucketed
 * by method and segment count; among matches, more literal segments win, so
 * `/Accounts/{Sid}/Messages.json` beats `/Accounts/{Sid}/{Resource}.json`.
 */
export function createOperationResolver(
  operations: readonly OperationInfo[],
  basePath = '',
): (request: Request) => OperationInfo | undefined {
  const buckets = new Map<string, Route[]>();
  const prefix = basePath.replace(/\/+$/, '');
  for (const operation of operations) {
    const segments = (prefix + operation.path).split('/');
    const source = segments
      .map((segment) =>
        segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[^/]+?\\\}/g, '[^/]+'),
      )
      .join('/');
    const key = `${operation.method.toUpperCase()} ${segments.length}`;
    const routes = buckets.get(key) ?? [];
    routes.push({
      pattern: new RegExp(`^${source}$`),
      staticCount: segments.filter((segment) => !segment.includes('{')).length,
      operation,
    });
    buckets.set(key, routes);
  }
  for (const routes of buckets.values()) routes.sort((a, b) => b.staticCount - a.staticCount);
  return (request) => {
    const url = request.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const end = url.search(/[?#]/);
    const path = start < 0 ? '/' : url.slice(start, end < 0 ? undefined : end);
    const routes = buckets.get(`${request.method} ${path.split('/').length}`);
    if (!routes) return undefined;
    for (const route of routes) if (route.pattern.test(path)) return route.operation;
    return undefined;
  };
}
