import { CHANGE_BUMPS, type ChangeKind, type SpecChange } from './changes.js';
import { child, type Doc, deepEqual, isObject, type Located } from './pointer.js';

/** Keys that only document: a change to them never changes what a client sends or receives. */
export function isAnnotation(key: string): boolean {
  return (
    key === 'description' ||
    key === 'summary' ||
    key === 'title' ||
    key === 'example' ||
    key === 'examples' ||
    key === 'externalDocs' ||
    key === 'tags' ||
    key === '$comment' ||
    key.startsWith('x-')
  );
}

/** The two documents, the changes found so far and the operation being walked. */
export class DiffContext {
  readonly changes: SpecChange[] = [];
  /** Operation label (`POST /path`) the walk is in, for messages. */
  operation: string | undefined;
  private readonly reported = new Set<string>();
  private readonly visiting = new Set<string>();

  readonly before: Doc;
  readonly after: Doc;

  constructor(before: Doc, after: Doc) {
    this.before = before;
    this.after = after;
  }

  /** Records a change once per kind and pointer, however many operations reach it. */
  report(kind: ChangeKind, pointer: string, message: string): void {
    const key = `${kind} ${pointer}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.changes.push({
      kind,
      bump: CHANGE_BUMPS[kind],
      pointer,
      message,
      ...(this.operation ? { operation: this.operation } : {}),
    });
  }

  /**
   * Runs `walk` unless the same pair of locations is already being compared
   * in this direction: recursive schemas (a comment with replies of comments)
   * would otherwise loop.
   */
  once(key: string, walk: () => void): void {
    if (this.visiting.has(key)) return;
    this.visiting.add(key);
    walk();
  }

  /**
   * Reports documentation edits and, for keys no rule handled, an
   * `other-changed` (minor: unknown edits are assumed to add, not break).
   */
  rest(before: Located, after: Located, handled: ReadonlySet<string>, what: string): void {
    const a = isObject(before.value) ? before.value : {};
    const b = isObject(after.value) ? after.value : {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (handled.has(key) || deepEqual(a[key], b[key])) continue;
      const at = key in b ? child(after, key).pointer : child(before, key).pointer;
      if (isAnnotation(key)) this.report('documentation-changed', at, `${what}: ${key} changed`);
      else this.report('other-changed', at, `${what}: ${key} changed`);
    }
  }
}
