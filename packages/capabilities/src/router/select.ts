import type { PriceTable, RouteRule, RouteStrategy } from './policy.js';

export interface RouteContext {
  /** The destination, E.164. */
  readonly to: string;
  readonly tenant: string | undefined;
}

export interface MatchedRule {
  readonly rule: RouteRule | undefined;
  readonly name: string | undefined;
  /** The prefix that matched, when the rule matched on one. */
  readonly prefix: string | undefined;
}

const asList = (value: string | readonly string[] | undefined): readonly string[] | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? [value] : value;

/** The first rule whose every stated condition matches, or none. Pure. */
export function matchRule(rules: readonly RouteRule[], context: RouteContext): MatchedRule {
  for (const [index, rule] of rules.entries()) {
    const prefixes = asList(rule.countryPrefix);
    const tenants = asList(rule.tenant);
    const prefix = prefixes?.find((candidate) => context.to.startsWith(candidate));
    if (prefixes && prefix === undefined) continue;
    if (tenants && (context.tenant === undefined || !tenants.includes(context.tenant))) continue;
    return { rule, name: rule.name ?? `rules[${index}]`, prefix };
  }
  return { rule: undefined, name: undefined, prefix: undefined };
}

/** The price per segment for `to` in `table`: longest matching prefix, else `*`, else undefined. */
export function priceFor(table: PriceTable | undefined, to: string): number | undefined {
  if (!table) return undefined;
  let best: string | undefined;
  for (const prefix of Object.keys(table)) {
    if (
      prefix !== '*' &&
      to.startsWith(prefix) &&
      (best === undefined || prefix.length > best.length)
    ) {
      best = prefix;
    }
  }
  if (best !== undefined) return table[best];
  return Object.hasOwn(table, '*') ? table['*'] : undefined;
}

/**
 * A weighted random order: each draw picks among the remaining positive
 * weights with probability weight / sum (one `random()` per draw), so a
 * weight of 3 against 1 leads 75% of the time. Zero-weight candidates follow
 * in their given order, as fallbacks only. Deterministic for a given `random`.
 */
export function weightedOrder(
  candidates: readonly string[],
  weights: Readonly<Record<string, number>> | undefined,
  random: () => number,
): string[] {
  const weightOf = (name: string) => (weights === undefined ? 1 : (weights[name] ?? 1));
  const pool = candidates.filter((name) => weightOf(name) > 0);
  const order: string[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, name) => sum + weightOf(name), 0);
    let point = random() * total;
    let index = pool.length - 1; // guards against rounding at the top end
    for (const [i, name] of pool.entries()) {
      point -= weightOf(name);
      if (point < 0) {
        index = i;
        break;
      }
    }
    order.push(pool.splice(index, 1)[0]!);
  }
  return [...order, ...candidates.filter((name) => weightOf(name) <= 0)];
}

/** Ascending price for `to`; ties and unpriced providers keep their given order, unpriced last. */
export function cheapestOrder(
  candidates: readonly string[],
  prices: Readonly<Record<string, PriceTable>> | undefined,
  to: string,
): string[] {
  const priced = candidates.map((name, index) => ({
    name,
    index,
    price: priceFor(prices?.[name], to) ?? Number.POSITIVE_INFINITY,
  }));
  priced.sort((a, b) => a.price - b.price || a.index - b.index);
  return priced.map((entry) => entry.name);
}

export function orderCandidates(
  strategy: RouteStrategy,
  candidates: readonly string[],
  options: {
    readonly to: string;
    readonly weights: Readonly<Record<string, number>> | undefined;
    readonly prices: Readonly<Record<string, PriceTable>> | undefined;
    readonly random: () => number;
  },
): string[] {
  switch (strategy) {
    case 'weighted':
      return weightedOrder(candidates, options.weights, options.random);
    case 'cheapest':
      return cheapestOrder(candidates, options.prices, options.to);
    default:
      return [...candidates];
  }
}
