import { Dexie, type Table } from 'dexie';
import type { Annotation } from '../annotation';
import type { AnnotationRow, GlossDb } from '../db';
import { CLOCK_BLOCK, type ClockRow, POSTING_SHARD, type PostingRow, postingKey, withDocs } from './postings';
import { indexTerms } from './terms';

/**
 * The only way annotations are written or deleted: the rows, their postings and their doc clocks change in
 * the caller's write transaction (storage/repository.ts inWriteTransaction), so the index can never disagree
 * with the rows it describes. Must run inside such a transaction.
 *
 * A row keeps the terms it was indexed under (`words`), so a later write removes exactly those postings even
 * if tokenising has changed in between.
 */

interface PostingEdit {
  shard: number;
  add: number[];
  remove: Set<number>;
}

/** The index's tables: a GlossDb, or an upgrade transaction's `tx.table(...)` handles. */
export interface IndexTables {
  postings: Table<PostingRow, string>;
  clocks: Table<ClockRow, number>;
}

export class IndexBatch {
  readonly postings = new Map<string, PostingEdit>();
  readonly clocks = new Map<number, { doc: number; updatedAt: number; createdAt: number }[]>();

  edit(term: string, doc: number): PostingEdit {
    const key = postingKey(term, doc);
    let edit = this.postings.get(key);
    if (!edit) {
      edit = { shard: Math.floor(doc / POSTING_SHARD), add: [], remove: new Set() };
      this.postings.set(key, edit);
    }
    return edit;
  }

  reindex(doc: number, before: readonly string[], after: readonly string[]): void {
    const old = new Set(before);
    const next = new Set(after);
    for (const term of old) if (!next.has(term)) this.edit(term, doc).remove.add(doc);
    for (const term of next) if (!old.has(term)) this.edit(term, doc).add.push(doc);
  }

  clock(doc: number, updatedAt: number, createdAt: number): void {
    const block = Math.floor(doc / CLOCK_BLOCK);
    const list = this.clocks.get(block) ?? [];
    list.push({ doc, updatedAt, createdAt });
    this.clocks.set(block, list);
  }

  /**
   * Writes the edits. `unwrittenFrom` is the first doc number this transaction gave: numbers are given in
   * order and never reused, so no postings row can exist yet for a shard that starts at or after it, and
   * those rows are put without being read (an import chunk's new docs fill such shards).
   */
  async save(db: IndexTables, unwrittenFrom = Number.POSITIVE_INFINITY): Promise<void> {
    const firstUnwritten = Math.ceil(unwrittenFrom / POSTING_SHARD);
    const edits = [...this.postings];
    const read = edits.filter(([, edit]) => edit.shard < firstUnwritten).map(([key]) => key);
    const found = await db.postings.bulkGet(read);
    const stored = new Map(read.map((key, i) => [key, found[i]]));
    const puts: PostingRow[] = [];
    const deletes: string[] = [];
    for (const [key, edit] of edits) {
      const docs = withDocs(stored.get(key)?.docs ?? new Int32Array(0), edit.add, edit.remove);
      if (docs.length === 0) deletes.push(key);
      else puts.push({ key, docs });
    }
    if (puts.length > 0) await db.postings.bulkPut(puts);
    if (deletes.length > 0) await db.postings.bulkDelete(deletes);

    const blocks = [...this.clocks.keys()];
    const rows = await db.clocks.bulkGet(blocks);
    const clockPuts: ClockRow[] = blocks.map((block, i) => {
      const row = rows[i] ?? {
        block,
        updatedAt: new Float64Array(CLOCK_BLOCK),
        createdAt: new Float64Array(CLOCK_BLOCK),
      };
      for (const { doc, updatedAt, createdAt } of this.clocks.get(block) ?? []) {
        row.updatedAt[doc % CLOCK_BLOCK] = updatedAt;
        row.createdAt[doc % CLOCK_BLOCK] = createdAt;
      }
      return row;
    });
    await db.clocks.bulkPut(clockPuts);
  }
}

/**
 * New docs from one write at or above this many start a shard of their own: their postings go to rows no
 * one has written, so nothing is read or rewritten for them, and the numbers skipped (less than a shard,
 * once per such write) are far from running out.
 */
const FRESH_SHARD_DOCS = POSTING_SHARD / 2;

/** Reserves `count` new doc numbers; returns the first. */
async function takeDocNumbers(db: GlossDb, count: number): Promise<number> {
  const meta = await db.searchMeta.get('nextDoc');
  const next = meta?.value ?? 0;
  const first = count >= FRESH_SHARD_DOCS ? Math.ceil(next / POSTING_SHARD) * POSTING_SHARD : next;
  await db.searchMeta.put({ name: 'nextDoc', value: first + count });
  return first;
}

/** The fields of Annotation only, in one key order, plus what storage keeps beside them. */
export function rowOf(a: Annotation, doc: number, words: string[]): AnnotationRow {
  return {
    id: a.id,
    pageUrl: a.pageUrl,
    pageTitle: a.pageTitle,
    region: a.region,
    selectors: a.selectors,
    quote: a.quote,
    note: a.note,
    color: a.color,
    tags: a.tags,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    anchored: a.anchored,
    words,
    doc,
  };
}

/**
 * Stores `annotations` (new or replacing rows with the same id) and indexes them.
 * @param stored the rows stored now under the same ids, in the same order, when the caller has just read
 *   them in this transaction (an import does): not reading them twice halves an import's reads.
 * @param terms each annotation's `indexTerms`, in the same order, when the caller worked them out before
 *   the transaction (an import chunk does, while the chunk before it is written).
 */
export async function putAnnotations(
  db: GlossDb,
  annotations: readonly Annotation[],
  stored?: readonly (AnnotationRow | undefined)[],
  terms?: readonly string[][],
): Promise<void> {
  if (annotations.length === 0) return;
  const existing = stored ?? (await db.annotations.bulkGet(annotations.map((a) => a.id)));
  const fresh = existing.filter((row) => !row).length;
  const firstNew = fresh > 0 ? await takeDocNumbers(db, fresh) : Number.POSITIVE_INFINITY;
  let nextDoc = firstNew;
  const batch = new IndexBatch();
  const rows = annotations.map((annotation, i) => {
    const before = existing[i];
    const doc = before?.doc ?? nextDoc++;
    const words = terms?.[i] ?? indexTerms(annotation);
    batch.reindex(doc, before?.words ?? [], words);
    batch.clock(doc, annotation.updatedAt, annotation.createdAt);
    return rowOf(annotation, doc, words);
  });
  await db.annotations.bulkPut(rows);
  await batch.save(db, firstNew);
}

/**
 * Adds those of `annotations` whose id nothing is stored under, and indexes them; returns the positions of
 * the others, left as they were. Reads no row first: a chunk of new annotations is written without a read
 * per item. The doc numbers taken for the refused ones are never given (numbers are never reused anyway).
 * @param terms as putAnnotations takes them.
 */
export async function addAnnotations(
  db: GlossDb,
  annotations: readonly Annotation[],
  terms?: readonly string[][],
): Promise<number[]> {
  if (annotations.length === 0) return [];
  const first = await takeDocNumbers(db, annotations.length);
  const rows = annotations.map((a, i) => rowOf(a, first + i, terms?.[i] ?? indexTerms(a)));
  // Indexed while the rows are added, as if every id were free; the refused ones are taken out after.
  const batch = new IndexBatch();
  for (const row of rows) {
    batch.reindex(row.doc, [], row.words);
    batch.clock(row.doc, row.updatedAt, row.createdAt);
  }
  const [taken] = await Promise.all([
    db.annotations.bulkAdd(rows).then(() => [], takenPositions),
    batch.save(db, first),
  ]);
  if (taken.length > 0) {
    const unindex = new IndexBatch();
    for (const i of taken) {
      const row = rows[i] as AnnotationRow;
      unindex.reindex(row.doc, row.words, []);
      unindex.clock(row.doc, 0, 0);
    }
    await unindex.save(db);
  }
  return taken;
}

/** The positions a bulkAdd refused because their id is taken; any other failure is thrown. */
function takenPositions(e: unknown): number[] {
  if (!(e instanceof Dexie.BulkError)) throw e;
  return Object.entries(e.failuresByPos).map(([position, failure]) => {
    if (failure.name !== 'ConstraintError') throw failure;
    return Number(position);
  });
}

/** Deletes the rows with these ids (absent ones are skipped) and their postings; returns the rows deleted. */
export async function removeAnnotations(db: GlossDb, ids: readonly string[]): Promise<AnnotationRow[]> {
  const existing = (await db.annotations.bulkGet([...ids])).filter((row): row is AnnotationRow => !!row);
  if (existing.length === 0) return [];
  const batch = new IndexBatch();
  for (const row of existing) {
    batch.reindex(row.doc, row.words, []);
    batch.clock(row.doc, 0, 0);
  }
  await db.annotations.bulkDelete(existing.map((row) => row.id));
  await batch.save(db);
  return existing;
}
