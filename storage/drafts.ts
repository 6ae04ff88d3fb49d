import type { Annotation, AnnotationRegion, HighlightColor } from './annotation';
import type { DraftRow, GlossDb } from './db';
import { NotFoundError, StorageError, toStorageError } from './errors';
import { createAnnotation, fromRow, updateAnnotation } from './repository';

/**
 * What a reader types in the note editor, kept in the extension's database as it is typed: a stopped
 * service worker, a page that navigates or an editor frame that goes away loses none of it. A draft ends
 * when the reader saves it or cancels it; a `new` draft with nothing typed expires after UNTOUCHED_TTL_MS.
 */

/** A highlight opened in the editor and left without a word typed: nothing to keep for long. */
export const UNTOUCHED_TTL_MS = 60 * 60 * 1000;
/** Typed drafts wait this long for the reader to come back to the story. */
export const TYPED_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** More open drafts than any reader keeps: past it the oldest untouched ones go, then new ones are refused. */
export const MAX_DRAFTS = 500;

export class TooManyDraftsError extends StorageError {
  override name = 'TooManyDraftsError';
  constructor() {
    super(`Gloss keeps at most ${MAX_DRAFTS} unsaved notes. Save or cancel some of them first.`);
  }
}

const editKey = (annotationId: string) => `edit:${annotationId}`;

function touched(d: DraftRow): boolean {
  return d.kind === 'edit' || d.note !== '' || d.tags.length > 0;
}

async function inDraftTransaction<T>(db: GlossDb, body: () => Promise<T>): Promise<T> {
  try {
    // All the write tables, like the repository's writes, which run nested inside this one.
    return await db.transaction('rw', db.writeTables(), body);
  } catch (e) {
    throw toStorageError(e);
  }
}

/** Drops expired drafts and makes room for one more; throws TooManyDraftsError when there is none. */
async function makeRoom(db: GlossDb, now: number): Promise<void> {
  const all = await db.drafts.orderBy('updatedAt').toArray();
  const expired = all.filter(
    (d) => d.committedId !== null || now - d.updatedAt > (touched(d) ? TYPED_TTL_MS : UNTOUCHED_TTL_MS),
  );
  await db.drafts.bulkDelete(expired.map((d) => d.id));
  const left = all.filter((d) => !expired.includes(d));
  const over = left.length + 1 - MAX_DRAFTS;
  if (over <= 0) return;
  const untouched = left.filter((d) => !touched(d)).slice(0, over);
  if (untouched.length < over) throw new TooManyDraftsError();
  await db.drafts.bulkDelete(untouched.map((d) => d.id));
}

export interface NewDraft {
  pageUrl: string;
  pageTitle: string;
  region: AnnotationRegion;
  selectors: DraftRow['selectors'];
  quote: string;
  color: HighlightColor;
}

export async function createDraft(db: GlossDb, input: NewDraft, now = Date.now()): Promise<DraftRow> {
  const row: DraftRow = {
    ...input,
    id: crypto.randomUUID(),
    kind: 'new',
    annotationId: null,
    baseUpdatedAt: null,
    note: '',
    tags: [],
    createdAt: now,
    updatedAt: now,
    committedId: null,
  };
  await inDraftTransaction(db, async () => {
    await makeRoom(db, now);
    await db.drafts.add(row);
  });
  return row;
}

/**
 * The reader's unsaved edit of a stored annotation: the one kept from before when there is one (the reader
 * comes back to finish it), else a fresh copy of what is stored.
 */
export async function openEditDraft(
  db: GlossDb,
  annotation: Annotation,
  now = Date.now(),
): Promise<DraftRow> {
  return inDraftTransaction(db, async () => {
    const kept = await db.drafts.get(editKey(annotation.id));
    if (kept) return kept;
    await makeRoom(db, now);
    const row: DraftRow = {
      id: editKey(annotation.id),
      kind: 'edit',
      pageUrl: annotation.pageUrl,
      pageTitle: annotation.pageTitle,
      annotationId: annotation.id,
      baseUpdatedAt: annotation.updatedAt,
      region: annotation.region,
      selectors: annotation.selectors,
      quote: annotation.quote,
      note: annotation.note,
      color: annotation.color,
      tags: annotation.tags,
      createdAt: now,
      updatedAt: now,
      committedId: null,
    };
    await db.drafts.add(row);
    return row;
  });
}

export async function getDraft(db: GlossDb, id: string): Promise<DraftRow | undefined> {
  return db.drafts.get(id);
}

/** Keeps what the reader has typed so far. */
export async function keepDraft(
  db: GlossDb,
  id: string,
  fields: { note: string; color: HighlightColor; tags: string[] },
  now = Date.now(),
): Promise<void> {
  const changed = await db.drafts.update(id, { ...fields, updatedAt: now });
  if (changed === 0 && !(await db.drafts.get(id))) throw new NotFoundError(id);
}

export async function deleteDraft(db: GlossDb, id: string): Promise<void> {
  await db.drafts.delete(id);
}

/** New drafts of a page with something typed in them, still waiting for the reader, oldest first. */
export async function pageDrafts(db: GlossDb, pageUrl: string): Promise<DraftRow[]> {
  const rows = await db.drafts.where('pageUrl').equals(pageUrl).toArray();
  return rows
    .filter((d) => d.kind === 'new' && d.committedId === null && touched(d))
    .sort((a, b) => a.createdAt - b.createdAt);
}

export type CommitResult =
  | { status: 'saved'; annotation: Annotation }
  | { status: 'conflict'; stored: Annotation };

/**
 * Saves a draft, in one transaction with the annotation it writes. A `new` draft saved twice (a second
 * Ctrl+Enter while the first save is in flight, a retry after the worker stopped) stores one highlight: the
 * second save finds the draft committed and returns the same annotation. An `edit` draft saves only over
 * the version it started from (or `overwrite`, the one the reader chose to replace after a conflict).
 */
export async function commitDraft(
  db: GlossDb,
  id: string,
  fields: { note: string; color: HighlightColor; tags: string[] },
  overwrite?: number,
): Promise<CommitResult> {
  return inDraftTransaction(db, async () => {
    const d = await db.drafts.get(id);
    if (!d) throw new NotFoundError(id);
    if (d.kind === 'new') {
      if (d.committedId !== null) {
        const saved = await db.annotations.get(d.committedId);
        if (saved) return { status: 'saved', annotation: fromRow(saved) };
      }
      const annotation = await createAnnotation(db, {
        pageUrl: d.pageUrl,
        pageTitle: d.pageTitle,
        region: d.region,
        selectors: d.selectors,
        quote: d.quote,
        ...fields,
      });
      await db.drafts.update(id, { ...fields, committedId: annotation.id });
      return { status: 'saved', annotation };
    }
    const annotationId = d.annotationId ?? '';
    const stored = await db.annotations.get(annotationId);
    if (!stored) throw new NotFoundError(annotationId);
    // Checked here rather than caught from updateAnnotation: its ConflictError would abort this transaction.
    if (stored.updatedAt !== (overwrite ?? d.baseUpdatedAt))
      return { status: 'conflict', stored: fromRow(stored) };
    const annotation = await updateAnnotation(db, annotationId, fields, stored.updatedAt);
    await db.drafts.delete(id);
    return { status: 'saved', annotation };
  });
}
