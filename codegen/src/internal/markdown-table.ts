/**
 * A GitHub-flavoured Markdown table with padded columns, the layout Biome's
 * Markdown formatter produces, so generated READMEs pass `biome check`.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = header.map((cell, i) =>
    Math.max(3, width(cell), ...rows.map((row) => width(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function width(text: string): number {
  return [...text].length;
}
