/**
 * The search index's stored shape: postings (term -> the doc numbers of annotations indexed under it) and
 * doc clocks (doc number -> when it was created and last changed), both as typed arrays.
 *
 * Why doc numbers and typed arrays: a common word or a two-letter prefix covers most of a 100,000-item
 * library. As UUID strings those postings take tens of milliseconds to read and merge; as Int32Arrays they are
 * copied, not parsed, and merged into a bitmap in about a millisecond.
 *
 * Why shards: a term's docs are split into rows of POSTING_SHARD consecutive doc numbers (key
 * `term NUL shard`), so a write rewrites at most one bounded row per term however common the term is, and an
 * import appends to the newest shard only. Prefix search is one key range, `term...` up to its last shard.
 */

/**
 * Doc numbers per postings row: at most 32 KiB of Int32. Chromium stores a value over 64 KiB as a blob file
 * of its own, and rewriting thousands of those per import chunk made imports several times slower.
 */
export const POSTING_SHARD = 8_192;

/** Doc numbers per clock row: two Float64Arrays of 16 KiB, under the same blob threshold. */
export const CLOCK_BLOCK = 2_048;

/** Separates a term from its shard in a postings key; `tokenize` and `facetTerm` never produce it. */
export const SHARD_SEPARATOR = '\u0000';

export interface PostingRow {
  /** `${term}${SHARD_SEPARATOR}${shard}` */
  key: string;
  /** Doc numbers, in no particular order, each once. */
  docs: Int32Array;
}

export interface ClockRow {
  block: number;
  /** Per doc in the block: `updatedAt`, or 0 for a doc number not in use (never given, or deleted). */
  updatedAt: Float64Array;
  createdAt: Float64Array;
}

/** A single counter: the next doc number to give. Numbers are never reused, so stale postings cannot alias. */
export interface SearchMetaRow {
  name: 'nextDoc';
  value: number;
}

export function postingKey(term: string, doc: number): string {
  return `${term}${SHARD_SEPARATOR}${Math.floor(doc / POSTING_SHARD)}`;
}

/** The key range holding every shard of `term` exactly. */
export function exactTermRange(term: string): [string, string] {
  return [`${term}${SHARD_SEPARATOR}`, `${term}${SHARD_SEPARATOR}\uffff`];
}

/** The key range holding every shard of every term starting with `prefix`. */
export function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

export function termOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf(SHARD_SEPARATOR));
}

export function withDocs(docs: Int32Array, add: readonly number[], remove: ReadonlySet<number>): Int32Array {
  const kept = remove.size === 0 ? docs : docs.filter((d) => !remove.has(d));
  if (add.length === 0) return kept;
  const next = new Int32Array(kept.length + add.length);
  next.set(kept);
  next.set(add, kept.length);
  return next;
}
