// Small statistics shared by the benchmarks.

/** The middle value (the upper middle for an even count); NaN for none. */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `value` rounded to `digits` decimals, as a number. */
export function round(value, digits = 0) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Every entry of `list` once, starting at `offset`: rotates the order between rounds. */
export function rotate(list, offset) {
  const start = offset % list.length;
  return [...list.slice(start), ...list.slice(0, start)];
}
