import { v5 as uuidV5 } from 'uuid';
import { type Annotation, DEFAULT_COLOR } from './annotation';
import type { GlossDb } from './db';
import { ValidationError } from './errors';
import { fromRow, inWriteTransaction, refreshPages } from './repository';
import { putAnnotations } from './search/writer';
import { checkPageUrl, checkString, checkTags, LIMITS, Problems } from './validate';

/**
 * A page note: the reader's note on a story as a whole, stored as an annotation whose region is `story`
 * (no passage), so search, tags, bulk edits, Undo, export and import treat it as they treat any note.
 * Edits and deletes go through the annotation's own paths (updateAnnotation, deleteAnnotation).
 */

/** Names page-note ids: one story, one id, in every browser, so two of them merge on import. */
const PAGE_NOTE_NAMESPACE = '2b7f9c64-0d5e-4a31-b8e2-7c1f4a6d9e03';

export function pageNoteId(pageUrl: string): string {
  return uuidV5(pageUrl, PAGE_NOTE_NAMESPACE);
}

export interface NewPageNote {
  pageUrl: string;
  pageTitle: string;
  note: string;
  tags: string[];
}

/** Written, or not: the story had a page note already (written elsewhere meanwhile), which is given back. */
export type PageNoteCreation =
  | { created: true; annotation: Annotation }
  | { created: false; stored: Annotation };

function validNewPageNote(input: NewPageNote): NewPageNote {
  const p = new Problems();
  const pageUrl = checkPageUrl(input.pageUrl, 'pageUrl', p);
  const pageTitle = checkString(input.pageTitle, 'pageTitle', LIMITS.pageTitle, p);
  const note = checkString(input.note.trim(), 'note', LIMITS.note, p, { nonEmpty: true });
  const tags = checkTags(input.tags, 'tags', p);
  if (!p.ok || pageUrl === undefined || pageTitle === undefined || note === undefined || tags === undefined)
    throw new ValidationError(`Invalid page note: ${p.list.join('; ')}`);
  return { pageUrl, pageTitle, note, tags };
}

/** Writes the story's page note, unless it has one: then that one comes back and nothing is written. */
export async function createPageNote(
  db: GlossDb,
  input: NewPageNote,
  now: number = Date.now(),
): Promise<PageNoteCreation> {
  const valid = validNewPageNote(input);
  const id = pageNoteId(valid.pageUrl);
  return inWriteTransaction(db, async () => {
    const stored = await db.annotations.get(id);
    if (stored) return { created: false, stored: fromRow(stored) };
    const annotation = fromRow({
      id,
      pageUrl: valid.pageUrl,
      pageTitle: valid.pageTitle,
      region: { kind: 'story' },
      selectors: [],
      quote: '',
      note: valid.note,
      color: DEFAULT_COLOR,
      tags: valid.tags,
      createdAt: now,
      updatedAt: now,
      anchored: true,
    });
    await putAnnotations(db, [annotation]);
    await refreshPages(db, [annotation.pageUrl]);
    return { created: true, annotation };
  });
}
