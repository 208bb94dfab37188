import { describe, expect, it } from 'vitest';
import { applyMergePatch, createMergePatch } from '../../src/serialization/index.js';

describe('applyMergePatch', () => {
  // RFC 7396 Appendix A, every example.
  const rfcExamples: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];

  it.each(rfcExamples)('RFC 7396 example: %j + %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('mutates neither input and shares no objects with them', () => {
    const target = { info: { title: 'API', tags: ['a'] }, paths: { '/x': { get: {} } } };
    const patch = { info: { title: 'Patched', extra: { list: [1] } }, servers: [{ url: 'u' }] };
    const targetCopy = structuredClone(target);
    const patchCopy = structuredClone(patch);

    const result = applyMergePatch(target, patch) as any;

    expect(target).toEqual(targetCopy);
    expect(patch).toEqual(patchCopy);
    expect(result.info.tags).not.toBe(target.info.tags);
    expect(result.paths).not.toBe(target.paths);
    expect(result.info.extra).not.toBe(patch.info.extra);
    expect(result.servers[0]).not.toBe(patch.servers[0]);
    result.paths['/x'].get.changed = true;
    expect(target.paths['/x'].get).toEqual({});
  });

  it('keeps the target member order and appends new members in patch order', () => {
    const result = applyMergePatch({ a: 1, b: 2, c: 3 }, { z: 0, b: 20, a: null, y: 9 });
    expect(JSON.stringify(result)).toBe('{"b":20,"c":3,"z":0,"y":9}');
  });

  it('treats __proto__ as a plain member, never as a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const result = applyMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(result)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('is idempotent: applying the same patch twice gives the same result', () => {
    const target = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const patch = { a: { b: null, e: { f: 1 } }, d: null };
    const once = applyMergePatch(target, patch);
    expect(applyMergePatch(once, patch)).toEqual(once);
  });
});

describe('createMergePatch', () => {
  it('produces a patch that turns the source into the target', () => {
    const source = { a: 1, b: { c: 2, d: [1] }, gone: true };
    const target = { a: 1, b: { c: 3, d: [1, 2] }, added: { x: 'y' } };
    const patch = createMergePatch(source, target);
    expect(patch).toEqual({ gone: null, b: { c: 3, d: [1, 2] }, added: { x: 'y' } });
    expect(applyMergePatch(source, patch)).toEqual(target);
  });

  it('is empty when nothing changed', () => {
    expect(createMergePatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual({});
  });

  it('replaces outright when either side is not an object', () => {
    expect(createMergePatch({ a: 1 }, ['x'])).toEqual(['x']);
    expect(createMergePatch('x', { a: 1 })).toEqual({ a: 1 });
  });
});
