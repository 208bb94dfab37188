import { describe, expect, it } from 'vitest';
import { InvalidRequestError, isCoreError } from '../../src/errors/index.js';
import {
  isJsonPointer,
  type JsonPatchOperation,
  jsonPatchBody,
  validateJsonPatch,
} from '../../src/serialization/index.js';

describe('JSON Patch (RFC 6902)', () => {
  it('accepts every operation shape from RFC 6902 §4 and writes it as JSON', () => {
    const ops: JsonPatchOperation[] = [
      { op: 'test', path: '/a/b/c', value: 'foo' },
      { op: 'remove', path: '/a/b/c' },
      { op: 'add', path: '/a/b/c', value: ['foo', 'bar'] },
      { op: 'replace', path: '/a/b/c', value: null },
      { op: 'move', from: '/a/b/c', path: '/a/b/d' },
      { op: 'copy', from: '/a/b/d', path: '/a/b/e' },
      { op: 'add', path: '/m~0n~1o/-', value: 1 },
      { op: 'replace', path: '', value: {} },
    ];
    expect(JSON.parse(jsonPatchBody(ops))).toEqual(ops);
  });

  it('ignores members an operation does not define (§4)', () => {
    expect(() =>
      validateJsonPatch([{ op: 'remove', path: '/a', value: 1, note: 'x' }]),
    ).not.toThrow();
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not an array', { op: 'add' }, /must be an array/],
    ['item not an object', ['add'], /operation 0 is not an object/],
    ['unknown op', [{ op: 'merge', path: '/a' }], /operation 0 has no valid "op"/],
    ['missing op', [{ path: '/a' }], /no valid "op"/],
    ['missing path', [{ op: 'remove' }], /string "path"/],
    ['path without leading slash', [{ op: 'remove', path: 'a/b' }], /not a JSON Pointer/],
    ['bad tilde escape', [{ op: 'remove', path: '/a~2b' }], /escape "~" as "~0"/],
    ['trailing tilde', [{ op: 'remove', path: '/a~' }], /not a JSON Pointer/],
    ['add without value', [{ op: 'add', path: '/a' }], /\("add"\) needs a "value"/],
    [
      'test with undefined value',
      [{ op: 'test', path: '/a', value: undefined }],
      /needs a "value"/,
    ],
    ['move without from', [{ op: 'move', path: '/a' }], /string "from"/],
    [
      'copy with bad from',
      [{ op: 'copy', from: 'x', path: '/a' }],
      /"from" that is not a JSON Pointer/,
    ],
    ['move into own child', [{ op: 'move', from: '/a', path: '/a/b' }], /proper prefix/],
    [
      'second op bad',
      [
        { op: 'remove', path: '/a' },
        { op: 'add', path: '/b' },
      ],
      /operation 1/,
    ],
  ];

  it.each(bad)('rejects %s with InvalidRequestError', (_name, ops, message) => {
    let caught: unknown;
    try {
      validateJsonPatch(ops);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRequestError);
    expect(isCoreError(caught, 'invalid-request')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('allows moving to a sibling whose name starts like the source', () => {
    expect(() => validateJsonPatch([{ op: 'move', from: '/a', path: '/ab' }])).not.toThrow();
  });

  it('reports a BigInt value as InvalidRequestError, not a TypeError', () => {
    expect(() => jsonPatchBody([{ op: 'add', path: '/n', value: 1n }])).toThrow(
      InvalidRequestError,
    );
  });

  it('never puts a value in the message', () => {
    expect(() =>
      validateJsonPatch([{ op: 'add', path: 'token', value: 'sk_live_secret' }]),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('sk_live_secret') }));
  });

  it.each([
    ['', true],
    ['/', true],
    ['/a/0', true],
    ['/~0~1', true],
    ['a', false],
    ['/~', false],
    ['/~x', false],
  ])('isJsonPointer(%j) is %s', (pointer, expected) => {
    expect(isJsonPointer(pointer)).toBe(expected);
  });
});
