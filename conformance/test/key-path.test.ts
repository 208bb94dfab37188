import { describe, expect, it } from 'vitest';
import { valueAtKeyPath, withKeyAtPath } from '../src/simulator/respond.js';

describe('idempotency keys by path', () => {
  it.each([
    ['IdempotencyKey', { IdempotencyKey: 'k' }, 'k'],
    ['meta.id', { meta: { id: 'm' } }, 'm'],
    ['r[].id', { r: [{ id: 'a' }, { id: 'b' }] }, 'a,b'],
    ['r[].id', { r: [{ id: 'a' }, {}] }, undefined],
    ['r[].id', { r: [] }, undefined],
    ['IdempotencyKey', { IdempotencyKey: '' }, undefined],
  ])('reads %s from %j', (path, body, expected) => {
    expect(valueAtKeyPath(body, path)).toBe(expected);
  });

  it('sets a key at a path, on every element of an array, without touching the input', () => {
    const body = { r: [{ to: '+1' }, { to: '+2' }], text: 'hi' };
    const keyed = withKeyAtPath(body, 'r[].id', 'k-1');
    expect(keyed).toEqual({
      r: [
        { to: '+1', id: 'k-1' },
        { to: '+2', id: 'k-1' },
      ],
      text: 'hi',
    });
    expect(body).toEqual({ r: [{ to: '+1' }, { to: '+2' }], text: 'hi' });
    expect(valueAtKeyPath(keyed, 'r[].id')).toBe('k-1,k-1');
    expect(withKeyAtPath({ a: 1 }, 'IdempotencyKey', 'k')).toEqual({ a: 1, IdempotencyKey: 'k' });
  });
});
