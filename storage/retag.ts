import type { Annotation } from './annotation';
import type { GlossDb } from './db';
import { ValidationError } from './errors';
import { closeBatch, openBatch } from './import';
import { fromRow, inWriteTransaction, nextUpdatedAt, refreshPages } from './repository';
import { exactTermRange } from './search/postings';
import { facetTerm } from './search/terms';
import { putAnnotations } from './search/writer';
import { checkTags, Problems } from './validate';

/**
 * Renaming, merging and deleting a tag across the library, as one write that Undo takes back: the tag's
 * annotations come from its facet postings (no scan), each is rewritten with the tag replaced (or dropped),
 * and the versions it replaced are kept as a batch of the same kind an import records, so `undoImport`
 * restores them, except those edited since.
 */

export interface RetagResult {
  /** Annotations whose tags changed. */
  changed: number;
  /** The batch Undo takes back; null when nothing changed. */
  batchId: string | null;
  pageUrls: string[];
}

/** Tags compare as the library's tag filter does: case and surrounding space aside. */
export const sameTag = (a: string, b: string): boolean => facetTerm('tag', a) === facetTerm('tag', b);

/** `tags` with `from` replaced by `to` (or dropped, `to` null), each tag once. */
export function retagged(tags: readonly string[], from: string, to: string | null): string[] {
  const next: string[] = [];
  for (const tag of tags) {
    const t = sameTag(tag, from) ? to : tag;
    if (t !== null && !next.some((kept) => sameTag(kept, t))) next.push(t);
  }
  return next;
}

/**
 * A tag as a reader typed it, trimmed.
 * @throws ValidationError when it is empty or too long.
 */
export function validTag(tag: string): string {
  const problems = new Problems();
  const [checked] = checkTags([tag.trim()], 'tag', problems) ?? [];
  if (checked === undefined) throw new ValidationError(`Not a tag: ${problems.list.join('; ')}`);
  return checked;
}

/**
 * Replaces tag `from` with `to` on every annotation carrying it (a rename, or a merge when `to` is in use
 * already), or removes it when `to` is null.
 * @throws ValidationError when `to` is not a valid tag.
 */
export async function retag(
  db: GlossDb,
  from: string,
  to: string | null,
  now: number = Date.now(),
): Promise<RetagResult> {
  const target = to === null ? null : validTag(to);
  return inWriteTransaction(db, async () => {
    const [lower, upper] = exactTermRange(facetTerm('tag', from));
    const rows = await db.postings.where(':id').between(lower, upper, true, true).toArray();
    const docs = [...new Set(rows.flatMap((r) => [...r.docs]))];
    const stored = await db.annotations.where('doc').anyOf(docs).toArray();
    const writes: Annotation[] = [];
    const { batch, earlier } = await openBatch(db, null, now, 'tagEdit');
    const before = stored.filter((row) => {
      const tags = retagged(row.tags, from, target);
      if (tags.length === row.tags.length && tags.every((t, i) => t === row.tags[i])) return false;
      const updatedAt = nextUpdatedAt(row.updatedAt, now);
      writes.push({ ...fromRow(row), tags, updatedAt });
      batch.replaced.push({ before: fromRow(row), updatedAt });
      return true;
    });
    const pageUrls = [...new Set(writes.map((a) => a.pageUrl))];
    if (writes.length === 0) return { changed: 0, batchId: null, pageUrls };
    await putAnnotations(db, writes, before);
    await refreshPages(db, pageUrls);
    await closeBatch(db, batch, earlier, now);
    return { changed: writes.length, batchId: batch.id, pageUrls };
  });
}
