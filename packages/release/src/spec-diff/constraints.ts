import type { DiffContext } from './context.js';
import { child, deepEqual, type Located } from './pointer.js';

/** Bounds that cap a value from above: lowering or adding one rejects values that passed before. */
const UPPER = ['maxLength', 'maxItems', 'maxProperties', 'maximum'] as const;
/** Bounds that floor a value from below: raising or adding one rejects values that passed before. */
const LOWER = ['minLength', 'minItems', 'minProperties', 'minimum'] as const;
/** Constraints with no order: adding or changing one restricts, removing one relaxes. */
const OPAQUE = ['pattern', 'format', 'multipleOf'] as const;
/** Switches that restrict when turned on. */
const FLAGS = ['uniqueItems'] as const;

export const CONSTRAINT_KEYS: readonly string[] = [
  ...UPPER,
  ...LOWER,
  ...OPAQUE,
  ...FLAGS,
  'exclusiveMaximum',
  'exclusiveMinimum',
];

/** Value constraints (JSON Schema validation keywords) as tightened or relaxed. */
export function compareConstraints(ctx: DiffContext, a: Located, b: Located): void {
  for (const key of UPPER) bound(ctx, a, b, key, 1);
  for (const key of LOWER) bound(ctx, a, b, key, -1);
  // 3.1 writes exclusive bounds as numbers, 3.0 as booleans next to maximum/minimum.
  for (const [key, sign] of [
    ['exclusiveMaximum', 1],
    ['exclusiveMinimum', -1],
  ] as const) {
    const before = a.value[key];
    const after = b.value[key];
    if (typeof before === 'boolean' || typeof after === 'boolean') flag(ctx, a, b, key);
    else bound(ctx, a, b, key, sign);
  }
  for (const key of FLAGS) flag(ctx, a, b, key);
  for (const key of OPAQUE) {
    const before = a.value[key];
    const after = b.value[key];
    if (deepEqual(before, after)) continue;
    if (after === undefined)
      ctx.report('constraint-relaxed', child(a, key).pointer, `${key} ${show(before)} removed`);
    else
      ctx.report(
        'constraint-tightened',
        child(b, key).pointer,
        before === undefined
          ? `${key} ${show(after)} added`
          : `${key} ${show(before)} became ${show(after)}`,
      );
  }
}

/**
 * `sign` 1 for an upper bound (a smaller value is tighter), -1 for a lower
 * bound (a larger value is tighter). Adding a bound tightens, removing relaxes.
 */
function bound(ctx: DiffContext, a: Located, b: Located, key: string, sign: 1 | -1): void {
  const before = a.value[key];
  const after = b.value[key];
  if (before === after) return;
  if (typeof after !== 'number' && typeof before !== 'number') return;
  let tighter: boolean;
  if (typeof before !== 'number') tighter = true;
  else if (typeof after !== 'number') tighter = false;
  else tighter = (after - before) * sign < 0;
  const message =
    before === undefined
      ? `${key} ${after} added`
      : after === undefined
        ? `${key} ${before} removed`
        : `${key} ${before} became ${after}`;
  if (tighter) ctx.report('constraint-tightened', child(b, key).pointer, message);
  else ctx.report('constraint-relaxed', child(after === undefined ? a : b, key).pointer, message);
}

function flag(ctx: DiffContext, a: Located, b: Located, key: string): void {
  const before = a.value[key] === true;
  const after = b.value[key] === true;
  if (before === after) return;
  if (after) ctx.report('constraint-tightened', child(b, key).pointer, `${key} turned on`);
  else ctx.report('constraint-relaxed', child(a, key).pointer, `${key} turned off`);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}
