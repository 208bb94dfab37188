import type { PaginationStyle } from '@org/core/pagination';
import { schemaAtPath, setPath } from '../schema/paths.js';
import { type Json, resolveRef, typesOf } from '../schema/refs.js';
import { sampleValue } from '../schema/sample.js';
import type { Route } from './routes.js';

/** How a list operation pages, as the generated operation table states it. */
export type PaginationRule = PaginationStyle & { readonly itemsField?: string };

export interface PagingPlan {
  /** Items the whole list holds. */
  readonly totalItems: number;
  readonly pageSize: number;
}

export interface PageOut {
  readonly body: unknown;
  readonly headers: Record<string, string>;
  /** 0-based index of the page served. */
  readonly index: number;
  readonly items: number;
}

/**
 * Serves a list operation page by page in the pack's style: a next URL in
 * the body, a cursor, a page number, an offset, a `Link` header or a
 * continuation-token header. Next URLs and tokens are made here, so the
 * simulator knows each page a client asks for; a request it did not link to
 * is the first page.
 */
export class Pager {
  readonly #issued = new Map<string, number>();
  readonly #tokenParam: { name: string; numeric: boolean };

  constructor(
    readonly document: Json,
    readonly route: Route,
    readonly rule: PaginationRule,
  ) {
    this.#tokenParam = pickTokenParam(route);
  }

  /** Whether the URL is one this pager linked to (its query is then the server's own). */
  issued(url: URL): boolean {
    return this.#issued.has(url.pathname + url.search);
  }

  page(url: URL, plan: PagingPlan): PageOut {
    const index = this.#indexOf(url, plan);
    const pages = Math.max(1, Math.ceil(plan.totalItems / plan.pageSize));
    const start = index * plan.pageSize;
    const count = Math.max(0, Math.min(plan.pageSize, plan.totalItems - start));
    const last = index >= pages - 1;
    const schema = this.route.success.schema;
    const body = (sampleValue(this.document, schema, {
      direction: 'response',
      seed: this.route.operationId,
    }) ?? {}) as Json;
    const itemsField = this.rule.itemsField;
    const itemSchema = itemsField
      ? schemaAtPath(this.document, schema, itemsField)?.items
      : resolveRef(this.document, schema).items;
    const items = Array.from({ length: count }, (_, i) =>
      sampleValue(this.document, itemSchema, {
        direction: 'response',
        seed: `${this.route.operationId}#${start + i}`,
      }),
    );
    const out: Json = itemsField ? body : (items as unknown as Json);
    if (itemsField) setPath(out, itemsField, items);
    const headers: Record<string, string> = {};
    const next = last ? undefined : index + 1;
    switch (this.rule.style) {
      case 'next-url':
        this.#setNullable(
          out,
          schema,
          this.rule.nextField,
          next === undefined ? undefined : this.#link(url, next),
        );
        break;
      case 'link':
        if (next !== undefined) headers.link = `<${this.#link(url, next)}>; rel="next"`;
        break;
      case 'cursor':
        this.#setNullable(
          out,
          schema,
          this.rule.cursorField,
          next === undefined ? undefined : `c${next}`,
        );
        break;
      case 'continuation-token':
        if (next !== undefined)
          headers[this.rule.tokenHeader ?? 'x-ms-continuationtoken'] = `t${next}`;
        break;
    }
    if ('hasMoreField' in this.rule && this.rule.hasMoreField)
      setPath(out, this.rule.hasMoreField, !last);
    if ('lastPageField' in this.rule && this.rule.lastPageField)
      setPath(out, this.rule.lastPageField, last);
    return { body: out, headers, index, items: count };
  }

  #indexOf(url: URL, plan: PagingPlan): number {
    const query = url.searchParams;
    switch (this.rule.style) {
      case 'next-url':
      case 'link':
        return this.#issued.get(url.pathname + url.search) ?? 0;
      case 'cursor':
        return tokenIndex(query.get(this.rule.cursorParam), 'c');
      case 'continuation-token':
        return tokenIndex(query.get(this.rule.tokenParam ?? 'continuationToken'), 't');
      case 'page': {
        const raw = query.get(this.rule.pageParam);
        return raw === null ? 0 : Math.max(0, Number(raw) - (this.rule.firstPage ?? 1));
      }
      case 'offset': {
        const raw = query.get(this.rule.offsetParam);
        const offset = raw === null ? 0 : Number(raw) - (this.rule.firstOffset ?? 0);
        return Math.max(0, Math.floor(offset / plan.pageSize));
      }
    }
  }

  /** A next link relative to the host, as Twilio's `next_page_uri`; the request's own query is kept. */
  #link(url: URL, index: number): string {
    const next = new URL(url.href);
    next.searchParams.set(
      this.#tokenParam.name,
      this.#tokenParam.numeric ? String(index) : `PT${index}`,
    );
    const relative = next.pathname + next.search;
    this.#issued.set(relative, index);
    return relative;
  }

  /** Ends a list the way the schema allows: null when the field is nullable, absent when not. */
  #setNullable(out: Json, schema: unknown, field: string, value: string | undefined): void {
    if (value !== undefined) {
      setPath(out, field, value);
      return;
    }
    const fieldSchema = schemaAtPath(this.document, schema, field);
    setPath(out, field, fieldSchema && typesOf(fieldSchema).nullable ? null : undefined);
  }
}

/** The query parameter next links carry: a declared token or cursor, else a page number, else `page`. */
function pickTokenParam(route: Route): { name: string; numeric: boolean } {
  const query = route.parameters.filter((param) => param.in === 'query');
  const token = query.find((param) => /token|cursor/i.test(param.name));
  if (token) return { name: token.name, numeric: false };
  const page = query.find((param) => /^page$/i.test(param.name));
  if (page)
    return { name: page.name, numeric: typesOf(page.schema ?? {}).types.includes('integer') };
  return { name: 'page', numeric: true };
}

function tokenIndex(raw: string | null, prefix: string): number {
  if (raw === null || !raw.startsWith(prefix)) return 0;
  const index = Number(raw.slice(prefix.length));
  return Number.isInteger(index) && index >= 0 ? index : 0;
}
