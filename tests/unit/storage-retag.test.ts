import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importAnnotations, undoImport } from '../../storage/import';
import { getAnnotation, updateAnnotation } from '../../storage/repository';
import { retag } from '../../storage/retag';
import { listFacet } from '../../storage/search/facets';
import { searchLibrary } from '../../storage/search/query';
import { freshDb, sampleAnnotation } from './storage-fixtures';

const AT = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2025, 5, 1);

async function library() {
  const db = freshDb();
  const make = (n: number, tags: string[]) =>
    sampleAnnotation({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      pageUrl: `https://news.example/story-${n % 2}`,
      tags,
      createdAt: AT + n,
      updatedAt: AT + n,
    });
  await importAnnotations(
    db,
    [make(1, ['Local', 'ports']), make(2, ['local news']), make(3, ['local']), make(4, ['weather'])],
    NOW,
  );
  return db;
}

const tagsOf = async (db: ReturnType<typeof freshDb>, n: number) =>
  (await getAnnotation(db, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`))?.tags;

describe('retag', () => {
  it('renames a tag whatever its case, everywhere, and the index follows', async () => {
    const db = await library();
    const result = await retag(db, 'local', 'City hall', NOW);
    expect(result).toMatchObject({ changed: 2, batchId: expect.any(String) });
    expect(result.pageUrls).toEqual(['https://news.example/story-1']);
    expect(await tagsOf(db, 1)).toEqual(['City hall', 'ports']);
    expect(await tagsOf(db, 3)).toEqual(['City hall']);
    expect(await tagsOf(db, 2)).toEqual(['local news']);
    const facets = await listFacet(db, 'tag');
    // Listed as the reader wrote it; filtered and edited by the index's lower-case form.
    expect(facets).toContainEqual({ value: 'city hall', label: 'City hall', count: 2 });
    expect(facets.find((f) => f.value === 'local')).toBeUndefined();
    expect((await searchLibrary(db, { text: '', filters: { tag: 'city hall' } }, 0, 10)).total).toBe(2);
    expect((await searchLibrary(db, { text: '', filters: { tag: 'local' } }, 0, 10)).total).toBe(0);
    expect((await getAnnotation(db, '00000000-0000-4000-8000-000000000001'))?.updatedAt).toBe(NOW);
  });

  it('merges into a tag in use without doubling it, and deletes a tag', async () => {
    const db = await library();
    await retag(db, 'local news', 'ports', NOW);
    await retag(db, 'local', 'ports', NOW);
    expect(await tagsOf(db, 1)).toEqual(['ports']);
    expect(await tagsOf(db, 2)).toEqual(['ports']);
    expect((await listFacet(db, 'tag')).find((f) => f.value === 'ports')?.count).toBe(3);
    expect(await retag(db, 'weather', null, NOW)).toMatchObject({ changed: 1 });
    expect(await tagsOf(db, 4)).toEqual([]);
    expect(await retag(db, 'nowhere', 'x', NOW)).toEqual({ changed: 0, batchId: null, pageUrls: [] });
  });

  it('is undone as a batch, except what was edited since', async () => {
    const db = await library();
    const { batchId } = await retag(db, 'local', null, NOW);
    const edited = await updateAnnotation(db, '00000000-0000-4000-8000-000000000003', { note: 'later' });
    expect(await undoImport(db, batchId as string, NOW + 10)).toMatchObject({ restored: 1, keptEdited: 1 });
    expect(await tagsOf(db, 1)).toEqual(['Local', 'ports']);
    expect(await tagsOf(db, 3)).toEqual([]);
    expect((await getAnnotation(db, edited.id))?.note).toBe('later');
  });

  it('refuses a new name that is not a tag', async () => {
    const db = await library();
    await expect(retag(db, 'local', '   ', NOW)).rejects.toThrow(/Not a tag/);
    await expect(retag(db, 'local', 'x'.repeat(201), NOW)).rejects.toThrow(/Not a tag/);
    expect(await tagsOf(db, 1)).toEqual(['Local', 'ports']);
  });
});
