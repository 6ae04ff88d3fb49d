import type { Annotation } from './annotation';
import type { GlossDb } from './db';
import { closeBatch, openBatch } from './import';
import { fromRow, inWriteTransaction, nextUpdatedAt, refreshPages } from './repository';
import { retagged, sameTag, validTag } from './retag';
import { putAnnotations, removeAnnotations } from './search/writer';

/**
 * One action over many highlights the reader selected in the library: delete them, or add or remove a tag.
 * Each call is one transaction and goes into a batch Undo takes back as a whole (the deleted put back as
 * they were, the retagged as before unless edited since); a selection of 100,000 comes in chunks into one
 * batch, as an import does.
 */

export type BulkAction = { kind: 'delete' } | { kind: 'tag'; tag: string } | { kind: 'untag'; tag: string };

export interface BulkResult {
  /** Highlights the action changed (already gone, or already tagged, are not counted). */
  changed: number;
  batchId: string | null;
  pageUrls: string[];
}

function withTag(tags: readonly string[], action: BulkAction): string[] {
  if (action.kind === 'untag') return retagged(tags, action.tag, null);
  if (action.kind === 'tag' && !tags.some((t) => sameTag(t, action.tag))) return [...tags, action.tag];
  return [...tags];
}

export async function bulkEdit(
  db: GlossDb,
  ids: readonly string[],
  action: BulkAction,
  now: number = Date.now(),
  intoBatch: string | null = null,
): Promise<BulkResult> {
  const act: BulkAction = action.kind === 'delete' ? action : { ...action, tag: validTag(action.tag) };
  return inWriteTransaction(db, async () => {
    const { batch, earlier } = await openBatch(db, intoBatch, now, 'change');
    const pages = new Set<string>();
    let changed = 0;
    if (act.kind === 'delete') {
      const removed = (await removeAnnotations(db, ids)).map(fromRow);
      batch.removed = [...(batch.removed ?? []), ...removed];
      for (const a of removed) pages.add(a.pageUrl);
      changed = removed.length;
    } else {
      const rows = (await db.annotations.bulkGet([...ids])).filter((r) => r !== undefined);
      const writes: Annotation[] = [];
      const before = rows.filter((row) => {
        const tags = withTag(row.tags, act);
        if (tags.length === row.tags.length && tags.every((t, i) => t === row.tags[i])) return false;
        const updatedAt = nextUpdatedAt(row.updatedAt, now);
        writes.push({ ...fromRow(row), tags, updatedAt });
        batch.replaced.push({ before: fromRow(row), updatedAt });
        pages.add(row.pageUrl);
        return true;
      });
      if (writes.length > 0) await putAnnotations(db, writes, before);
      changed = writes.length;
    }
    if (changed === 0) return { changed, batchId: intoBatch, pageUrls: [] };
    await refreshPages(db, pages);
    await closeBatch(db, batch, earlier, now);
    return { changed, batchId: batch.id, pageUrls: [...pages] };
  });
}
