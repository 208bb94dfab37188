import { type PaginateOptions, paginate } from '@org/core/pagination';
import type { OperationRow, PackClient } from '../pack/types.js';
import { getPath } from '../schema/paths.js';
import { Findings, guarded } from './support/findings.js';
import { callArgs, routeOf } from './support/operations.js';
import type { Scenario } from './types.js';

/** The list each paginated operation serves: 7 items in pages of 3 (two full pages and a short one). */
const TOTAL_ITEMS = 7;
const PAGE_SIZE = 3;
/** List operations the CI profile walks; the full profile walks all. */
export const CI_PAGINATION_SAMPLE = 5;

/**
 * Every paginated operation (a spread of them in the CI profile) is walked
 * with `paginate()` of `@org/core/pagination`, in the style its operation
 * table names, through the pack's client: all items must arrive once, in
 * order, each page request conforming to the spec.
 */
export const paginationScenario: Scenario = {
  id: 'pagination',
  title: 'Pagination: iterators walk every page',
  async run(ctx) {
    const lists = ctx.pack.operations.filter((op) => op.pagination);
    if (lists.length === 0)
      return { result: 'skipped', details: 'the pack has no paginated operation' };
    const chosen = ctx.profile === 'full' ? lists : spread(lists, CI_PAGINATION_SAMPLE);
    const findings = new Findings();
    const simulator = await ctx.simulator();
    simulator.paging = { totalItems: TOTAL_ITEMS, pageSize: PAGE_SIZE };
    const client = ctx.client(simulator);
    let pages = 0;
    for (const op of chosen) {
      await guarded(findings, op.id, async () => {
        const before = simulator.requests.length;
        const violations = simulator.violations.length;
        const items = await walk(client, op, ctx.pack.document, simulator);
        const sent = simulator.requests.slice(before);
        pages += sent.length;
        const problems = simulator.violations.slice(violations).map((v) => v.problem);
        findings.expect(problems.length === 0, `${op.id}: ${problems.join('; ')}`);
        findings.expect(
          items.length === TOTAL_ITEMS,
          `${op.id}: ${items.length} items, expected ${TOTAL_ITEMS}`,
        );
        // The items must be exactly those the pages carried, in page order: none skipped, none twice.
        const served = sent.flatMap((request) => {
          const body =
            request.responseBody === undefined ? undefined : JSON.parse(request.responseBody);
          const field = op.pagination?.itemsField;
          const list = field ? getPath(body, field) : body;
          return Array.isArray(list) ? list : [];
        });
        findings.expect(
          JSON.stringify(items) === JSON.stringify(served),
          `${op.id}: the items yielded differ from the items the pages carried`,
        );
        const least = Math.ceil(TOTAL_ITEMS / PAGE_SIZE);
        findings.expect(
          sent.length >= least && sent.length <= least + 1,
          `${op.id}: ${sent.length} page requests for ${least} pages`,
        );
        findings.note(
          `${op.id} (${String(op.pagination?.style)}): ${items.length} items over ${sent.length} requests`,
        );
      });
    }
    return findings.outcome(
      { lists: lists.length, walked: chosen.length, pageRequests: pages },
      `${chosen.length} of ${lists.length} list operations walked (${ctx.profile} profile): every item of every page, once`,
    );
  },
};

async function walk(
  client: PackClient,
  op: OperationRow,
  document: Parameters<typeof callArgs>[0],
  simulator: Parameters<typeof routeOf>[0],
): Promise<unknown[]> {
  const route = routeOf(simulator, op.id);
  const args = callArgs(document, route);
  // Filters stay: they narrow the list; page size and position are the paginator's.
  const query = Object.fromEntries(
    Object.entries(args.query).filter(([name]) => !/^page|offset|limit|cursor|token/i.test(name)),
  );
  const style = op.pagination as unknown as PaginateOptions;
  const items: unknown[] = [];
  const init = { params: { path: args.path, query } };
  for await (const item of paginate(client.GET, route.template, init, { ...style, maxPages: 20 }))
    items.push(item);
  return items;
}

/** An even, deterministic spread of `count` entries: first, last and between. */
function spread<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list];
  return Array.from(
    { length: count },
    (_, i) => list[Math.round((i * (list.length - 1)) / (count - 1))] as T,
  );
}
