import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStorageError } from '../../background/failure';
import type { Annotation } from '../../storage/annotation';
import { exportW3C } from '../../storage/export';
import {
  ImportFormatError,
  importAnnotations,
  parseImport,
  REMEMBERED_IMPORTS,
  UNDOABLE_IMPORTS,
  undoImport,
} from '../../storage/import';
import {
  createAnnotation,
  deleteAnnotation,
  getAnnotation,
  ImportNotFoundError,
  listPageAnnotations,
  listPages,
  searchAnnotations,
  updateAnnotation,
} from '../../storage/repository';
import { MAX_CLOCK_SKEW_MS } from '../../storage/validate';
import { freshDb, newInput, sampleAnnotation, storeRaw } from './storage-fixtures';

/** One exported item as plain JSON, to corrupt field by field. */
function exportedItem(overrides: Partial<Annotation> = {}): Record<string, unknown> {
  return JSON.parse(JSON.stringify(exportW3C([sampleAnnotation(overrides)]).first.items[0]));
}

function collection(items: unknown[]): unknown {
  return { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', first: { items } };
}

describe('parseImport: the file as a whole', () => {
  it.each([
    ['not JSON', '{"type": "AnnotationCollection",'],
    ['a number', 42],
    ['null', null],
    ['a string', 'just text'],
    ['another format', { version: 1, highlights: [] }],
    ['a paged collection', { type: 'AnnotationCollection', first: 'https://example.com/page1' }],
    ['items not a list', { type: 'AnnotationCollection', first: { items: { 0: {} } } }],
  ])('rejects %s with ImportFormatError', (_name, input) => {
    expect(() => parseImport(input)).toThrow(ImportFormatError);
  });

  it('explains itself', () => {
    expect(() => parseImport('nope')).toThrow('This file is not valid JSON, so it cannot be a Gloss export.');
    expect(() => parseImport({})).toThrow(/not a Gloss export/);
  });

  it('accepts items at the top level and a bare AnnotationPage', () => {
    const item = exportedItem();
    expect(parseImport({ type: 'AnnotationCollection', items: [item] }).annotations).toHaveLength(1);
    expect(parseImport({ type: 'AnnotationPage', items: [item] }).annotations).toHaveLength(1);
    expect(
      parseImport({ type: ['AnnotationCollection'], first: { items: [item] } }).annotations,
    ).toHaveLength(1);
  });

  it('refuses more than 100 000 items before validating any', () => {
    const items = new Array(100_001).fill(null);
    expect(() => parseImport(collection(items))).toThrow(/at most 100000/);
  });
});

describe('parseImport: per-item validation', () => {
  const corruptions: [name: string, mutate: (item: Record<string, unknown>) => void, expected: RegExp][] = [
    ['item not an object', () => {}, /expected an annotation object/],
    ['wrong type', (i) => (i.type = 'Note'), /type: expected "Annotation"/],
    ['id not a string', (i) => (i.id = { iri: 'x' }), /id: expected an IRI/],
    ['id empty', (i) => (i.id = ''), /id: expected an IRI/],
    ['created not a date', (i) => (i.created = 'yesterday'), /created: expected an ISO 8601/],
    ['created a number', (i) => (i.created = 1715000000000), /created: expected an ISO 8601/],
    ['modified invalid', (i) => (i.modified = '2024-13-45T99:99:99Z'), /modified/],
    ['target missing', (i) => delete i.target, /target: expected an object/],
    [
      'source not http',
      (i) => ((i.target as Record<string, unknown>).source = 'javascript:alert(1)'),
      /source: expected an http/,
    ],
    [
      'source not a string',
      (i) => ((i.target as Record<string, unknown>).source = 7),
      /source: expected text/,
    ],
    [
      'no selectors',
      (i) => ((i.target as Record<string, unknown>).selector = []),
      /expected 1 to 20 selectors/,
    ],
    [
      'selector unknown type',
      (i) => ((i.target as Record<string, unknown>).selector = [{ type: 'FragmentSelector', value: 'x' }]),
      /unknown selector type "FragmentSelector"/,
    ],
    [
      'position selector with strings',
      (i) =>
        ((i.target as Record<string, unknown>).selector = [
          { type: 'TextPositionSelector', start: '1', end: 2 },
        ]),
      /whole-number start <= end/,
    ],
    [
      'quote selector without exact',
      (i) => ((i.target as Record<string, unknown>).selector = [{ type: 'TextQuoteSelector', prefix: 'a' }]),
      /exact: expected text/,
    ],
    [
      'quote selector with a fractional context width',
      (i) =>
        ((i.target as Record<string, unknown>).selector = [
          { type: 'TextQuoteSelector', exact: 'a', 'gloss:contextWidth': 1.5 },
        ]),
      /gloss:contextWidth: expected a whole number of characters, got 1.5/,
    ],
    [
      'quote selector recording no copies of its quote',
      (i) =>
        ((i.target as Record<string, unknown>).selector = [
          { type: 'TextQuoteSelector', exact: 'a', 'gloss:copies': 0 },
        ]),
      /gloss:copies: expected a whole number of copies, at least 1, got 0/,
    ],
    [
      'range selector missing an end',
      (i) =>
        ((i.target as Record<string, unknown>).selector = [
          { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/p' } },
        ]),
      /endSelector: expected a selector object/,
    ],
    ['colour not in the palette', (i) => (i['gloss:color'] = 'red'), /gloss:color: expected one of yellow/],
    ['region unknown', (i) => (i['gloss:region'] = { kind: 'footer' }), /gloss:region.kind/],
    [
      'author a number',
      (i) => (i['gloss:region'] = { kind: 'comment', author: 5, commentKey: null }),
      /author: expected text/,
    ],
    ['anchored a string', (i) => (i['gloss:anchored'] = 'yes'), /gloss:anchored: expected true or false/],
    ['quote empty', (i) => (i['gloss:quote'] = ''), /gloss:quote: must not be empty/],
    ['quote too long', (i) => (i['gloss:quote'] = 'q'.repeat(10_001)), /gloss:quote: too long \(10001/],
    ['title an object', (i) => (i['gloss:pageTitle'] = { toString: 1 }), /gloss:pageTitle: expected text/],
    [
      'body with nothing to keep',
      (i) => (i.body = [{ type: 'SpecificResource' }]),
      /no value and no address/,
    ],
    [
      'note too long',
      (i) => (i.body = [{ type: 'TextualBody', value: 'n'.repeat(100_001), purpose: 'commenting' }]),
      /too long \(100001/,
    ],
    [
      'tag not a string',
      (i) => (i.body = [{ type: 'TextualBody', value: 3, purpose: 'tagging' }]),
      /tags\)\[0\]: expected text/,
    ],
  ];

  it.each(corruptions)('%s', (name, mutate, expected) => {
    const item = name === 'item not an object' ? 'just a string' : exportedItem();
    if (typeof item !== 'string') mutate(item);
    const good = exportedItem({ id: '11111111-2222-4333-8444-555555555555' });
    const result = parseImport(collection([good, item]));
    expect(result.annotations.map((a) => a.id)).toEqual(['11111111-2222-4333-8444-555555555555']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^Item 2: /);
    expect(result.errors[0]).toMatch(expected);
  });

  it('reports every problem of an item, and every bad item', () => {
    const bad = exportedItem();
    bad['gloss:color'] = 'red';
    bad.created = 'soon';
    const result = parseImport(collection([bad, 7, exportedItem()]));
    expect(result.annotations).toHaveLength(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/^Item 1: created: .*; .*gloss:color/),
      'Item 2: item: expected an annotation object, got number',
    ]);
  });

  it('skips a repeated id', () => {
    const result = parseImport(collection([exportedItem(), exportedItem({ note: 'again' })]));
    expect(result.annotations).toHaveLength(1);
    expect(result.errors).toEqual([expect.stringMatching(/^Item 2: id: .* appears earlier/)]);
  });

  it('keeps hostile strings as plain text and drops unknown keys', () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const item = exportedItem({ quote: hostile, pageTitle: hostile, note: hostile, tags: [hostile] });
    // JSON.parse makes `__proto__` an own key; it must not become anyone's prototype.
    item.protoKey = { polluted: true };
    (item.target as Record<string, unknown>).selector = [
      { type: 'TextQuoteSelector', exact: hostile, evil: 1 },
    ];
    const parsed = JSON.parse(JSON.stringify(collection([item])).replace('"protoKey"', '"__proto__"'));
    const [a] = parseImport(parsed).annotations;
    expect(a).toMatchObject({ quote: hostile, note: hostile, pageTitle: hostile, tags: [hostile] });
    expect(a?.selectors).toEqual([{ type: 'TextQuoteSelector', exact: hostile }]);
    expect(Object.keys(a ?? {})).toEqual([
      'id',
      'pageUrl',
      'pageTitle',
      'region',
      'selectors',
      'quote',
      'note',
      'color',
      'tags',
      'createdAt',
      'updatedAt',
      'anchored',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects selectors nested too deep', () => {
    let selector: Record<string, unknown> = { type: 'TextQuoteSelector', exact: 'x' };
    for (let i = 0; i < 10; i++) selector = { type: 'CssSelector', value: 'p', refinedBy: selector };
    const item = exportedItem();
    (item.target as Record<string, unknown>).selector = [selector];
    expect(parseImport(collection([item])).errors[0]).toMatch(/nested more than 4 deep/);
  });

  it('handles a large file quickly', () => {
    const items = Array.from({ length: 5_000 }, (_, i) =>
      exportedItem({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }),
    );
    const started = performance.now();
    const result = parseImport(collection(items));
    expect(result.annotations).toHaveLength(5_000);
    // Generous: ~0.2 s on a laptop; the bound catches accidental quadratic work, not CI jitter.
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it('imports a W3C annotation from another tool with Gloss defaults', () => {
    const foreign = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:uuid:6a9a1a3e-4b7c-4d2e-9f10-112233445566',
      type: 'Annotation',
      created: '2024-03-01T10:00:00Z',
      bodyValue: 'Interesting',
      target: {
        source: 'https://Example.com/story?utm_source=rss#frag',
        selector: { type: 'TextQuoteSelector', exact: 'a quoted passage', prefix: 'Here is ' },
      },
    };
    const { annotations, errors } = parseImport({ type: 'AnnotationPage', items: [foreign] });
    expect(errors).toEqual([]);
    expect(annotations[0]).toEqual({
      id: '6a9a1a3e-4b7c-4d2e-9f10-112233445566',
      pageUrl: 'https://example.com/story',
      pageTitle: '',
      region: { kind: 'page' },
      selectors: [{ type: 'TextQuoteSelector', exact: 'a quoted passage', prefix: 'Here is ' }],
      quote: 'a quoted passage',
      note: 'Interesting',
      color: 'yellow',
      tags: [],
      createdAt: Date.UTC(2024, 2, 1, 10),
      updatedAt: Date.UTC(2024, 2, 1, 10),
      anchored: true,
    });
  });
});

describe('importAnnotations', () => {
  it('adds new annotations and builds page rows and search words', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    const b = sampleAnnotation({ id: '0f8e2d4c-6b1a-4f3e-8d2c-1a0b9c8d7e6f', createdAt: a.createdAt + 1 });
    const c = sampleAnnotation({
      id: '7c6b5a49-3827-4165-9a0b-c1d2e3f40516',
      pageUrl: 'https://b.example/x',
    });
    expect(await importAnnotations(db, [a, b, c])).toEqual({
      added: 3,
      updated: 0,
      skippedOlder: 0,
      unchanged: 0,
      skippedConflicting: 0,
      rejected: [],
      batchId: expect.any(String),
    });
    expect(await listPageAnnotations(db, a.pageUrl)).toEqual([a, b]);
    expect(await listPages(db)).toEqual([
      { url: a.pageUrl, title: a.pageTitle, updatedAt: a.updatedAt, count: 2 },
      { url: 'https://b.example/x', title: a.pageTitle, updatedAt: a.updatedAt, count: 1 },
    ]);
    expect((await searchAnnotations(db, 'kids')).length).toBe(3);
  });

  it('keeps whichever copy is newer and reports what happened', async () => {
    const db = freshDb();
    const edited = await createAnnotation(db, newInput({ note: 'first draft' }));
    const untouched = await createAnnotation(db, newInput({ quote: 'untouched' }));
    const stale = await createAnnotation(db, newInput({ quote: 'stale backup' }));
    const tied = await createAnnotation(db, newInput({ quote: 'tied' }));
    const backup = parseImport(exportW3C([edited, untouched, stale, tied])).annotations;

    const newerLocal = await updateAnnotation(db, stale.id, { note: 'edited after the backup' });
    const newerInFile: Annotation = {
      ...edited,
      note: 'edited on another computer',
      updatedAt: edited.updatedAt + 5_000,
    };
    const tiedInFile: Annotation = { ...tied, note: 'same time, different text' };
    const brandNew = sampleAnnotation();

    const result = await importAnnotations(db, [
      newerInFile,
      ...backup.filter((x) => x.id === untouched.id || x.id === stale.id),
      tiedInFile,
      brandNew,
    ]);
    expect(result).toEqual({
      added: 1,
      updated: 1,
      skippedOlder: 1,
      unchanged: 1,
      skippedConflicting: 1,
      rejected: [],
      batchId: expect.any(String),
    });
    expect(await getAnnotation(db, edited.id)).toEqual(newerInFile);
    expect(await getAnnotation(db, stale.id)).toEqual(newerLocal);
    expect(await getAnnotation(db, tied.id)).toEqual(tied);
    expect(await getAnnotation(db, untouched.id)).toEqual(untouched);
    expect((await searchAnnotations(db, 'another computer')).map((x) => x.id)).toEqual([edited.id]);
    const pages = await listPages(db);
    expect(pages.find((p) => p.url === edited.pageUrl)).toMatchObject({
      count: 5,
      updatedAt: newerInFile.updatedAt,
    });
  });

  it('adds a file of new annotations without reading each one, and compares those already stored', async () => {
    const db = freshDb();
    const kept = await createAnnotation(db, newInput({ note: 'written here' }));
    const edited = await createAnnotation(db, newInput({ quote: 'edited elsewhere' }));
    const fresh = Array.from({ length: 40 }, (_, i) =>
      sampleAnnotation({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, quote: `fresh ${i}` }),
    );
    const read = vi.spyOn(db.annotations, 'bulkGet');
    const result = await importAnnotations(db, [
      ...fresh,
      { ...kept, note: 'written in the file' },
      { ...edited, note: 'the newer copy', updatedAt: edited.updatedAt + 1 },
    ]);
    expect(result).toMatchObject({ added: 40, updated: 1, skippedConflicting: 1, rejected: [] });
    // Some items, none stored: all are added unread, and only the ids found taken are read after.
    expect(read.mock.calls.map(([ids]) => ids.length)).toEqual([16, 2]);
    expect(await getAnnotation(db, kept.id)).toEqual(kept);
    expect((await getAnnotation(db, edited.id))?.note).toBe('the newer copy');
    // The refused copy left nothing in the index.
    expect(await searchAnnotations(db, 'file')).toEqual([]);
    expect((await searchAnnotations(db, 'fresh', 100)).length).toBe(40);
    expect((await listPages(db)).map((p) => p.count)).toEqual([42]);
    expect(await undoImport(db, result.batchId ?? '')).toMatchObject({ removed: 40, restored: 1 });
    expect(await searchAnnotations(db, 'fresh')).toEqual([]);
    expect((await listPages(db)).map((p) => p.count)).toEqual([2]);
  });

  it('moves an annotation between pages when the newer copy says so', async () => {
    const db = freshDb();
    const a = await createAnnotation(db, newInput());
    await importAnnotations(db, [
      { ...a, pageUrl: 'https://moved.example/story', updatedAt: a.updatedAt + 1 },
    ]);
    expect((await listPages(db)).map((p) => [p.url, p.count])).toEqual([['https://moved.example/story', 1]]);
  });

  it('imports all or nothing', async () => {
    const db = freshDb();
    const existing = await createAnnotation(db, newInput());
    vi.spyOn(db.pages, 'put').mockImplementation(() => Promise.reject(new Error('disk on fire')) as never);
    await expect(importAnnotations(db, [sampleAnnotation()])).rejects.toThrow('disk on fire');
    vi.restoreAllMocks();
    expect(await db.annotations.count()).toBe(1);
    expect((await listPages(db)).map((p) => p.count)).toEqual([1]);
    expect(await getAnnotation(db, existing.id)).toEqual(existing);
  });

  it('round-trips a whole database through export and import into a fresh one', async () => {
    const source = freshDb();
    for (let i = 0; i < 5; i++) {
      await createAnnotation(
        source,
        newInput({
          quote: `quote ${i}`,
          note: i % 2 ? `note ${i}` : '',
          tags: [`t${i}`],
          // A short page's quote carries the context width describe chose, a twinned one its copies.
          selectors: [
            {
              type: 'TextQuoteSelector',
              exact: `quote ${i}`,
              prefix: 'a ',
              'gloss:contextWidth': 509,
              'gloss:copies': 3,
            },
          ],
        }),
      );
    }
    const all = await source.annotations.toArray();
    const file = JSON.stringify(exportW3C(all.map(({ words: _words, doc: _doc, ...a }) => a)));
    const target = freshDb();
    const { annotations, errors } = parseImport(file);
    expect(errors).toEqual([]);
    expect(await importAnnotations(target, annotations)).toMatchObject({ added: 5 });
    // Doc numbers are local to a database (given in write order); everything else is the same.
    const withoutDoc = (rows: typeof all) => rows.map(({ doc: _doc, ...row }) => row);
    expect(withoutDoc(await target.annotations.toArray())).toEqual(withoutDoc(all));
    expect(await target.pages.toArray()).toEqual(await source.pages.toArray());
    expect(await importAnnotations(target, annotations)).toMatchObject({ added: 0, unchanged: 5 });
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The import's clock in date tests: after every fixture date (May 2024). */
const NOW = Date.UTC(2024, 5, 1, 12);
const YEAR_9999 = '9999-12-31T23:59:59.000Z';
const OTHER_ID = '11111111-2222-4333-8444-555555555555';

describe('dates that make sense', () => {
  it('rejects an item dated in the year 9999 by position, imports the rest, and keeps the stored note', async () => {
    const db = freshDb();
    const stored = sampleAnnotation();
    await importAnnotations(db, [stored], NOW);
    const absurd = exportedItem({ note: 'from the far future' });
    absurd.modified = YEAR_9999;
    const parsed = parseImport(collection([exportedItem({ id: OTHER_ID }), absurd]), NOW);
    expect(parsed.errors).toEqual([
      `Item 2: modified: ${YEAR_9999} is in the future (this computer's clock says 2024-06-01T12:00:00.000Z)`,
    ]);
    expect(parsed.annotations.map((a) => a.id)).toEqual([OTHER_ID]);
    expect(await importAnnotations(db, parsed.annotations, NOW)).toMatchObject({ added: 1, updated: 0 });
    expect(await getAnnotation(db, stored.id)).toEqual(stored);
  });

  it('says once that a file without `modified` is created in the future', () => {
    const item = exportedItem();
    item.created = YEAR_9999;
    delete item.modified;
    expect(parseImport(collection([item]), NOW).errors).toEqual([
      expect.stringMatching(/^Item 1: created: 9999-12-31T23:59:59\.000Z is in the future \([^;]*\)$/),
    ]);
  });

  it('allows a clock that runs a few minutes fast, not more', () => {
    const at = (ms: number) => exportedItem({ id: OTHER_ID, createdAt: ms, updatedAt: ms });
    const justInside = parseImport(collection([at(NOW + MAX_CLOCK_SKEW_MS)]), NOW);
    expect(justInside.errors).toEqual([]);
    expect(justInside.annotations).toHaveLength(1);
    const justOutside = parseImport(collection([at(NOW + MAX_CLOCK_SKEW_MS + 1)]), NOW);
    expect(justOutside.annotations).toEqual([]);
    expect(justOutside.errors).toEqual([expect.stringMatching(/^Item 1: created: .* is in the future/)]);
  });

  it('rejects an item modified before it was created', () => {
    const item = exportedItem();
    item.created = '2024-05-07T10:00:00.000Z';
    item.modified = '2024-05-06T10:00:00.000Z';
    const result = parseImport(
      collection([exportedItem({ id: OTHER_ID }), exportedItem({ id: OTHER_ID }), item]),
      NOW,
    );
    expect(result.annotations.map((a) => a.id)).toEqual([OTHER_ID]);
    expect(result.errors).toEqual([
      expect.stringMatching(/^Item 2: id: .* appears earlier/),
      'Item 3: modified: 2024-05-06T10:00:00.000Z is before created 2024-05-07T10:00:00.000Z',
    ]);
  });

  it('importAnnotations refuses absurd dates too, when handed annotations directly', async () => {
    const db = freshDb();
    const stored = sampleAnnotation();
    await importAnnotations(db, [stored], NOW);
    const future = { ...stored, note: 'overwrite', updatedAt: Date.parse(YEAR_9999) };
    const backwards = sampleAnnotation({ id: OTHER_ID, createdAt: stored.updatedAt + 1 });
    const result = await importAnnotations(db, [future, backwards], NOW);
    expect(result).toMatchObject({ added: 0, updated: 0, batchId: null });
    expect(result.rejected).toEqual([
      expect.stringMatching(new RegExp(`^Annotation ${stored.id}: updatedAt: 9999-.* is in the future`)),
      expect.stringMatching(new RegExp(`^Annotation ${OTHER_ID}: updatedAt: .* is before createdAt`)),
    ]);
    expect(await getAnnotation(db, stored.id)).toEqual(stored);
    expect(await getAnnotation(db, OTHER_ID)).toBeUndefined();
  });

  it('restores a real backup over a stored row dated in the future (written before dates were checked)', async () => {
    const db = freshDb();
    const backup = sampleAnnotation();
    const poisoned = { ...backup, note: 'from a broken clock', updatedAt: Date.parse(YEAR_9999) };
    await storeRaw(db, poisoned);
    const result = await importAnnotations(db, parseImport(exportW3C([backup]), NOW).annotations, NOW);
    expect(result).toMatchObject({ added: 0, updated: 1, skippedOlder: 0 });
    expect(await getAnnotation(db, backup.id)).toEqual(backup);
    expect((await listPages(db))[0]).toMatchObject({ updatedAt: backup.updatedAt, count: 1 });
    // A stored time within the allowed skew is a real edit time: it still wins.
    const soon = { ...backup, note: 'edited on a fast clock', updatedAt: NOW + MAX_CLOCK_SKEW_MS };
    await storeRaw(db, soon);
    expect(await importAnnotations(db, [backup], NOW)).toMatchObject({ updated: 0, skippedOlder: 1 });
    expect(await getAnnotation(db, backup.id)).toEqual(soon);
  });
});

describe('undoImport', () => {
  const PAGE = 'https://news.example.com/2024/05/library-vote';
  const MOVED = 'https://moved.example/story';

  it('removes what the import added and puts back what it replaced, with page rows', async () => {
    const db = freshDb();
    const kept = await createAnnotation(db, newInput({ quote: 'never in the file' }));
    const replaced = await createAnnotation(db, newInput({ note: 'before the import' }));
    const pagesBefore = await listPages(db);
    const newer = { ...replaced, note: 'from the backup', pageUrl: MOVED, updatedAt: replaced.updatedAt + 1 };
    const added = sampleAnnotation({ pageUrl: 'https://b.example/x' });
    const report = await importAnnotations(db, [newer, added]);
    expect(report).toMatchObject({ added: 1, updated: 1 });
    expect(report.batchId).toEqual(expect.any(String));
    const batch = await db.imports.get(report.batchId ?? '');
    expect(batch).toMatchObject({
      added: [{ id: added.id, updatedAt: added.updatedAt }],
      replaced: [{ before: replaced, updatedAt: newer.updatedAt }],
      undoneAt: null,
      prunedAt: null,
    });

    const undone = await undoImport(db, report.batchId ?? '', NOW);
    expect(undone).toEqual({
      removed: 1,
      restored: 1,
      keptEdited: 0,
      alreadyUndone: false,
      pageUrls: expect.arrayContaining([PAGE, MOVED, 'https://b.example/x']),
    });
    expect(undone.pageUrls).toHaveLength(3);
    expect(await listAllAnnotationsSorted(db)).toEqual([kept, replaced].sort(byId));
    expect(await listPages(db)).toEqual(pagesBefore);
    expect((await searchAnnotations(db, 'backup')).length).toBe(0);
    expect((await searchAnnotations(db, 'before')).map((a) => a.id)).toEqual([replaced.id]);
    expect(await db.imports.get(report.batchId ?? '')).toMatchObject({
      undoneAt: NOW,
      added: [],
      replaced: [],
    });
  });

  it('keeps what the reader edited or deleted after the import, and counts it', async () => {
    const db = freshDb();
    const replaced = await createAnnotation(db, newInput({ note: 'before' }));
    const deletedLater = await createAnnotation(db, newInput({ quote: 'deleted later', note: 'before' }));
    const added = sampleAnnotation();
    const untouched = sampleAnnotation({ id: OTHER_ID });
    const report = await importAnnotations(db, [
      { ...replaced, note: 'imported', updatedAt: replaced.updatedAt + 1 },
      { ...deletedLater, note: 'imported', updatedAt: deletedLater.updatedAt + 1 },
      added,
      untouched,
    ]);
    const editedReplaced = await updateAnnotation(db, replaced.id, { note: 'edited after the import' });
    const editedAdded = await updateAnnotation(db, added.id, { tags: ['mine'] });
    await deleteAnnotation(db, deletedLater.id);

    expect(await undoImport(db, report.batchId ?? '')).toMatchObject({
      removed: 1,
      restored: 0,
      keptEdited: 3,
    });
    expect(await getAnnotation(db, replaced.id)).toEqual(editedReplaced);
    expect(await getAnnotation(db, added.id)).toEqual(editedAdded);
    expect(await getAnnotation(db, deletedLater.id)).toBeUndefined();
    expect(await getAnnotation(db, untouched.id)).toBeUndefined();
    expect(await listPages(db)).toEqual([
      expect.objectContaining({ url: PAGE, count: 2, updatedAt: editedAdded.updatedAt }),
    ]);
  });

  it('a second undo changes nothing and says so', async () => {
    const db = freshDb();
    const report = await importAnnotations(db, [sampleAnnotation()]);
    await undoImport(db, report.batchId ?? '');
    // Imported again as a new batch: the first batch's undo must not remove it.
    const again = await importAnnotations(db, [sampleAnnotation()]);
    expect(again.batchId).not.toBe(report.batchId);
    expect(await undoImport(db, report.batchId ?? '')).toEqual({
      removed: 0,
      restored: 0,
      keptEdited: 0,
      alreadyUndone: true,
      pageUrls: [],
    });
    expect(await db.annotations.count()).toBe(1);
  });

  it('records no batch for an import that changed nothing', async () => {
    const db = freshDb();
    await importAnnotations(db, [sampleAnnotation()]);
    expect(await importAnnotations(db, [sampleAnnotation()])).toMatchObject({ unchanged: 1, batchId: null });
    expect(await importAnnotations(db, [])).toMatchObject({ batchId: null });
    expect(await db.imports.count()).toBe(1);
  });

  it('writes the batch in the same transaction as the annotations', async () => {
    const db = freshDb();
    vi.spyOn(db.imports, 'put').mockImplementation(() => Promise.reject(new Error('disk on fire')) as never);
    await expect(importAnnotations(db, [sampleAnnotation()])).rejects.toThrow('disk on fire');
    vi.restoreAllMocks();
    expect(await db.annotations.count()).toBe(0);
    expect(await db.pages.count()).toBe(0);
    expect(await db.imports.count()).toBe(0);
  });

  it(`keeps what only the last ${UNDOABLE_IMPORTS} imports replaced; an older one says it cannot be undone`, async () => {
    const db = freshDb();
    const ids: string[] = [];
    for (let i = 0; i <= UNDOABLE_IMPORTS; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const report = await importAnnotations(db, [sampleAnnotation({ id })], NOW + i);
      ids.push(report.batchId ?? '');
    }
    const [oldest] = ids;
    expect(await db.imports.get(oldest ?? '')).toMatchObject({
      added: [],
      replaced: [],
      prunedAt: NOW + UNDOABLE_IMPORTS,
    });
    const error = await undoImport(db, oldest ?? '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportNotFoundError);
    expect(error).toMatchObject({ code: 'not-found', pruned: true });
    expect(describeStorageError(error)).toBe(
      `This import can no longer be undone: Gloss keeps what an import changed only for the last ${UNDOABLE_IMPORTS} imports.`,
    );
    expect(await db.annotations.count()).toBe(UNDOABLE_IMPORTS + 1);
    // The newer ones still undo.
    expect(await undoImport(db, ids[1] ?? '')).toMatchObject({ removed: 1 });

    const unknown = await undoImport(db, 'no-such-import').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ImportNotFoundError);
    expect(unknown).toMatchObject({ pruned: false, message: expect.stringMatching(/no record of it/) });
  });

  it(`remembers at most ${REMEMBERED_IMPORTS} imports, and always the one just made`, async () => {
    const db = freshDb();
    const idAt = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    let first = '';
    for (let i = 0; i < REMEMBERED_IMPORTS + 2; i++) {
      const report = await importAnnotations(db, [sampleAnnotation({ id: idAt(i) })], NOW + i);
      if (i === 0) first = report.batchId ?? '';
    }
    expect(await db.imports.count()).toBe(REMEMBERED_IMPORTS);
    expect(await db.imports.filter((row) => row.prunedAt === null).count()).toBe(UNDOABLE_IMPORTS);
    expect(await db.imports.get(first)).toBeUndefined();
    // The clock went back: the import just made is still one that can be undone.
    const late = await importAnnotations(db, [sampleAnnotation({ id: idAt(999) })], NOW - 60_000);
    expect(await db.imports.get(late.batchId ?? '')).toMatchObject({ prunedAt: null });
    expect(await db.imports.filter((row) => row.prunedAt === null).count()).toBe(UNDOABLE_IMPORTS);
    expect(await undoImport(db, late.batchId ?? '')).toMatchObject({ removed: 1 });
  });
});

const byId = (a: Annotation, b: Annotation) => a.id.localeCompare(b.id);

async function listAllAnnotationsSorted(db: ReturnType<typeof freshDb>): Promise<Annotation[]> {
  return (await db.annotations.toArray()).map(({ words: _words, doc: _doc, ...a }) => a).sort(byId);
}
