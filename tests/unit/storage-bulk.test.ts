import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { bulkEdit } from '../../storage/bulk';
import { importAnnotations, undoImport } from '../../storage/import';
import { getAnnotation, updateAnnotation } from '../../storage/repository';
import { searchLibrary, searchLibraryIds } from '../../storage/search/query';
import { freshDb, sampleAnnotation } from './storage-fixtures';

const AT = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2025, 5, 1);
const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function library(n = 6) {
  const db = freshDb();
  const all = Array.from({ length: n }, (_, i) =>
    sampleAnnotation({
      id: idOf(i),
      pageUrl: `https://news.example/story-${i % 3}`,
      quote: i % 2 ? `odd passage ${i}` : `even passage ${i}`,
      selectors: [{ type: 'TextQuoteSelector', exact: `passage ${i}` }],
      note: '',
      tags: i === 0 ? ['Later'] : [],
      createdAt: AT + i,
      updatedAt: AT + i,
    }),
  );
  await importAnnotations(db, all, NOW);
  return db;
}

describe('bulk actions', () => {
  it('finds every result of a search, then deletes them in chunks undone as one', async () => {
    const db = await library();
    const ids = await searchLibraryIds(db, { text: 'odd', filters: {} });
    expect(ids.sort()).toEqual([idOf(1), idOf(3), idOf(5)]);
    const first = await bulkEdit(db, ids.slice(0, 2), { kind: 'delete' }, NOW);
    const second = await bulkEdit(db, ids.slice(2), { kind: 'delete' }, NOW, first.batchId);
    expect([first.changed, second.changed, second.batchId]).toEqual([2, 1, first.batchId]);
    expect((await searchLibrary(db, { text: 'passage', filters: {} }, 0, 10)).total).toBe(3);
    // Already gone: nothing to do, nothing counted.
    expect((await bulkEdit(db, ids, { kind: 'delete' }, NOW)).changed).toBe(0);
    expect(await undoImport(db, first.batchId as string, NOW + 1)).toMatchObject({ restored: 3 });
    expect((await searchLibrary(db, { text: 'odd', filters: {} }, 0, 10)).total).toBe(3);
    expect((await getAnnotation(db, idOf(1)))?.quote).toBe('odd passage 1');
  });

  it('tags and untags a selection, once each, and Undo keeps what was edited since', async () => {
    const db = await library();
    const ids = [idOf(0), idOf(1), idOf(2)];
    const tagged = await bulkEdit(db, ids, { kind: 'tag', tag: ' later ' }, NOW);
    expect(tagged.changed).toBe(2);
    expect((await getAnnotation(db, idOf(0)))?.tags).toEqual(['Later']);
    expect((await getAnnotation(db, idOf(1)))?.tags).toEqual(['later']);
    expect((await searchLibrary(db, { text: '', filters: { tag: 'later' } }, 0, 10)).total).toBe(3);
    await updateAnnotation(db, idOf(2), { note: 'edited' });
    expect(await undoImport(db, tagged.batchId as string, NOW + 1)).toMatchObject({
      restored: 1,
      keptEdited: 1,
    });
    expect((await getAnnotation(db, idOf(1)))?.tags).toEqual([]);
    expect((await getAnnotation(db, idOf(2)))?.tags).toEqual(['later']);
    const untagged = await bulkEdit(db, ids, { kind: 'untag', tag: 'LATER' }, NOW + 2);
    expect(untagged.changed).toBe(2);
    expect((await searchLibrary(db, { text: '', filters: { tag: 'later' } }, 0, 10)).total).toBe(0);
  });

  it('refuses an empty tag, changing nothing', async () => {
    const db = await library();
    await expect(bulkEdit(db, [idOf(1)], { kind: 'tag', tag: '  ' }, NOW)).rejects.toThrow(/Not a tag/);
    expect((await getAnnotation(db, idOf(1)))?.tags).toEqual([]);
  });

  it('undoes a batch recorded before bulk deletes existed (no `removed` field)', async () => {
    const db = await library();
    const { batchId } = await importAnnotations(
      db,
      [sampleAnnotation({ id: idOf(99), createdAt: AT, updatedAt: AT + 99 })],
      NOW,
    );
    const row = await db.imports.get(batchId as string);
    if (!row) throw new Error('no batch');
    const { removed: _removed, ...older } = row;
    await db.imports.put(older);
    expect(await undoImport(db, batchId as string, NOW + 1)).toMatchObject({ removed: 1, restored: 0 });
  });
});
