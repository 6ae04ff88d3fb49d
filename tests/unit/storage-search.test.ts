import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewAnnotation } from '../../storage/annotation';
import type { GlossDb } from '../../storage/db';
import { importAnnotations, undoImport } from '../../storage/import';
import { createAnnotation, deleteAnnotation, fromRow, updateAnnotation } from '../../storage/repository';
import { POSTING_SHARD } from '../../storage/search/postings';
import { type LibraryQuery, searchLibrary } from '../../storage/search/query';
import { rebuildSearchIndex } from '../../storage/search/rebuild';
import { facetTerm, indexTerms, siteOf } from '../../storage/search/terms';
import { freshDb, newInput, sampleAnnotation } from './storage-fixtures';

afterEach(() => {
  vi.useRealTimers();
});

/** Creates annotations one millisecond apart, oldest first, so recency order is the order given. */
async function seed(db: GlossDb, inputs: Partial<NewAnnotation>[]) {
  vi.useFakeTimers({ toFake: ['Date'] });
  const start = Date.UTC(2024, 0, 1);
  const out = [];
  for (const [i, input] of inputs.entries()) {
    vi.setSystemTime(start + i * 1000);
    out.push(await createAnnotation(db, newInput(input)));
  }
  vi.useRealTimers();
  return out;
}

async function ids(db: GlossDb, query: LibraryQuery, offset = 0, limit = 100) {
  return (await searchLibrary(db, query, offset, limit)).items.map((a) => a.quote);
}

describe('indexTerms', () => {
  it('indexes words of quote, note, title, tags and commenter, and one facet per filter', () => {
    const terms = indexTerms(
      sampleAnnotation({ quote: 'Café owners', note: 'Ask them', tags: ['Local News'], color: 'pink' }),
    );
    expect(terms).toEqual(expect.arrayContaining(['cafe', 'owners', 'ask', 'them', 'local', 'news', 'ada']));
    expect(terms).toEqual(
      expect.arrayContaining([
        facetTerm('color', 'pink'),
        facetTerm('tag', 'local news'),
        facetTerm('region', 'comment'),
        facetTerm('commenter', 'Ada L.'),
        facetTerm('site', 'news.example.com'),
      ]),
    );
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('names a site without www and survives an unparsable address', () => {
    expect(siteOf('https://www.example.co.uk/a')).toBe('example.co.uk');
    expect(siteOf('not a url')).toBe('');
  });

  it('keeps control characters out of facet terms, which would break the postings key', () => {
    expect(facetTerm('tag', 'a\u0000b\u001fc')).toBe(facetTerm('tag', 'abc'));
  });
});

describe('searchLibrary', () => {
  it('ranks annotations with every term first, then those with some, newest first within each', async () => {
    const db = freshDb();
    await seed(db, [
      { quote: 'climate policy old' },
      { quote: 'climate only' },
      { quote: 'policy only' },
      { quote: 'climate policy new' },
      { quote: 'nothing relevant' },
    ]);
    const page = await searchLibrary(db, { text: 'climate policy' }, 0, 10);
    expect(page.items.map((a) => a.quote)).toEqual([
      'climate policy new',
      'climate policy old',
      'policy only',
      'climate only',
    ]);
    expect(page).toMatchObject({ total: 4, allTerms: 2, terms: ['climate', 'policy'] });
  });

  it('matches word prefixes, folds accents and case, and counts an annotation once per term', async () => {
    const db = freshDb();
    await seed(db, [
      { quote: 'The theatre' },
      { quote: 'Then there' },
      { quote: 'Café Thé' },
      { quote: 'other' },
    ]);
    const page = await searchLibrary(db, { text: 'TH' }, 0, 10);
    expect(page.items.map((a) => a.quote)).toEqual(['Café Thé', 'Then there', 'The theatre']);
    expect(page.total).toBe(3);
    expect(await ids(db, { text: 'cafe' })).toEqual(['Café Thé']);
    // "the" is implied by "theatre": one term, so both words of a quote do not make it rank higher.
    expect((await searchLibrary(db, { text: 'the theatre' }, 0, 10)).terms).toEqual(['theatre']);
  });

  it('searches notes, titles, tags and commenters too', async () => {
    const db = freshDb();
    await seed(db, [
      { quote: 'a', note: 'remember zeppelin' },
      { quote: 'b', pageTitle: 'Zebra crossing' },
      { quote: 'c', tags: ['zoology'] },
      { quote: 'd', region: { kind: 'comment', author: 'Zora Neale', commentKey: null } },
      { quote: 'e' },
    ]);
    expect(await ids(db, { text: 'ze' })).toEqual(['b', 'a']);
    expect(await ids(db, { text: 'zoo' })).toEqual(['c']);
    expect(await ids(db, { text: 'zora' })).toEqual(['d']);
  });

  it('filters by colour, tag, region, commenter, site and date, combined with each other and with search', async () => {
    const db = freshDb();
    const made = await seed(db, [
      { quote: 'alpha one', color: 'pink', tags: ['Politics'] },
      { quote: 'alpha two', color: 'pink', region: { kind: 'comment', author: 'Bo', commentKey: 'k' } },
      { quote: 'alpha three', color: 'green', pageUrl: 'https://www.other.org/x', tags: ['politics'] },
      { quote: 'beta four', color: 'pink', tags: ['politics'] },
    ]);
    expect(await ids(db, { text: '', filters: { color: 'pink' } })).toEqual([
      'beta four',
      'alpha two',
      'alpha one',
    ]);
    expect(await ids(db, { text: 'alpha', filters: { color: 'pink' } })).toEqual(['alpha two', 'alpha one']);
    expect(await ids(db, { text: '', filters: { tag: 'POLITICS', color: 'pink' } })).toEqual([
      'beta four',
      'alpha one',
    ]);
    expect(await ids(db, { text: '#politics alpha' })).toEqual(['alpha three', 'alpha one']);
    expect(await ids(db, { text: '', filters: { region: 'comment' } })).toEqual(['alpha two']);
    expect(await ids(db, { text: '', filters: { commenter: 'bo' } })).toEqual(['alpha two']);
    expect(await ids(db, { text: '', filters: { site: 'other.org' } })).toEqual(['alpha three']);
    const [, second, third] = made;
    expect(
      await ids(db, { text: 'alpha', filters: { from: second?.createdAt, to: (third?.createdAt ?? 0) + 1 } }),
    ).toEqual(['alpha three', 'alpha two']);
    expect(await ids(db, { text: '', filters: { color: 'blue' } })).toEqual([]);
  });

  it('lists everything newest first without search text, with the total, in pages', async () => {
    const db = freshDb();
    await seed(
      db,
      Array.from({ length: 7 }, (_, i) => ({ quote: `q${i}` })),
    );
    const first = await searchLibrary(db, { text: '' }, 0, 3);
    expect(first.items.map((a) => a.quote)).toEqual(['q6', 'q5', 'q4']);
    expect(first.total).toBe(7);
    expect(await ids(db, { text: '' }, 3, 3)).toEqual(['q3', 'q2', 'q1']);
    expect(await ids(db, { text: '' }, 6, 3)).toEqual(['q0']);
    expect(await ids(db, { text: '' }, 9, 3)).toEqual([]);
  });

  it('follows every write: edits move an annotation to the top and change its terms, deletes remove it', async () => {
    const db = freshDb();
    const [a, b] = await seed(db, [{ quote: 'first', note: 'walrus' }, { quote: 'second' }]);
    if (!a || !b) throw new Error('seed failed');
    expect(await ids(db, { text: '' })).toEqual(['second', 'first']);
    await updateAnnotation(db, a.id, { note: 'penguin', color: 'blue' });
    expect(await ids(db, { text: '' })).toEqual(['first', 'second']);
    expect(await ids(db, { text: 'walrus' })).toEqual([]);
    expect(await ids(db, { text: 'penguin', filters: { color: 'blue' } })).toEqual(['first']);
    expect(await ids(db, { text: '', filters: { color: 'yellow' } })).toEqual(['second']);
    await deleteAnnotation(db, a.id);
    expect(await ids(db, { text: 'penguin' })).toEqual([]);
    expect((await searchLibrary(db, { text: '' }, 0, 10)).total).toBe(1);
  });

  it('follows an import and its undo', async () => {
    const db = freshDb();
    const now = Date.UTC(2024, 6, 1);
    const incoming = sampleAnnotation({ quote: 'imported narwhal' });
    const { batchId } = await importAnnotations(db, [incoming], now);
    expect(await ids(db, { text: 'narwhal' })).toEqual(['imported narwhal']);
    await undoImport(db, batchId ?? '', now);
    expect(await ids(db, { text: 'narwhal' })).toEqual([]);
  });

  it('agrees with a rebuild from scratch after many writes across postings shards', async () => {
    const db = freshDb();
    // Doc numbers past the first shard: postings of one term live in two rows.
    await db.searchMeta.put({ name: 'nextDoc', value: POSTING_SHARD - 2 });
    const made = await seed(
      db,
      Array.from({ length: 5 }, (_, i) => ({ quote: `shared word${i}`, color: i % 2 ? 'pink' : 'green' })),
    );
    await updateAnnotation(db, made[1]?.id ?? '', { note: 'shared extra' });
    await deleteAnnotation(db, made[3]?.id ?? '');
    const keys = await db.postings.where(':id').startsWith('shared').primaryKeys();
    expect(keys).toHaveLength(2);
    const before = await snapshot(db);
    await db.transaction('rw', [db.annotations, db.postings, db.clocks, db.searchMeta], (tx) =>
      rebuildSearchIndex(tx),
    );
    db.indexGeneration++;
    expect(await snapshot(db)).toEqual(before);
  });

  it('puts a large write in a shard of its own, its postings written unread, found as written densely', async () => {
    const seeded = [{ quote: 'shared before' }, { quote: 'word before', color: 'pink' as const }];
    const chunk = Array.from({ length: POSTING_SHARD / 2 }, (_, i) =>
      sampleAnnotation({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        quote: `shared word${i % 3}`,
        color: i % 2 ? 'pink' : 'green',
        createdAt: Date.UTC(2024, 1, 1) + i,
        updatedAt: Date.UTC(2024, 1, 1) + i,
      }),
    );
    const now = Date.UTC(2024, 6, 1);
    const db = freshDb();
    await seed(db, seeded);
    const read = vi.spyOn(db.postings, 'bulkGet');
    const { batchId } = await importAnnotations(db, chunk, now);
    expect(read.mock.calls.flat(2)).toEqual([]);
    const docs = (await db.annotations.toArray()).map((row) => row.doc).sort((a, b) => a - b);
    expect(docs.slice(0, 3)).toEqual([0, 1, POSTING_SHARD]);
    // The same annotations written in smaller pieces take doc numbers one after another.
    const dense = freshDb();
    await seed(dense, seeded);
    const half = chunk.length / 2;
    await importAnnotations(dense, chunk.slice(0, half), now);
    await importAnnotations(dense, chunk.slice(half), now);
    expect(await dense.annotations.orderBy('doc').lastKey()).toBe(chunk.length + 1);
    expect(await snapshot(db)).toEqual(await snapshot(dense));
    await undoImport(db, batchId ?? '', now);
    expect(await ids(db, { text: 'shared' })).toEqual(['shared before']);
  });
});

/** What every query answers, for comparing two states of the index. */
async function snapshot(db: GlossDb) {
  const rows = await db.annotations.toArray();
  const byQuery: Record<string, string[]> = {};
  for (const text of ['shared', 'word', 'extra', 'sh', '']) byQuery[text] = await ids(db, { text });
  for (const color of ['pink', 'green'] as const)
    byQuery[color] = await ids(db, { text: '', filters: { color } });
  return { byQuery, words: rows.map((r) => indexTerms(fromRow(r))).sort() };
}

describe('searchLibrary while typing', () => {
  it('answers a longer prefix from the shorter one it read, without reading storage', async () => {
    const db = freshDb();
    const metal = (quote: string) => ({ quote, pageTitle: 'Metals' });
    await seed(db, [metal('cobalt'), metal('copper'), metal('carbon'), metal('zinc')]);
    expect(await ids(db, { text: 'c' })).toEqual(['carbon', 'copper', 'cobalt']);
    const reads = vi.spyOn(db.postings, 'where');
    expect(await ids(db, { text: 'co' })).toEqual(['copper', 'cobalt']);
    expect(await ids(db, { text: 'cob' })).toEqual(['cobalt']);
    expect(reads).not.toHaveBeenCalled();
    // A write drops what was cached: the next search reads the index again and sees it.
    await createAnnotation(db, newInput(metal('coal')));
    expect(await ids(db, { text: 'co' })).toEqual(['coal', 'copper', 'cobalt']);
    expect(reads).toHaveBeenCalled();
  });
});
