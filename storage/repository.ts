import { Dexie } from 'dexie';
import { type Annotation, type AnnotationPatch, isPageNote, type NewAnnotation } from './annotation';
import type { GlossDb, PageRow } from './db';
import { ConflictError, NotFoundError, toStorageError, ValidationError } from './errors';
import { fromRow } from './row';

export { fromRow } from './row';

import { searchLibrary } from './search/query';
import { putAnnotations, removeAnnotations } from './search/writer';
import { latestSaneTime, validateAnnotation, validateNewAnnotation, validatePatch } from './validate';

export {
  ConflictError,
  ImportNotFoundError,
  NotFoundError,
  QuotaError,
  StorageError,
  type StorageErrorCode,
  ValidationError,
} from './errors';

/**
 * Every write goes through one rw transaction over all the tables, so an annotation, its search index, its
 * page row, the draft it was saved from and the import batch that wrote it change together or not at all;
 * low-level failures come out as our typed errors (QuotaError, ...). Writes serialise on these tables anyway
 * (each touches annotations and pages), so taking them all costs no concurrency.
 */
export async function inWriteTransaction<T>(db: GlossDb, body: () => Promise<T>): Promise<T> {
  // Before: a search that starts during the write does not cache under the old generation. After: one that
  // read the index while the write was in flight does not keep what it cached.
  db.indexGeneration++;
  try {
    return await db.transaction('rw', db.writeTables(), body);
  } catch (e) {
    throw toStorageError(e);
  } finally {
    db.indexGeneration++;
  }
}

/**
 * Recomputes page rows from the annotations themselves instead of adding and subtracting: a count derived
 * this way cannot drift, whatever sequence of writes, imports or aborted transactions came before. Three
 * index reads per page (count, newest change, newest titled row), never the page's whole list: an import
 * chunk touches thousands of pages. Must run inside a write transaction.
 *
 * Every page's reads are asked for at once: the transaction answers them in one stream, where a page at a
 * time waited a round trip to the database for each of them (half a second for an import chunk's pages).
 */
export async function refreshPages(db: GlossDb, urls: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(urls)].map((url) => refreshPage(db, url)));
}

async function refreshPage(db: GlossDb, url: string): Promise<void> {
  const rows = (index: string) =>
    db.annotations.where(index).between([url, Dexie.minKey], [url, Dexie.maxKey], true, true);
  const [count, newest, titled] = await Promise.all([
    rows('[pageUrl+createdAt]').count(),
    rows('[pageUrl+updatedAt]').last(),
    // The title seen most recently wins: headlines get edited after publication.
    rows('[pageUrl+createdAt]')
      .reverse()
      .filter((row) => row.pageTitle !== '')
      .first(),
  ]);
  if (count === 0) {
    await Promise.all([db.pages.delete(url), db.headlines.delete(url)]);
    return;
  }
  const page: PageRow = { url, title: titled?.pageTitle ?? '', updatedAt: newest?.updatedAt ?? 0, count };
  await db.pages.put(page);
}

/**
 * Strictly increasing per annotation, so `expectedUpdatedAt` and import's newer-wins never see a tie;
 * except after a stored time in the future (a clock that ran fast, an import before dates were checked):
 * the edit comes back to the present rather than carry the bogus time on, so it is a real edit time that
 * a later import compares against.
 */
export function nextUpdatedAt(previous: number, now: number): number {
  const next = Math.max(now, previous + 1);
  return next > latestSaneTime(now) ? now : next;
}

export async function createAnnotation(db: GlossDb, input: NewAnnotation): Promise<Annotation> {
  const valid = validateNewAnnotation(input);
  const now = Date.now();
  const annotation = fromRow({
    ...valid,
    id: crypto.randomUUID(),
    createdAt: now,
    updatedAt: now,
    anchored: true,
  });
  await inWriteTransaction(db, async () => {
    await putAnnotations(db, [annotation]);
    await refreshPages(db, [annotation.pageUrl]);
  });
  return annotation;
}

/**
 * Applies a reader's change. `updatedAt` moves only when content (note, colour, tags) changes: re-anchoring
 * on every page load must not make old annotations look freshly edited, nor win import conflicts.
 * @param expectedUpdatedAt when given, the edit is refused with ConflictError if the annotation changed since.
 * @throws NotFoundError, ConflictError, ValidationError, QuotaError
 */
export async function updateAnnotation(
  db: GlossDb,
  id: string,
  patch: AnnotationPatch,
  expectedUpdatedAt?: number,
): Promise<Annotation> {
  const changes = validatePatch(patch);
  return inWriteTransaction(db, async () => {
    const row = await db.annotations.get(id);
    if (!row) throw new NotFoundError(id);
    const current = fromRow(row);
    if (expectedUpdatedAt !== undefined && current.updatedAt !== expectedUpdatedAt) {
      throw new ConflictError(id, expectedUpdatedAt, current.updatedAt);
    }
    const next: Annotation = { ...current, ...changes };
    if (isPageNote(next) && next.note.trim() === '')
      throw new ValidationError('A page note needs some text: delete it instead.');
    const contentChanged =
      next.note !== current.note ||
      next.color !== current.color ||
      next.tags.length !== current.tags.length ||
      next.tags.some((t, i) => t !== current.tags[i]);
    if (!contentChanged && next.anchored === current.anchored) return current;
    if (contentChanged) {
      next.updatedAt = nextUpdatedAt(current.updatedAt, Date.now());
      // Created before (or at) modified, also when the edit brought a future time back to the present.
      next.createdAt = Math.min(next.createdAt, next.updatedAt);
    }
    await putAnnotations(db, [next]);
    if (contentChanged) await refreshPages(db, [next.pageUrl]);
    return next;
  });
}

/**
 * Deletes an annotation and returns it (callers need its page to clear the highlight there).
 * @throws NotFoundError when it is already gone (e.g. deleted from the popup and the page at once).
 */
export async function deleteAnnotation(db: GlossDb, id: string): Promise<Annotation> {
  return inWriteTransaction(db, async () => {
    const row = await db.annotations.get(id);
    if (!row) throw new NotFoundError(id);
    await removeAnnotations(db, [id]);
    await refreshPages(db, [row.pageUrl]);
    return fromRow(row);
  });
}

/** Records whether annotations were found on their page; returns the pages whose rows changed. */
export async function setAnchored(db: GlossDb, ids: readonly string[], anchored: boolean): Promise<string[]> {
  if (ids.length === 0) return [];
  return inWriteTransaction(db, async () => {
    const rows = await db.annotations
      .where('id')
      .anyOf([...ids])
      .filter((row) => row.anchored !== anchored)
      .toArray();
    if (rows.length === 0) return [];
    await db.annotations.bulkUpdate(rows.map((row) => ({ key: row.id, changes: { anchored } })));
    return [...new Set(rows.map((row) => row.pageUrl))];
  });
}

/** Texts each id's passage shows on the page, where they differ from the saved quote (null: they match). */
export interface PageQuoteChange {
  id: string;
  pageQuote: string | null;
}

/**
 * Records how the page shows each passage now: an observation of the page, not an edit, so `updatedAt`
 * stays. Only ids on `pageUrl` change (a frame reports for its own story). Returns whether any row changed.
 */
export async function setPageQuotes(
  db: GlossDb,
  pageUrl: string,
  changes: readonly PageQuoteChange[],
): Promise<boolean> {
  if (changes.length === 0) return false;
  return inWriteTransaction(db, async () => {
    const rows = await db.annotations.bulkGet(changes.map((c) => c.id));
    const updates = changes.flatMap((c, i) => {
      const row = rows[i];
      if (!row || row.pageUrl !== pageUrl || (row.pageQuote ?? null) === c.pageQuote) return [];
      // Same text as saved after all (an edit taken back): the field goes.
      const pageQuote = c.pageQuote === row.quote ? undefined : (c.pageQuote ?? undefined);
      return [{ key: row.id, changes: { pageQuote } }];
    });
    if (updates.length === 0) return false;
    await db.annotations.bulkUpdate(updates);
    return true;
  });
}

/**
 * Puts back an annotation exactly as it was (a deleted highlight's Undo), in one transaction with its page
 * row. Not an import: it records no import batch and never replaces a stored row.
 * @returns true if put back, false if a row with that id exists already (put back before, or re-imported).
 * @throws ValidationError when a field is invalid or its dates do not make sense at clock `now`.
 */
export async function restoreAnnotation(
  db: GlossDb,
  annotation: Annotation,
  now: number = Date.now(),
): Promise<boolean> {
  const valid = validateAnnotation(annotation, now);
  return inWriteTransaction(db, async () => {
    if (await db.annotations.get(valid.id)) return false;
    await putAnnotations(db, [valid]);
    await refreshPages(db, [valid.pageUrl]);
    return true;
  });
}

export async function getAnnotation(db: GlossDb, id: string): Promise<Annotation | undefined> {
  const row = await db.annotations.get(id);
  return row && fromRow(row);
}

/** A page's annotations, oldest first, straight from the `[pageUrl+createdAt]` index. */
export async function listPageAnnotations(db: GlossDb, pageUrl: string): Promise<Annotation[]> {
  const rows = await db.annotations
    .where('[pageUrl+createdAt]')
    .between([pageUrl, Dexie.minKey], [pageUrl, Dexie.maxKey], true, true)
    .toArray();
  return rows.map(fromRow);
}

/**
 * Deletes everything the reader saved, in one transaction: annotations and their index, page rows, drafts,
 * import records (so no Undo brings anything back), headline histories. Settings stay. Returns how many
 * annotations went, and the stories they were on.
 */
export async function deleteEverything(db: GlossDb): Promise<{ deleted: number; pageUrls: string[] }> {
  return inWriteTransaction(db, async () => {
    const deleted = await db.annotations.count();
    const pageUrls = await db.pages.toCollection().primaryKeys();
    // Doc numbers are never given twice (search/postings.ts): the counter stays, all it numbered goes.
    await Promise.all(
      [db.annotations, db.pages, db.drafts, db.imports, db.postings, db.clocks, db.headlines].map((t) =>
        t.clear(),
      ),
    );
    return { deleted, pageUrls };
  });
}

/** How many highlights a story has: its annotations but its page notes, which mark no passage. */
export async function countHighlights(db: GlossDb, pageUrl: string): Promise<number> {
  return db.annotations
    .where('[pageUrl+createdAt]')
    .between([pageUrl, Dexie.minKey], [pageUrl, Dexie.maxKey], true, true)
    .filter((row) => !isPageNote(row))
    .count();
}

/** Pages with annotations, most recently updated first. */
export async function listPages(db: GlossDb): Promise<PageRow[]> {
  return db.pages.orderBy('updatedAt').reverse().toArray();
}

/** Every annotation grouped by page, each page oldest first (for export). */
export async function listAllAnnotations(db: GlossDb): Promise<Annotation[]> {
  const rows = await db.annotations.orderBy('[pageUrl+createdAt]').toArray();
  return rows.map(fromRow);
}

/**
 * Annotations whose quote, note, page title, tags or commenter contain a word starting with every token of
 * `query` (`clim chan` finds "climate change"), and that carry every tag the query names (`#climate`,
 * `#"local news"`, without regard to case), most recently updated first: the popup's search, served by the
 * library's index (storage/search/query.ts) with only the matches of all terms.
 */
export async function searchAnnotations(db: GlossDb, query: string, limit = 50): Promise<Annotation[]> {
  if (limit <= 0) return [];
  const page = await searchLibrary(db, { text: query }, 0, limit, { allTermsOnly: true });
  return page.items;
}
