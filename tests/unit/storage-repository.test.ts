import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStorageError } from '../../background/failure';
import {
  ConflictError,
  createAnnotation,
  deleteAnnotation,
  getAnnotation,
  inWriteTransaction,
  listAllAnnotations,
  listPageAnnotations,
  listPages,
  NotFoundError,
  QuotaError,
  refreshPages,
  restoreAnnotation,
  searchAnnotations,
  setAnchored,
  updateAnnotation,
  ValidationError,
} from '../../storage/repository';
import { putAnnotations } from '../../storage/search/writer';
import { freshDb, newInput, sampleAnnotation, storeRaw } from './storage-fixtures';

const PAGE_A = 'https://news.example.com/2024/05/library-vote';
const PAGE_B = 'https://other.example.org/world/floods';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('createAnnotation', () => {
  it('fills id, timestamps and anchoring, and stores search words privately', async () => {
    const db = freshDb();
    const before = Date.now();
    const a = await createAnnotation(db, newInput({ note: 'Check the budget' }));
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.createdAt).toBeGreaterThanOrEqual(before);
    expect(a.updatedAt).toBe(a.createdAt);
    expect(a.anchored).toBe(true);
    expect(a.tags).toEqual([]);
    expect(a).not.toHaveProperty('words');
    expect(await getAnnotation(db, a.id)).toEqual(a);
    const row = await db.annotations.get(a.id);
    expect(row?.words).toEqual(expect.arrayContaining(['council', 'budget', 'library', 'vote', 'check']));
  });

  it('upserts the page row with title, count and time', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    expect(await listPages(db)).toEqual([
      { url: PAGE_A, title: 'Library to close after council vote', updatedAt: a.updatedAt, count: 1 },
    ]);
    const b = await createAnnotation(db, newInput({ pageTitle: 'Library closure: council votes 5-4' }));
    expect(await listPages(db)).toEqual([
      { url: PAGE_A, title: 'Library closure: council votes 5-4', updatedAt: b.updatedAt, count: 2 },
    ]);
  });

  it('normalises the page URL defensively', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput({ pageUrl: `${PAGE_A}?utm_source=x#c12` }));
    expect(a.pageUrl).toBe(PAGE_A);
  });

  it.each([
    ['non-http page', { pageUrl: 'file:///tmp/x.html' }],
    ['unknown colour', { color: 'red' as never }],
    ['empty quote', { quote: '   ' }],
    ['quote too long', { quote: 'x'.repeat(10_001) }],
    ['note too long', { note: 'x'.repeat(100_001) }],
    ['no selectors', { selectors: [] }],
    ['malformed selector', { selectors: [{ type: 'TextPositionSelector', start: 5, end: 2 }] as never }],
    ['bad region', { region: { kind: 'sidebar' } as never }],
    ['tags not strings', { tags: [1] as never }],
  ])('rejects %s with ValidationError and stores nothing', async (_name, overrides) => {
    const db = freshDb();
    await expect(createAnnotation(db, newInput(overrides))).rejects.toBeInstanceOf(ValidationError);
    expect(await db.annotations.count()).toBe(0);
    expect(await db.pages.count()).toBe(0);
  });
});

describe('updateAnnotation', () => {
  it('changes content, bumps updatedAt, recomputes words and the page time', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const b = await updateAnnotation(db, a.id, { note: 'Zoning angle', color: 'green', tags: ['local'] });
    expect(b).toMatchObject({
      note: 'Zoning angle',
      color: 'green',
      tags: ['local'],
      createdAt: a.createdAt,
    });
    expect(b.updatedAt).toBeGreaterThan(a.updatedAt);
    expect(await getAnnotation(db, a.id)).toEqual(b);
    expect((await searchAnnotations(db, 'zoning')).map((x) => x.id)).toEqual([a.id]);
    expect((await searchAnnotations(db, 'local')).map((x) => x.id)).toEqual([a.id]);
    expect((await listPages(db))[0]?.updatedAt).toBe(b.updatedAt);

    const c = await updateAnnotation(db, a.id, { note: '' });
    expect(await searchAnnotations(db, 'zoning')).toEqual([]);
    expect(c.updatedAt).toBeGreaterThan(b.updatedAt);
  });

  it('does not bump updatedAt for a pure anchoring change, nor for a no-op', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const orphaned = await updateAnnotation(db, a.id, { anchored: false });
    expect(orphaned.anchored).toBe(false);
    expect(orphaned.updatedAt).toBe(a.updatedAt);
    const same = await updateAnnotation(db, a.id, { note: a.note, color: a.color });
    expect(same.updatedAt).toBe(a.updatedAt);
  });

  it('keeps updatedAt strictly increasing within one millisecond', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const b = await updateAnnotation(db, a.id, { note: 'one' });
    const c = await updateAnnotation(db, a.id, { note: 'two' });
    expect([a.updatedAt, b.updatedAt, c.updatedAt]).toEqual([
      1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_002,
    ]);
  });

  it('refuses a stale edit when expectedUpdatedAt is given', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const b = await updateAnnotation(db, a.id, { note: 'from the popup' }, a.updatedAt);
    await expect(
      updateAnnotation(db, a.id, { note: 'from a stale editor' }, a.updatedAt),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await getAnnotation(db, a.id))?.note).toBe(b.note);
  });

  it('throws NotFoundError for a missing id and ValidationError for a bad patch', async () => {
    const db = freshDb();
    await expect(updateAnnotation(db, 'nope', { note: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    const a = await createAnnotation(db, newInput());
    await expect(updateAnnotation(db, a.id, { color: 'beige' as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(updateAnnotation(db, a.id, { note: 42 as never })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('dates on write', () => {
  it('an edit of a row dated in the future comes back to the present', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    const db = freshDb();
    const year9999 = Date.UTC(9999, 0, 1);
    const poisoned = sampleAnnotation({ createdAt: year9999, updatedAt: year9999 });
    await storeRaw(db, poisoned);
    const edited = await updateAnnotation(db, poisoned.id, { note: 'fixed' });
    expect(edited).toMatchObject({ updatedAt: 1_700_000_000_000, createdAt: 1_700_000_000_000 });
    // Within the allowed clock skew an edit still moves strictly forward.
    const again = await updateAnnotation(db, poisoned.id, { note: 'again' });
    expect(again.updatedAt).toBe(1_700_000_000_001);
  });
});

describe('inWriteTransaction', () => {
  const draft = (annotationId: string) => ({
    id: `edit:${annotationId}`,
    kind: 'edit' as const,
    pageUrl: PAGE_A,
    pageTitle: '',
    annotationId,
    baseUpdatedAt: 1,
    region: { kind: 'article' as const },
    selectors: [{ type: 'TextPositionSelector' as const, start: 0, end: 1 }],
    quote: 'q',
    note: 'typed',
    color: 'yellow' as const,
    tags: [],
    createdAt: 1,
    updatedAt: 1,
    committedId: null,
  });
  const batch = (id: string) => ({ id, at: 1, added: [], replaced: [], undoneAt: null, prunedAt: null });

  it('writes annotations, pages, drafts and import batches together', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    await inWriteTransaction(db, async () => {
      await putAnnotations(db, [a]);
      await refreshPages(db, [a.pageUrl]);
      await db.drafts.put(draft(a.id));
      await db.imports.put(batch('b1'));
    });
    expect([await db.annotations.count(), await db.pages.count()]).toEqual([1, 1]);
    expect([await db.drafts.count(), await db.imports.count()]).toEqual([1, 1]);
  });

  it('or not at all', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    const failed = inWriteTransaction(db, async () => {
      await putAnnotations(db, [a]);
      await refreshPages(db, [a.pageUrl]);
      await db.drafts.put(draft(a.id));
      await db.imports.put(batch('b1'));
      throw new Error('disk on fire');
    });
    await expect(failed).rejects.toThrow('disk on fire');
    expect([await db.annotations.count(), await db.pages.count()]).toEqual([0, 0]);
    expect([await db.drafts.count(), await db.imports.count()]).toEqual([0, 0]);
  });
});

describe('restoreAnnotation', () => {
  it('puts a deleted highlight back as it was, with its page row, and records no import', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput({ note: 'keep me', tags: ['local'] }));
    const pagesBefore = await listPages(db);
    await deleteAnnotation(db, a.id);
    expect(await restoreAnnotation(db, a)).toBe(true);
    expect(await getAnnotation(db, a.id)).toEqual(a);
    expect(await listPages(db)).toEqual(pagesBefore);
    expect((await searchAnnotations(db, 'keep')).map((x) => x.id)).toEqual([a.id]);
    expect(await db.imports.count()).toBe(0);
  });

  it('returns false and changes nothing when the id is stored already', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const b = await updateAnnotation(db, a.id, { note: 'newer' });
    expect(await restoreAnnotation(db, a)).toBe(false);
    expect(await getAnnotation(db, a.id)).toEqual(b);
  });

  it.each([
    [
      'dated in the future',
      { updatedAt: Date.UTC(9999, 0, 1) },
      /updatedAt: 9999-01-01T00:00:00.000Z is in the future/,
    ],
    ['modified before created', { createdAt: Date.UTC(2024, 4, 8) }, /updatedAt: .* is before createdAt/],
    ['a bad colour', { color: 'red' as never }, /color: expected one of/],
    ['an id that is not a UUID', { id: 'x' }, /id: expected a UUID/],
  ])(
    'refuses an annotation %s with ValidationError and stores nothing',
    async (_name, overrides, message) => {
      const db = freshDb();
      const error = await restoreAnnotation(db, sampleAnnotation(overrides)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(message);
      expect([await db.annotations.count(), await db.pages.count()]).toEqual([0, 0]);
    },
  );

  it('is all or nothing', async () => {
    const db = freshDb();
    vi.spyOn(db.pages, 'put').mockImplementation(() => Promise.reject(new Error('disk on fire')) as never);
    await expect(restoreAnnotation(db, sampleAnnotation())).rejects.toThrow('disk on fire');
    vi.restoreAllMocks();
    expect(await db.annotations.count()).toBe(0);
  });
});

describe('deleteAnnotation and page counts', () => {
  it('decrements the count and removes the page row at zero', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const b = await createAnnotation(db, newInput({ quote: 'by a narrow margin' }));
    await createAnnotation(db, newInput({ pageUrl: PAGE_B, pageTitle: 'Floods' }));
    expect((await db.pages.get(PAGE_A))?.count).toBe(2);

    expect((await deleteAnnotation(db, a.id)).id).toBe(a.id);
    expect((await db.pages.get(PAGE_A))?.count).toBe(1);
    await deleteAnnotation(db, b.id);
    expect(await db.pages.get(PAGE_A)).toBeUndefined();
    expect((await listPages(db)).map((p) => p.url)).toEqual([PAGE_B]);
    await expect(deleteAnnotation(db, b.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps page counts equal to the annotations after a mixed sequence', async () => {
    const db = freshDb();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const a = await createAnnotation(
        db,
        newInput({ pageUrl: i % 3 ? PAGE_A : PAGE_B, quote: `quote ${i}` }),
      );
      ids.push(a.id);
    }
    for (const id of ids.filter((_, i) => i % 4 === 0)) await deleteAnnotation(db, id);
    for (const page of await listPages(db)) {
      expect(page.count).toBe(await db.annotations.where('pageUrl').equals(page.url).count());
    }
  });

  it('rolls back the annotation when the page write fails mid-transaction', async () => {
    const db = freshDb();
    const kept = await createAnnotation(db, newInput());
    const pageBefore = await db.pages.get(PAGE_A);
    vi.spyOn(db.pages, 'put').mockImplementation(() => Promise.reject(new Error('disk on fire')) as never);

    await expect(createAnnotation(db, newInput({ quote: 'second' }))).rejects.toThrow('disk on fire');
    await expect(updateAnnotation(db, kept.id, { note: 'lost' })).rejects.toThrow('disk on fire');
    vi.spyOn(db.pages, 'delete').mockImplementation(() => Promise.reject(new Error('disk on fire')) as never);
    await expect(deleteAnnotation(db, kept.id)).rejects.toThrow('disk on fire');
    vi.restoreAllMocks();

    expect(await listAllAnnotations(db)).toEqual([kept]);
    expect(await db.pages.get(PAGE_A)).toEqual(pageBefore);
  });
});

describe('queries', () => {
  it('lists a page in creation order through the compound index', async () => {
    const db = freshDb();
    vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
    const first = await createAnnotation(db, newInput({ quote: 'first' }));
    vi.setSystemTime(3_000);
    const third = await createAnnotation(db, newInput({ quote: 'third' }));
    vi.setSystemTime(2_000);
    const second = await createAnnotation(db, newInput({ quote: 'second' }));
    await createAnnotation(db, newInput({ pageUrl: PAGE_B, quote: 'elsewhere' }));
    const where = vi.spyOn(db.annotations, 'where');
    const listed = await listPageAnnotations(db, PAGE_A);
    expect(listed.map((a) => a.id)).toEqual([first.id, second.id, third.id]);
    expect(where).toHaveBeenCalledWith('[pageUrl+createdAt]');
  });

  it('lists pages most recently updated first', async () => {
    const db = freshDb();
    vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
    const a = await createAnnotation(db, newInput());
    vi.setSystemTime(2_000);
    await createAnnotation(db, newInput({ pageUrl: PAGE_B, pageTitle: 'Floods' }));
    expect((await listPages(db)).map((p) => p.url)).toEqual([PAGE_B, PAGE_A]);
    vi.setSystemTime(3_000);
    await updateAnnotation(db, a.id, { note: 'edited' });
    expect((await listPages(db)).map((p) => p.url)).toEqual([PAGE_A, PAGE_B]);
  });

  it('setAnchored updates in batch without touching updatedAt', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    const b = await createAnnotation(db, newInput({ quote: 'other' }));
    expect(await setAnchored(db, [a.id, b.id, 'missing'], false)).toEqual([a.pageUrl]);
    expect(await setAnchored(db, [a.id], false)).toEqual([]);
    expect(await setAnchored(db, [], true)).toEqual([]);
    const listed = await listPageAnnotations(db, PAGE_A);
    expect(listed.map((x) => [x.anchored, x.updatedAt])).toEqual([
      [false, a.updatedAt],
      [false, b.updatedAt],
    ]);
  });
});

describe('searchAnnotations', () => {
  async function seeded() {
    const db = freshDb();
    const library = await createAnnotation(db, newInput({ note: 'Budget shortfall explained in para 4' }));
    const floods = await createAnnotation(
      db,
      newInput({
        pageUrl: PAGE_B,
        pageTitle: 'Floods sweep the valley',
        quote: 'Residents were evacuated overnight',
        note: '',
        tags: ['climate'],
      }),
    );
    const cafe = await createAnnotation(
      db,
      newInput({
        pageUrl: 'https://zeitung.example.de/artikel',
        pageTitle: 'Straßenbahn fährt wieder',
        quote: 'Das Café am Müllerplatz öffnet',
        note: 'Über den Umbau: 東京 und Αθήνα',
      }),
    );
    return { db, library, floods, cafe };
  }

  it('matches word prefixes in quote, note, title and tags', async () => {
    const { db, library, floods } = await seeded();
    const ids = async (q: string) => (await searchAnnotations(db, q)).map((a) => a.id);
    expect(await ids('counc')).toEqual([library.id]); // quote
    expect(await ids('shortf')).toEqual([library.id]); // note
    expect(await ids('valley')).toEqual([floods.id]); // page title
    expect(await ids('clim')).toEqual([floods.id]); // tag
    expect(await ids('ouncil')).toEqual([]); // prefixes only, not infixes
  });

  it('requires every token to match', async () => {
    const { db, library } = await seeded();
    expect((await searchAnnotations(db, 'budget COUNCIL')).map((a) => a.id)).toEqual([library.id]);
    expect(await searchAnnotations(db, 'budget floods')).toEqual([]);
    expect((await searchAnnotations(db, 'lib library libr')).map((a) => a.id)).toEqual([library.id]);
  });

  it('handles Unicode letters, case and accents', async () => {
    const { db, cafe } = await seeded();
    for (const q of [
      'café',
      'cafe',
      'CAFÉ',
      'müller',
      'muller',
      'straßen',
      'über',
      'ueber'.slice(0, 1),
      '東京',
      'αθή',
    ]) {
      expect(
        (await searchAnnotations(db, q)).map((a) => a.id),
        q,
      ).toContain(cafe.id);
    }
  });

  it('returns nothing for empty or punctuation-only queries and honours the limit', async () => {
    const { db } = await seeded();
    expect(await searchAnnotations(db, '')).toEqual([]);
    expect(await searchAnnotations(db, ' ?! -- ')).toEqual([]);
    expect(await searchAnnotations(db, 'zzz')).toEqual([]);
    for (let i = 0; i < 5; i++) await createAnnotation(db, newInput({ quote: `council item ${i}` }));
    expect(await searchAnnotations(db, 'council', 3)).toHaveLength(3);
  });

  it('finds highlights carrying every #tag named, without regard to case, with the other words', async () => {
    const db = freshDb();
    const both = await createAnnotation(
      db,
      newInput({ quote: 'The council voted', tags: ['Local news', 'budget'] }),
    );
    const one = await createAnnotation(db, newInput({ quote: 'The council met', tags: ['budget'] }));
    // A tag's word in a quote is not the tag.
    await createAnnotation(db, newInput({ quote: 'The budget was cut', tags: [] }));
    const ids = async (q: string) => (await searchAnnotations(db, q)).map((a) => a.id).sort();
    expect(await ids('#budget')).toEqual([both.id, one.id].sort());
    expect(await ids('#BUDGET')).toEqual([both.id, one.id].sort());
    expect(await ids('#"local news"')).toEqual([both.id]);
    expect(await ids('#budget #"Local  news"')).toEqual([both.id]);
    expect(await ids('#budget met')).toEqual([one.id]);
    expect(await ids('#budg')).toEqual([]); // a tag is named whole
    expect(await ids('#')).toEqual([]);
  });

  it('lists newest first and finds each annotation once even with several matching words', async () => {
    const db = freshDb();
    vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
    const older = await createAnnotation(db, newInput({ quote: 'vote voter voters votes' }));
    vi.setSystemTime(2_000);
    const newer = await createAnnotation(db, newInput({ quote: 'the vote' }));
    expect((await searchAnnotations(db, 'vot')).map((a) => a.id)).toEqual([newer.id, older.id]);
  });

  it('reads only the rows of the results, through the doc index, never the whole table', async () => {
    const db = freshDb();
    for (let i = 0; i < 6; i++) await createAnnotation(db, newInput({ quote: `council ${i}` }));
    const rare = await createAnnotation(db, newInput({ quote: 'council zoning' }));
    const where = vi.spyOn(db.annotations, 'where');
    const scan = vi.spyOn(db.annotations, 'toCollection');
    const all = vi.spyOn(db.annotations, 'toArray');
    expect((await searchAnnotations(db, 'council zon')).map((a) => a.id)).toEqual([rare.id]);
    expect(where.mock.calls.map(([index]) => index)).toEqual(['doc']);
    expect(scan).not.toHaveBeenCalled();
    expect(all).not.toHaveBeenCalled();
  });
});

describe('storage errors', () => {
  it('maps a QuotaExceededError DOMException from a write to QuotaError with a readable message', async () => {
    const db = freshDb();
    vi.spyOn(db.annotations, 'bulkPut').mockImplementation(
      () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) as never,
    );
    const error = await createAnnotation(db, newInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaError);
    expect((error as QuotaError).code).toBe('quota');
    expect((error as QuotaError).name).toBe('QuotaError');
    expect(describeStorageError(error)).toMatch(/^Your browser's storage is full/);
    expect(await db.annotations.count()).toBe(0);
  });

  it('maps Dexie-wrapped quota errors (inner, AbortError) too', () => {
    const inner = new DOMException('full', 'QuotaExceededError');
    const dexieQuota = new Dexie.QuotaExceededError('full', inner);
    const abort = new Dexie.AbortError('Transaction aborted', inner);
    expect(describeStorageError(dexieQuota)).toMatch(/storage is full/);
    expect(describeStorageError(abort)).toMatch(/storage is full/);
    expect(describeStorageError({ name: 'BulkError', failures: [inner] })).toMatch(/storage is full/);
  });

  it('describes every other failure in words a reader can act on', () => {
    expect(describeStorageError(new NotFoundError('x'))).toMatch(/no longer exists/);
    expect(describeStorageError(new ConflictError('x', 1, 2))).toMatch(/changed in another window/);
    expect(describeStorageError(new ValidationError('Invalid annotation: color: …'))).toMatch(
      /^Invalid annotation/,
    );
    expect(describeStorageError(new Dexie.VersionError('newer'))).toMatch(/newer version of Gloss/);
    expect(describeStorageError(new Dexie.DatabaseClosedError('closed'))).toMatch(/could not open/);
    expect(describeStorageError(new Error('boom'))).toBe(
      'Gloss could not read or save your annotations (boom).',
    );
    expect(describeStorageError('weird')).toBe('Gloss could not read or save your annotations.');
  });
});
