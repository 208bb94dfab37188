import { type Bump, maxBump } from '../semver.js';
import type { SpecChange } from './changes.js';
import { DiffContext } from './context.js';
import { compareOperation } from './operation.js';
import { child, type Doc, deepEqual, isObject, type Located, resolve } from './pointer.js';

/** HTTP methods a Path Item Object can hold (OpenAPI 3.1, section 4.8.9). */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Classifies every change between the released spec and the current one
 * (both OpenAPI 3.x documents after conversion and overlay). Walks each
 * operation's parameters, bodies and responses through their `$ref`s; adds
 * the component schemas themselves (exported as `components['schemas']`),
 * `info` (patch) and `servers`/`webhooks` (minor, compared whole).
 * Schemas no operation reaches are compared by name only.
 */
export function diffSpecs(before: Doc, after: Doc): SpecChange[] {
  const ctx = new DiffContext(before, after);
  const root = (doc: Doc): Located => ({ value: doc, pointer: '' });
  const pathsBefore = child(root(before), 'paths');
  const pathsAfter = child(root(after), 'paths');
  const paths = union(pathsBefore.value, pathsAfter.value);
  for (const path of paths) {
    const itemBefore = resolve(before, child(pathsBefore, path));
    const itemAfter = resolve(after, child(pathsAfter, path));
    for (const method of METHODS) {
      const opBefore = child(itemBefore, method);
      const opAfter = child(itemAfter, method);
      const label = `${method.toUpperCase()} ${path}`;
      ctx.operation = undefined;
      if (isObject(opBefore.value) && !isObject(opAfter.value)) {
        ctx.report('operation-removed', opBefore.pointer, `operation ${label} removed`);
      } else if (!isObject(opBefore.value) && isObject(opAfter.value)) {
        ctx.report('operation-added', opAfter.pointer, `operation ${label} added`);
      } else if (isObject(opBefore.value) && isObject(opAfter.value)) {
        ctx.operation = label;
        compareOperation(ctx, {
          before: opBefore,
          after: opAfter,
          beforeItem: itemBefore,
          afterItem: itemAfter,
        });
      }
    }
  }
  ctx.operation = undefined;

  const schemasBefore = child(root(before), 'components', 'schemas');
  const schemasAfter = child(root(after), 'components', 'schemas');
  for (const name of union(schemasBefore.value, schemasAfter.value)) {
    const a = child(schemasBefore, name);
    const b = child(schemasAfter, name);
    if (a.value !== undefined && b.value === undefined)
      ctx.report('schema-removed', a.pointer, `schema ${name} removed`);
    else if (a.value === undefined && b.value !== undefined)
      ctx.report('schema-added', b.pointer, `schema ${name} added`);
  }

  const infoBefore = child(root(before), 'info');
  const infoAfter = child(root(after), 'info');
  for (const key of union(infoBefore.value, infoAfter.value)) {
    const a = child(infoBefore, key);
    const b = child(infoAfter, key);
    if (!deepEqual(a.value, b.value))
      ctx.report('documentation-changed', b.pointer, `info.${key} changed`);
  }
  for (const key of ['servers', 'webhooks', 'tags'] as const) {
    if (deepEqual(before[key], after[key])) continue;
    ctx.report(
      key === 'tags' ? 'documentation-changed' : 'other-changed',
      `/${key}`,
      `${key} changed`,
    );
  }
  return ctx.changes;
}

/** The highest bump any change needs; `none` for identical specs. */
export function requiredBump(changes: readonly SpecChange[]): Bump {
  return maxBump(changes.map((change) => change.bump));
}

function union(a: unknown, b: unknown): string[] {
  const keys = new Set<string>();
  if (isObject(a)) for (const key of Object.keys(a)) keys.add(key);
  if (isObject(b)) for (const key of Object.keys(b)) keys.add(key);
  return [...keys];
}
