// The names of the members of `interface shared` (shared-types.ts): each
// says where its subtree occurs in the generated types.

/**
 * A shared member's name says where the subtree occurs, from the property
 * keys that end the path of every occurrence, last first: a key that all
 * paths have there, up to the first level where they differ; there, the
 * words that those keys all begin and end with, or `*` if they have none and
 * the name has no key yet (then the level before it too). Keys with nothing
 * in common at any level: the first occurrence's last key.
 * The error response of every operation is `responses.default`; the paging
 * query of the `List…` operations `List.parameters.query`; an enum under
 * `usage_record_all_time_enum_category`, `usage_record_daily_enum_category`,
 * … `usage_record_enum_category`; the responses 201 of CreateSipCredential
 * and 200 of UpdateSipCredential `SipCredential.responses.*`.
 */
export function sharedName(paths: readonly string[][]): string {
  const keys: string[] = [];
  // The first key is the top-level declaration's name: not part of a name.
  const levels = Math.min(...paths.map((path) => path.length)) - 1;
  for (let level = 1; level <= levels; level += 1) {
    const at = paths.map((path) => path[path.length - level]!);
    if (at.every((key) => key === at[0])) {
      keys.unshift(at[0]!);
      continue;
    }
    const words = at.map(splitWords);
    const head = commonLength(words);
    const tail = commonLength(words.map((list) => list.slice(head).reverse()));
    const common = [...words[0]!.slice(0, head), ...words[0]!.slice(words[0]!.length - tail)]
      .join('')
      .replace(/^[_.-]+|[_.-]+$/g, '');
    if (common) {
      keys.unshift(common);
      break;
    }
    // Nothing in common: enough when keys after this level name it already.
    if (keys.some((key) => key !== '*')) break;
    keys.unshift('*');
  }
  return keys.some((key) => key !== '*') ? keys.join('.') : paths[0]!.at(-1)!;
}

/** `usage_record_enum_category` → `usage_`, `record_`, …; `ListCallRecording` → `List`, `Call`, `Recording`. */
function splitWords(key: string): string[] {
  return key.split(/(?<=[_.-])|(?<=[a-z0-9])(?=[A-Z])/);
}

function commonLength(lists: readonly string[][]): number {
  let n = 0;
  while (lists.every((list) => n < list.length && list[n] === lists[0]![n])) n += 1;
  return n;
}
