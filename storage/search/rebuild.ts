import type { Table, Transaction } from 'dexie';
import type { AnnotationRow } from '../db';
import { fromRow } from '../row';
import type { ClockRow, PostingRow, SearchMetaRow } from './postings';
import { indexTerms } from './terms';
import { IndexBatch } from './writer';

/**
 * Builds the search index from scratch over the annotations already stored: the schema upgrade that
 * introduced it (storage/db.ts, version 3) runs this inside its version-change transaction. Gives every row a
 * doc number (in the order rows are stored) and its index terms, replacing the old tokens-only `words`.
 */
export async function rebuildSearchIndex(tx: Transaction): Promise<void> {
  const annotations = tx.table('annotations') as Table<AnnotationRow, string>;
  const postings = tx.table('postings') as Table<PostingRow, string>;
  const clocks = tx.table('clocks') as Table<ClockRow, number>;
  const meta = tx.table('searchMeta') as Table<SearchMetaRow, string>;
  await postings.clear();
  await clocks.clear();
  const batch = new IndexBatch();
  let doc = 0;
  await annotations.toCollection().modify((row: AnnotationRow) => {
    const words = indexTerms(fromRow(row));
    batch.reindex(doc, [], words);
    batch.clock(doc, row.updatedAt, row.createdAt);
    row.words = words;
    row.doc = doc;
    doc++;
  });
  await batch.save({ postings, clocks });
  await meta.put({ name: 'nextDoc', value: doc });
}
