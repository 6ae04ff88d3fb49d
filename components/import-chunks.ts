import { IMPORT_CHUNK_ITEMS } from '../messaging/schema';

/**
 * Splits an import file's items into chunks for `import.chunk`: each small enough for one message and one
 * quick transaction, large enough that 100,000 items take few round trips.
 */

/**
 * Characters of JSON per chunk: under the background's 16 MiB budget for one (background/budget.ts), and
 * above CHUNK_MAX_ITEMS items of a Gloss export (about 9 MiB), which are what usually ends a chunk.
 */
export const CHUNK_TARGET_CHARS = 12 * 1024 * 1024;
/** Items per chunk, whatever their size: the most one `import.chunk` takes (messaging/schema.ts). */
export const CHUNK_MAX_ITEMS = IMPORT_CHUNK_ITEMS;

export interface ItemChunk {
  /** Position of the first item in the file. */
  firstIndex: number;
  items: unknown[];
}

/** Chunks in file order. An item too large for any chunk goes alone; the background then names it. */
export function* chunkItems(
  items: readonly unknown[],
  targetChars = CHUNK_TARGET_CHARS,
  maxItems = CHUNK_MAX_ITEMS,
): Generator<ItemChunk> {
  let start = 0;
  let chars = 0;
  for (let i = 0; i < items.length; i++) {
    const size = JSON.stringify(items[i] ?? null).length;
    if (i > start && (chars + size > targetChars || i - start >= maxItems)) {
      yield { firstIndex: start, items: items.slice(start, i) };
      start = i;
      chars = 0;
    }
    chars += size;
  }
  if (start < items.length) yield { firstIndex: start, items: items.slice(start) };
}
