/** A byte stream that hands out exactly the given chunks, one per pull. */
export function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

/** Every way to cut `bytes` in two, plus one byte per chunk. */
export function everySplit(bytes: Uint8Array): Array<{ name: string; chunks: Uint8Array[] }> {
  const splits: Array<{ name: string; chunks: Uint8Array[] }> = [];
  for (let at = 0; at <= bytes.length; at++) {
    splits.push({ name: `split at ${at}`, chunks: [bytes.slice(0, at), bytes.slice(at)] });
  }
  splits.push({
    name: 'one byte per chunk',
    chunks: Array.from(bytes, (byte) => Uint8Array.of(byte)),
  });
  return splits;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
