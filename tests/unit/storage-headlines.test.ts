import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { HEADLINES_KEPT, headlineHistory, noteHeadline } from '../../storage/headlines';
import { importAnnotations } from '../../storage/import';
import { deleteAnnotation } from '../../storage/repository';
import { freshDb, sampleAnnotation } from './storage-fixtures';

const NOW = Date.UTC(2025, 5, 1);

describe("a story's headline history", () => {
  it('keeps each new headline once, oldest first, for stories with annotations only', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    expect(await noteHeadline(db, a.pageUrl, 'Library to close', NOW)).toBe(false);
    await importAnnotations(db, [a], NOW);
    expect(await noteHeadline(db, a.pageUrl, 'Library to close', NOW)).toBe(true);
    expect(await noteHeadline(db, a.pageUrl, '  Library to close ', NOW + 1)).toBe(false);
    expect(await noteHeadline(db, a.pageUrl, '', NOW + 2)).toBe(false);
    expect(await noteHeadline(db, a.pageUrl, 'Library to close after council vote', NOW + 3)).toBe(true);
    // Back to an earlier headline is a change too: the story was edited again.
    expect(await noteHeadline(db, a.pageUrl, 'Library to close', NOW + 4)).toBe(true);
    expect(await headlineHistory(db, a.pageUrl)).toEqual([
      { title: 'Library to close', seenAt: NOW },
      { title: 'Library to close after council vote', seenAt: NOW + 3 },
      { title: 'Library to close', seenAt: NOW + 4 },
    ]);
  });

  it('keeps the last few of a page that retitles itself on every load', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    await importAnnotations(db, [a], NOW);
    for (let i = 0; i < HEADLINES_KEPT + 5; i++) await noteHeadline(db, a.pageUrl, `(${i}) News`, NOW + i);
    const history = await headlineHistory(db, a.pageUrl);
    expect(history).toHaveLength(HEADLINES_KEPT);
    expect(history.at(-1)?.title).toBe(`(${HEADLINES_KEPT + 4}) News`);
  });

  it("goes with the story's last annotation", async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    await importAnnotations(db, [a], NOW);
    await noteHeadline(db, a.pageUrl, 'Library to close', NOW);
    await deleteAnnotation(db, a.id);
    expect(await headlineHistory(db, a.pageUrl)).toEqual([]);
    expect(await db.headlines.count()).toBe(0);
  });
});
