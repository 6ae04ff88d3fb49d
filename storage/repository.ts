import { Dexie } from 'dexie';
import type { Annotation, AnnotationPatch, NewAnnotation } from './annotation';
import type { AnnotationRow, GlossDb, PageRow } from './db';
import { ConflictError, NotFoundError, toStorageError } from './errors';
import { parseSearchQuery } from './tags';
import { latestSaneTime, validateAnnotation, validateNewAnnotation, validatePatch } from './validate';
import { searchWords, tokenize } from './words';

export {
  ConflictError,
  describeStorageError,
  ImportNotFoundError,
  NotFoundError,
  QuotaError,
  StorageError,
  type StorageErrorCode,
  ValidationError,
} from './errors';

/**
 * Field by field, so rows come out with the same keys in the same order whatever wrote them (deep-equal
 * comparisons in import and tests rely on it) and `words` stays inside storage/.
 */
export function fromRow(row: AnnotationRow | Annotation): Annotation {
  return {
    id: row.id,
    pageUrl: row.pageUrl,
    pageTitle: row.pageTitle,
    region: row.region,
    selectors: row.selectors,
    quote: row.quote,
    note: row.note,
    color: row.color,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    anchored: row.anchored,
  };
}

export function toRow(annotation: Annotation): AnnotationRow {
  const a = fromRow(annotation);
  return { ...a, words: searchWords(a.quote, a.note, a.pageTitle, ...a.tags) };
}

/**
 * Every write goes through one rw transaction over all four tables, so an annotation, its page row, the
 * draft it was saved from and the import batch that wrote it change together or not at all; low-level
 * failures come out as our typed errors (QuotaError, ...). Writes serialise on these tables anyway (each
 * touches annotations and pages), so taking all four costs no concurrency.
 */
export async function inWriteTransaction<T>(db: GlossDb, body: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction('rw', [db.annotations, db.pages, db.drafts, db.imports], body);
  } catch (e) {
    throw toStorageError(e);
  }
}

/**
 * Recomputes page rows from the annotations themselves (through the `pageUrl` index) instead of adding and
 * subtracting: a count derived this way cannot drift, whatever sequence of writes, imports or aborted
 * transactions came before. Must run inside a write transaction.
 */
export async function refreshPages(db: GlossDb, urls: Iterable<string>): Promise<void> {
  for (const url of new Set(urls)) {
    const rows = await db.annotations.where('pageUrl').equals(url).toArray();
    if (rows.length === 0) {
      await db.pages.delete(url);
      continue;
    }
    let updatedAt = 0;
    let title = '';
    let titleCreatedAt = -1;
    for (const row of rows) {
      updatedAt = Math.max(updatedAt, row.updatedAt);
      // The title seen most recently wins: headlines get edited after publication.
      if (row.pageTitle && row.createdAt >= titleCreatedAt) {
        title = row.pageTitle;
        titleCreatedAt = row.createdAt;
      }
    }
    const page: PageRow = { url, title, updatedAt, count: rows.length };
    await db.pages.put(page);
  }
}

/**
 * Strictly increasing per annotation, so `expectedUpdatedAt` and import's newer-wins never see a tie;
 * except after a stored time in the future (a clock that ran fast, an import before dates were checked):
 * the edit comes back to the present rather than carry the bogus time on, so it is a real edit time that
 * a later import compares against.
 */
function nextUpdatedAt(previous: number, now: number): number {
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
    await db.annotations.add(toRow(annotation));
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
    await db.annotations.put(toRow(next));
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
    await db.annotations.delete(id);
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
    await db.annotations.add(toRow(valid));
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
 * Annotations whose quote, note, page title or tags contain a word starting with every token of `query`
 * (`clim chan` finds "climate change"), and that carry every tag the query names (`#climate`, `#"local news"`,
 * without regard to case), most recently updated first.
 *
 * One index range per query: a named tag's rows in `*tags`, or else the token whose prefix range in `*words` is
 * smallest; the other terms are checked on those rows in memory. Counting a range is cheap in IndexedDB (no rows
 * are read).
 */
export async function searchAnnotations(db: GlossDb, query: string, limit = 50): Promise<Annotation[]> {
  const { tags, words } = parseSearchQuery(query);
  const tokens = [...new Set(tokenize(words))];
  // A token that prefixes another is implied by it ("clim" by "climate").
  const needed = tokens.filter((t) => !tokens.some((other) => other !== t && other.startsWith(t)));
  if ((needed.length === 0 && tags.length === 0) || limit <= 0) return [];
  const wanted = tags.map((t) => t.toLowerCase());
  const hasTags = (row: AnnotationRow) =>
    wanted.every((t) => row.tags.some((have) => have.toLowerCase() === t));
  return db.transaction('r', db.annotations, async () => {
    let rows: AnnotationRow[];
    let seed: string | null = null;
    if (tags.length > 0) {
      rows = await db.annotations
        .where('tags')
        .equalsIgnoreCase(tags[0] ?? '')
        .distinct()
        .toArray();
    } else {
      const sizes = await Promise.all(needed.map((t) => db.annotations.where('words').startsWith(t).count()));
      let best = 0;
      sizes.forEach((size, i) => {
        if (size < (sizes[best] ?? Number.POSITIVE_INFINITY)) best = i;
      });
      if ((sizes[best] ?? 0) === 0) return [];
      seed = needed[best] ?? '';
      rows = await db.annotations.where('words').startsWith(seed).distinct().toArray();
    }
    return rows
      .filter(
        (row) => hasTags(row) && needed.every((t) => t === seed || row.words.some((w) => w.startsWith(t))),
      )
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit)
      .map(fromRow);
  });
}
