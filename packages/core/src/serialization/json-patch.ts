import { InvalidRequestError } from '../errors/kinds.js';
import { isPlainObject } from './plain-object.js';

/** One RFC 6902 operation. `path` and `from` are RFC 6901 JSON Pointers. */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'move'; readonly from: string; readonly path: string }
  | { readonly op: 'copy'; readonly from: string; readonly path: string }
  | { readonly op: 'test'; readonly path: string; readonly value: unknown };

const NEEDS_VALUE = new Set(['add', 'replace', 'test']);
const NEEDS_FROM = new Set(['move', 'copy']);

/**
 * Checks that `operations` is an RFC 6902 patch document: an array of objects
 * whose `op` is one of the six operations (§4), each with the members that op
 * requires, and pointers that are valid RFC 6901 JSON Pointers. Members an op
 * does not define are allowed, as §4 says they MUST be ignored.
 *
 * Throws InvalidRequestError naming the operation index and the member to fix;
 * the message never includes a `value`.
 */
export function validateJsonPatch(
  operations: unknown,
): asserts operations is readonly JsonPatchOperation[] {
  if (!Array.isArray(operations)) {
    throw new InvalidRequestError(
      'A JSON Patch body must be an array of operations (RFC 6902 §3), e.g. [{ op: "replace", path: "/status", value: "open" }].',
    );
  }
  operations.forEach((operation, index) => {
    if (!isPlainObject(operation)) {
      throw invalid(index, 'is not an object');
    }
    const op = operation.op;
    if (typeof op !== 'string' || !(NEEDS_VALUE.has(op) || NEEDS_FROM.has(op) || op === 'remove')) {
      throw invalid(index, 'has no valid "op"; use add, remove, replace, move, copy or test');
    }
    checkPointer(index, op, 'path', operation.path);
    // RFC 6902 §4.1: a missing "value" is an error; `undefined` would vanish from the JSON text.
    if (NEEDS_VALUE.has(op) && operation.value === undefined) {
      throw invalid(index, `("${op}") needs a "value" member; use null to write a JSON null`);
    }
    if (NEEDS_FROM.has(op)) {
      checkPointer(index, op, 'from', operation.from);
      // RFC 6902 §4.4: a location cannot be moved into one of its children.
      if (op === 'move' && (operation.path as string).startsWith(`${operation.from as string}/`)) {
        throw invalid(index, '("move") has a "from" that is a proper prefix of its "path"');
      }
    }
  });
}

/** Validates the patch and returns the `application/json-patch+json` body text. */
export function jsonPatchBody(operations: readonly JsonPatchOperation[]): string {
  validateJsonPatch(operations);
  try {
    return JSON.stringify(operations);
  } catch (cause) {
    throw new InvalidRequestError(
      'The JSON Patch holds a value JSON cannot encode (a BigInt or a cycle); convert it first.',
      { cause },
    );
  }
}

function checkPointer(index: number, op: string, member: string, pointer: unknown): void {
  if (typeof pointer !== 'string') {
    throw invalid(index, `("${op}") needs a string "${member}" member`);
  }
  if (!isJsonPointer(pointer)) {
    throw invalid(
      index,
      `("${op}") has a "${member}" that is not a JSON Pointer; start it with "/" and escape "~" as "~0" and "/" as "~1" (RFC 6901)`,
    );
  }
}

/** RFC 6901 §3: `*( "/" reference-token )`, where `~` is only ever followed by `0` or `1`. */
export function isJsonPointer(pointer: string): boolean {
  if (pointer === '') return true;
  if (pointer.charCodeAt(0) !== 0x2f) return false;
  return !/~(?![01])/.test(pointer);
}

function invalid(index: number, problem: string): InvalidRequestError {
  return new InvalidRequestError(`JSON Patch operation ${index} ${problem}.`, {
    details: { operationIndex: index },
  });
}
