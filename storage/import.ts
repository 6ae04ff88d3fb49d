import type { Annotation } from './annotation';
import type { AnnotationRow, GlossDb, ImportRow } from './db';
import { type BatchKind, ImportNotFoundError, UndoneMeanwhileError } from './errors';
import { fromRow, inWriteTransaction, refreshPages } from './repository';
import { indexTerms } from './search/terms';
import { addAnnotations, putAnnotations, removeAnnotations } from './search/writer';
import { checkDates, latestSaneTime, Problems } from './validate';

export { findItems, ImportFormatError, type ParsedImport, parseImport, parseItems } from './import-format';

/**
 * How many imports can be undone. Each keeps the stored rows it replaced as they were, which for a
 * 100 000-item backup is a second copy of most of the database: older imports drop those copies.
 */
export const UNDOABLE_IMPORTS = 5;

/**
 * Items of a chunk, spread over it, whose ids are looked for before it is written. None stored: the chunk is
 * taken for new annotations and added without a read per item (the few found taken are then compared as
 * usual). One stored: a backup restored over itself, each item read and compared, rather than an add
 * refused per item.
 */
const NEW_FILE_PROBE = 16;

/** `count` of `list`, spread evenly over it (all of it when it is shorter). */
function spread<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list];
  return Array.from({ length: count }, (_, k) => list[Math.floor((k * list.length) / count)] as T);
}

/** Whether none of NEW_FILE_PROBE ids spread over `incoming` is stored: a chunk of new annotations. */
async function looksNew(db: GlossDb, incoming: readonly Annotation[]): Promise<boolean> {
  const probed = await db.annotations.bulkGet(spread(incoming, NEW_FILE_PROBE).map((a) => a.id));
  return probed.every((row) => !row);
}

/**
 * How many imports are remembered at all (older than UNDOABLE_IMPORTS, only their id and dates), so an
 * Undo of one of them says why it cannot be done rather than that it never happened.
 */
export const REMEMBERED_IMPORTS = 50;

export interface ImportResult {
  /** New to this browser. */
  added: number;
  /** Replaced a stored copy that was older. */
  updated: number;
  /** The stored copy was edited more recently; it was kept. */
  skippedOlder: number;
  /** Identical to the stored copy. */
  unchanged: number;
  /** Same edit time as the stored copy but different content; the stored copy was kept. */
  skippedConflicting: number;
  /**
   * Annotations refused here, one line each (`Annotation <id>: modified: … is in the future`): dates that
   * make no sense at this import's clock, or an id given twice. parseImport already reports a file's bad
   * items by position, so after it this stays empty; it guards callers that build annotations themselves.
   */
  rejected: string[];
  /** The batch `undoImport` takes to undo this import; null when the import changed nothing. */
  batchId: string | null;
}

type Outcome = 'added' | 'updated' | 'skippedOlder' | 'unchanged' | 'skippedConflicting';

/**
 * What importing `annotation` does to the copy stored under its id: newer wins. A stored `updatedAt` after
 * `latest` (the clock plus its allowed skew) is no real edit time and never wins.
 */
function outcomeOf(annotation: Annotation, stored: AnnotationRow | undefined, latest: number): Outcome {
  if (!stored) return 'added';
  if (annotation.updatedAt > stored.updatedAt || stored.updatedAt > latest) return 'updated';
  if (annotation.updatedAt < stored.updatedAt) return 'skippedOlder';
  // How the page shows the passage is an observation of one browser, not part of what the reader saved.
  const { pageQuote: _here, ...kept } = fromRow(stored);
  const { pageQuote: _there, ...incoming } = fromRow(annotation);
  return deepEqual(kept, incoming) ? 'unchanged' : 'skippedConflicting';
}

/** The annotations an import may write: each id once, dates that make sense at `now`; the rest named. */
function sane(annotations: readonly Annotation[], now: number, rejected: string[]): Annotation[] {
  const incoming: Annotation[] = [];
  const seen = new Set<string>();
  for (const annotation of annotations) {
    const problems = new Problems();
    if (seen.has(annotation.id)) problems.add('id', 'given more than once in this import; skipped');
    else checkDates(annotation.createdAt, annotation.updatedAt, now, problems);
    if (problems.ok) {
      seen.add(annotation.id);
      incoming.push(annotation);
    } else {
      rejected.push(`Annotation ${annotation.id}: ${problems.list.join('; ')}`);
    }
  }
  return incoming;
}

function emptyResult(): ImportResult {
  return {
    added: 0,
    updated: 0,
    skippedOlder: 0,
    unchanged: 0,
    skippedConflicting: 0,
    rejected: [],
    batchId: null,
  };
}

/**
 * What `importAnnotations` would do with these annotations, writing nothing: the counts of its result, in
 * one read transaction, so the reader sees them before deciding.
 */
export async function previewImport(
  db: GlossDb,
  annotations: readonly Annotation[],
  now: number = Date.now(),
): Promise<ImportResult> {
  const result = emptyResult();
  const incoming = sane(annotations, now, result.rejected);
  const latest = latestSaneTime(now);
  const existing = await db.transaction('r', db.annotations, () =>
    db.annotations.bulkGet(incoming.map((a) => a.id)),
  );
  incoming.forEach((annotation, i) => {
    result[outcomeOf(annotation, existing[i], latest)]++;
  });
  return result;
}

/**
 * Stores annotations from `parseImport` in one transaction: all or nothing. For an id already stored, the
 * copy with the newer `updatedAt` wins, so importing an old backup never silently undoes later edits; the
 * counts tell the reader what happened. A stored `updatedAt` in the future (beyond MAX_CLOCK_SKEW_MS past
 * `now`, written before dates were checked) is not a real edit time and never counts as newer, so a real
 * backup can be restored over it. Page rows are recomputed for every page touched.
 *
 * In the same transaction it records an import batch (ImportRow): the ids it added with the `updatedAt` it
 * wrote, and the rows it replaced as they were before, so `undoImport(db, result.batchId)` can take it back.
 * Only the last UNDOABLE_IMPORTS batches keep what they replaced.
 *
 * A file too large for one transaction comes in chunks (the library sends them, components/transfer.ts):
 * each chunk is its own call and transaction, and passes `intoBatch`, the batchId the first chunk that
 * changed something returned, so the chunks are one import to Undo. A batch undone meanwhile takes no more.
 */
export async function importAnnotations(
  db: GlossDb,
  annotations: readonly Annotation[],
  now: number = Date.now(),
  intoBatch: string | null = null,
): Promise<ImportResult> {
  const result = emptyResult();
  const incoming = sane(annotations, now, result.rejected);
  if (incoming.length === 0) return result;
  const latest = latestSaneTime(now);
  // Worked out before the transaction opens: while the chunk sent before this one is still being written.
  // Nothing is awaited before it opens, so chunks in flight are written in the order they came.
  const terms = incoming.map(indexTerms);
  return inWriteTransaction(db, async () => {
    const [{ batch, earlier }, allNew] = await Promise.all([
      openBatch(db, intoBatch, now, 'import'),
      looksNew(db, incoming),
    ]);
    const touchedPages = new Set<string>();
    // Positions whose stored copy is still to be read and compared: all, unless they were added already.
    let toCompare = incoming.map((_, i) => i);
    if (allNew) {
      toCompare = await addAnnotations(db, incoming, terms);
      const refused = new Set(toCompare);
      incoming.forEach((annotation, i) => {
        if (refused.has(i)) return;
        result.added++;
        batch.added.push({ id: annotation.id, updatedAt: annotation.updatedAt });
        touchedPages.add(annotation.pageUrl);
      });
    }
    const existing = await db.annotations.bulkGet(toCompare.map((i) => (incoming[i] as Annotation).id));
    const writes: Annotation[] = [];
    const writtenOver: (AnnotationRow | undefined)[] = [];
    const writtenTerms: string[][] = [];
    toCompare.forEach((position, i) => {
      const annotation = incoming[position] as Annotation;
      const stored = existing[i];
      const outcome = outcomeOf(annotation, stored, latest);
      result[outcome]++;
      if (outcome === 'added') batch.added.push({ id: annotation.id, updatedAt: annotation.updatedAt });
      else if (outcome === 'updated' && stored) {
        batch.replaced.push({ before: fromRow(stored), updatedAt: annotation.updatedAt });
        touchedPages.add(stored.pageUrl);
      } else return;
      writes.push(annotation);
      writtenOver.push(stored);
      writtenTerms.push(terms[position] as string[]);
      touchedPages.add(annotation.pageUrl);
    });
    if (touchedPages.size === 0) return result;
    await putAnnotations(db, writes, writtenOver, writtenTerms);
    await Promise.all([refreshPages(db, touchedPages), closeBatch(db, batch, earlier, now)]);
    result.batchId = batch.id;
    return result;
  });
}

/**
 * The batch a bulk write records for Undo: a new one, or `intoBatch` when a long write comes in chunks (an
 * import file, a bulk action over many results), so the chunks are undone as one. A batch undone
 * meanwhile takes no more. Must run inside the write transaction.
 */
export async function openBatch(
  db: GlossDb,
  intoBatch: string | null,
  now: number,
  what: BatchKind,
): Promise<{ batch: ImportRow; earlier: boolean }> {
  const earlier = intoBatch === null ? undefined : await db.imports.get(intoBatch);
  if (intoBatch !== null && (!earlier || earlier.prunedAt !== null))
    throw new ImportNotFoundError(intoBatch, earlier?.prunedAt != null, UNDOABLE_IMPORTS);
  if (earlier && earlier.undoneAt !== null) throw new UndoneMeanwhileError(what);
  const batch: ImportRow = earlier ?? {
    id: crypto.randomUUID(),
    at: now,
    added: [],
    replaced: [],
    removed: [],
    undoneAt: null,
    prunedAt: null,
  };
  return { batch, earlier: earlier !== undefined };
}

/** Stores a batch `openBatch` gave, keeping only the last few undoable. */
export async function closeBatch(
  db: GlossDb,
  batch: ImportRow,
  earlier: boolean,
  now: number,
): Promise<void> {
  await db.imports.put(batch);
  if (!earlier) await pruneImports(db, batch.id, now);
}

/**
 * Keeps what the last UNDOABLE_IMPORTS imports replaced, remembers REMEMBERED_IMPORTS in all, and forgets
 * the rest. The batch just written is always kept, whatever the clock says about the others' `at`.
 */
async function pruneImports(db: GlossDb, keepId: string, now: number): Promise<void> {
  const newestFirst = await db.imports.orderBy('at').reverse().primaryKeys();
  const ordered = [keepId, ...newestFirst.filter((id) => id !== keepId)];
  const forget = ordered.slice(REMEMBERED_IMPORTS);
  const prune = ordered.slice(UNDOABLE_IMPORTS, REMEMBERED_IMPORTS);
  if (forget.length > 0) await db.imports.bulkDelete(forget);
  if (prune.length > 0) {
    await db.imports
      .where(':id')
      .anyOf(prune)
      .filter((row) => row.prunedAt === null)
      .modify({ added: [], replaced: [], removed: [], prunedAt: now });
  }
}

export interface UndoImportResult {
  /** Annotations the import had added, now removed. */
  removed: number;
  /** Annotations the import had replaced, now back as they were before it. */
  restored: number;
  /**
   * Annotations the reader changed after the import (edited, or deleted: stored `updatedAt` is not the one
   * the import wrote): left as the reader made them.
   */
  keptEdited: number;
  /** The batch was undone before: this call changed nothing. */
  alreadyUndone: boolean;
  /** Pages whose annotations changed, for the caller to repaint. */
  pageUrls: string[];
}

/**
 * Takes back one import in one transaction: removes the annotations it added and puts back the ones it
 * replaced, except those the reader changed since (counted in `keptEdited`); page rows are recomputed.
 * The batch is marked undone (and its copies dropped), so a second undo changes nothing and says so.
 * @throws ImportNotFoundError (code `not-found`) when no such import is recorded, or it is older than the
 *   last UNDOABLE_IMPORTS and no longer keeps what it replaced (`pruned`).
 */
export async function undoImport(
  db: GlossDb,
  batchId: string,
  now: number = Date.now(),
): Promise<UndoImportResult> {
  return inWriteTransaction(db, async () => {
    const result: UndoImportResult = {
      removed: 0,
      restored: 0,
      keptEdited: 0,
      alreadyUndone: false,
      pageUrls: [],
    };
    const batch = await db.imports.get(batchId);
    if (!batch) throw new ImportNotFoundError(batchId, false, UNDOABLE_IMPORTS);
    if (batch.undoneAt !== null) return { ...result, alreadyUndone: true };
    if (batch.prunedAt !== null) throw new ImportNotFoundError(batchId, true, UNDOABLE_IMPORTS);

    const removedBefore = batch.removed ?? [];
    const addedNow = await db.annotations.bulkGet(batch.added.map((a) => a.id));
    const removedNow = await db.annotations.bulkGet(removedBefore.map((a) => a.id));
    const replacedNow = await db.annotations.bulkGet(batch.replaced.map((r) => r.before.id));
    const removals: string[] = [];
    const restores: Annotation[] = [];
    const pages = new Set<string>();
    batch.added.forEach(({ updatedAt }, i) => {
      const stored = addedNow[i];
      if (!stored) return; // Deleted since: already gone.
      if (stored.updatedAt !== updatedAt) {
        result.keptEdited++;
        return;
      }
      removals.push(stored.id);
      pages.add(stored.pageUrl);
      result.removed++;
    });
    batch.replaced.forEach(({ before, updatedAt }, i) => {
      const stored = replacedNow[i];
      if (!stored || stored.updatedAt !== updatedAt) {
        result.keptEdited++;
        return;
      }
      restores.push(before);
      pages.add(stored.pageUrl);
      pages.add(before.pageUrl);
      result.restored++;
    });
    removedBefore.forEach((before, i) => {
      // One with its id came back meanwhile (an import, an Undo of a delete): that one stays.
      if (removedNow[i]) {
        result.keptEdited++;
        return;
      }
      restores.push(before);
      pages.add(before.pageUrl);
      result.restored++;
    });
    await removeAnnotations(db, removals);
    await putAnnotations(db, restores);
    await refreshPages(db, pages);
    await db.imports.put({ ...batch, added: [], replaced: [], removed: [], undoneAt: now });
    result.pageUrls = [...pages];
    return result;
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
