import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportW3C } from '../../storage/export';
import { importAnnotations, parseImport } from '../../storage/import';
import { getAnnotation, setPageQuotes } from '../../storage/repository';
import { freshDb, sampleAnnotation } from './storage-fixtures';

const NOW = Date.UTC(2025, 5, 1);
const STORY = 'https://news.example.com/2024/05/library-vote';

describe('how the page reads a saved passage now', () => {
  it('is recorded for the story that reported it only, without counting as an edit', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    const other = sampleAnnotation({
      id: '0f8e2d4c-6b1a-4f3e-8d2c-1a0b9c8d7e6f',
      pageUrl: 'https://other.example/x',
    });
    await importAnnotations(db, [a, other], NOW);
    const changes = [
      { id: a.id, pageQuote: 'where will the children go' },
      { id: other.id, pageQuote: 'not from this page' },
    ];
    expect(await setPageQuotes(db, STORY, changes)).toBe(true);
    expect(await getAnnotation(db, a.id)).toEqual({ ...a, pageQuote: 'where will the children go' });
    expect((await getAnnotation(db, other.id))?.pageQuote).toBeUndefined();
    // The same report again changes nothing; matching the quote again clears it.
    expect(await setPageQuotes(db, STORY, [changes[0] as (typeof changes)[0]])).toBe(false);
    expect(await setPageQuotes(db, STORY, [{ id: a.id, pageQuote: null }])).toBe(true);
    expect(await getAnnotation(db, a.id)).toEqual(a);
  });

  it('travels in W3C exports, and an import that differs only in it changes nothing', async () => {
    const db = freshDb();
    const a = sampleAnnotation({ pageQuote: 'where will the children go' });
    const parsed = parseImport(exportW3C([a]), NOW);
    expect(parsed.annotations).toEqual([a]);
    await importAnnotations(db, [a], NOW);
    const { pageQuote: _p, ...withoutIt } = a;
    expect(await importAnnotations(db, [withoutIt], NOW)).toMatchObject({
      unchanged: 1,
      skippedConflicting: 0,
    });
  });
});
