import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../storage/annotation';
import {
  CURRENT_SCHEMA_VERSION,
  declareSchema,
  type GlossDb,
  openGlossDb,
  SCHEMA_VERSIONS,
} from '../../storage/db';
import { headlineHistory, noteHeadline } from '../../storage/headlines';
import { undoImport } from '../../storage/import';
import {
  createAnnotation,
  fromRow,
  listPageAnnotations,
  listPages,
  refreshPages,
  searchAnnotations,
} from '../../storage/repository';
import { searchLibrary } from '../../storage/search/query';
import { indexTerms } from '../../storage/search/terms';
import { putAnnotations } from '../../storage/search/writer';
import { newInput, sampleAnnotation } from './storage-fixtures';

/**
 * Upgrades are tested on real data written in the old shape, never on an empty database.
 *
 * When SCHEMA_VERSIONS gains version N, add `N: { seed, check }` below: `seed` writes rows the way
 * version N-1 stored them (into a database declared only up to N-1), `check` asserts what the upgrade made
 * of them after the database is reopened with the current schema. The last test fails until you do.
 */
interface UpgradeCase {
  seed(db: Dexie): Promise<void>;
  check(db: GlossDb): Promise<void>;
}
const UPGRADE_CASES: Record<number, UpgradeCase> = {
  3: {
    async seed(db) {
      await db.table('annotations').bulkAdd([...v1Rows, v2OtherPageRow]);
      await db.table('pages').bulkAdd([v1Page, v2OtherPage]);
      await db.table('imports').add({
        id: 'batch-1',
        at: v2OtherPageRow.createdAt,
        added: [{ id: v2OtherPageRow.id, updatedAt: v2OtherPageRow.updatedAt }],
        replaced: [],
        undoneAt: null,
        prunedAt: null,
      });
    },
    async check(db) {
      // Every row got its own doc number and its index terms (words and facets) in place of the old tokens.
      const rows = await db.annotations.toArray();
      expect(rows.map((r) => r.doc).sort()).toEqual([0, 1, 2]);
      for (const row of rows) expect(row.words).toEqual(indexTerms(fromRow(row)));
      expect(await db.searchMeta.get('nextDoc')).toEqual({ name: 'nextDoc', value: 3 });
      // The old data answers every query, now through the index.
      const url = v1Rows[0]?.pageUrl ?? '';
      expect((await listPageAnnotations(db, url)).map((a) => a.id)).toEqual([v1Rows[1]?.id, v1Rows[0]?.id]);
      expect(await listPages(db)).toEqual([v1Page, v2OtherPage]);
      const ids = async (text: string, filters = {}) =>
        (await searchLibrary(db, { text, filters }, 0, 10)).items.map((a) => a.id);
      expect(await ids('kids')).toEqual([v1Rows[0]?.id]);
      expect(await ids('ada')).toEqual([v1Rows[0]?.id]); // the commenter, newly searchable
      expect(await ids('counc')).toEqual([v1Rows[0]?.id, v1Rows[1]?.id]);
      expect(await ids('', { color: 'yellow' })).toEqual([v1Rows[1]?.id]);
      expect(await ids('', { site: 'other.example.org' })).toEqual([v2OtherPageRow.id]);
      expect(await ids('', { tag: 'Transit' })).toEqual([v2OtherPageRow.id]);
      // The imported row can still be undone as a whole, and the index follows.
      expect(await undoImport(db, 'batch-1')).toMatchObject({ removed: 1 });
      expect(await ids('', { site: 'other.example.org' })).toEqual([]);
      // A new highlight after the upgrade takes the next doc number.
      const created = await createAnnotation(db, newInput({ quote: 'Kids deserve libraries' }));
      expect((await db.annotations.get(created.id))?.doc).toBe(3);
      expect(await ids('kids')).toEqual([created.id, v1Rows[0]?.id]);
    },
  },
  4: {
    async seed(db) {
      // Version 3 rows as the shipped writer stores them: annotations with their index, page rows.
      const v3 = db as unknown as GlossDb;
      await putAnnotations(v3, [...v1Rows.map(fromRow), fromRow(v2OtherPageRow)]);
      await refreshPages(v3, [V1_URL, v2OtherPageRow.pageUrl]);
    },
    async check(db) {
      // v4 only adds the headlines table: every v3 row and index answers as before.
      const url = V1_URL;
      expect((await listPageAnnotations(db, url)).map((a) => a.id)).toEqual([v1Rows[1]?.id, v1Rows[0]?.id]);
      expect((await listPages(db)).map((p) => [p.url, p.count])).toEqual([
        [V1_URL, 2],
        [v2OtherPageRow.pageUrl, 1],
      ]);
      const ids = async (text: string) =>
        (await searchLibrary(db, { text, filters: {} }, 0, 10)).items.map((a) => a.id);
      expect(await ids('kids')).toEqual([v1Rows[0]?.id]);
      // Stories saved before keep a history from their next visit on.
      expect(await headlineHistory(db, url)).toEqual([]);
      expect(await noteHeadline(db, url, 'Library to close', 5)).toBe(true);
      expect(await noteHeadline(db, url, 'Library to close after vote', 6)).toBe(true);
      expect((await headlineHistory(db, url)).map((h) => h.title)).toEqual([
        'Library to close',
        'Library to close after vote',
      ]);
    },
  },
  2: {
    async seed(db) {
      await db.table('annotations').bulkAdd(v1Rows);
      await db.table('pages').add(v1Page);
    },
    async check(db) {
      // v2 only adds the drafts and imports tables: every v1 row and index still answers as before.
      const url = v1Rows[0]?.pageUrl ?? '';
      expect((await listPageAnnotations(db, url)).map((a) => a.id)).toEqual([v1Rows[1]?.id, v1Rows[0]?.id]);
      expect(await listPages(db)).toEqual([v1Page]);
      expect((await searchAnnotations(db, 'kids')).map((a) => a.id)).toEqual([v1Rows[0]?.id]);
      expect(await db.drafts.count()).toBe(0);
      expect(await db.imports.count()).toBe(0);
      await db.drafts.put({
        id: 'edit:x',
        kind: 'edit',
        pageUrl: url,
        pageTitle: '',
        annotationId: v1Rows[0]?.id ?? null,
        baseUpdatedAt: v1Rows[0]?.updatedAt ?? null,
        region: { kind: 'article' },
        selectors: v1Rows[0]?.selectors ?? [],
        quote: 'q',
        note: 'typed',
        color: 'yellow',
        tags: [],
        createdAt: 1,
        updatedAt: 1,
        committedId: null,
      });
      expect((await db.drafts.where('pageUrl').equals(url).toArray()).map((d) => d.note)).toEqual(['typed']);
    },
  },
};

/** Rows exactly as version 1 stored them, `words` included. */
const v1Rows = [
  {
    ...sampleAnnotation(),
    words: [
      'ada',
      'close',
      'council',
      'follow',
      'go',
      'good',
      'kids',
      'libraries',
      'library',
      'local',
      'question',
    ],
  },
  {
    ...sampleAnnotation({
      id: '9d7b1c1e-2a4f-4b8e-8c3d-5e6f7a8b9c0d',
      quote: 'The council voted',
      note: '',
      region: { kind: 'article' },
      color: 'yellow',
      tags: [],
      createdAt: Date.UTC(2024, 4, 6, 9, 0),
      updatedAt: Date.UTC(2024, 4, 6, 9, 0),
      anchored: true,
    }),
    words: ['after', 'close', 'council', 'library', 'the', 'to', 'vote', 'voted'],
  },
];
const V1_URL = sampleAnnotation().pageUrl;
const v1Page = {
  url: v1Rows[0]?.pageUrl,
  title: v1Rows[0]?.pageTitle,
  updatedAt: v1Rows[0]?.updatedAt,
  count: 2,
};

/** A row as version 2 stored it (tokens only in `words`), on a second page, written by an import. */
const v2OtherPageRow = {
  ...sampleAnnotation({
    id: '5a0e2b7c-1d3f-4e6a-9b8c-7d6e5f4a3b2c',
    pageUrl: 'https://other.example.org/transit',
    pageTitle: 'Buses return',
    region: { kind: 'article' },
    quote: 'The night buses return in June',
    note: '',
    color: 'green',
    tags: ['transit'],
    createdAt: Date.UTC(2024, 4, 1, 9, 0),
    updatedAt: Date.UTC(2024, 4, 1, 9, 0),
  }),
  words: ['buses', 'in', 'june', 'night', 'return', 'the', 'transit'],
};
const v2OtherPage = {
  url: v2OtherPageRow.pageUrl,
  title: v2OtherPageRow.pageTitle,
  updatedAt: v2OtherPageRow.updatedAt,
  count: 1,
};

function uniqueName(): string {
  return `gloss-upgrade-${Math.random().toString(36).slice(2)}`;
}

/**
 * Builds a version-1 database with raw IndexedDB, independent of SCHEMA_VERSIONS, so editing the shipped
 * v1 declaration in place (instead of adding a version) shows up here. Dexie stores version N as N * 10.
 */
function createV1WithRawIndexedDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 10);
    request.onupgradeneeded = () => {
      const idb = request.result;
      const annotations = idb.createObjectStore('annotations', { keyPath: 'id' });
      annotations.createIndex('pageUrl', 'pageUrl');
      annotations.createIndex('[pageUrl+createdAt]', ['pageUrl', 'createdAt']);
      annotations.createIndex('updatedAt', 'updatedAt');
      annotations.createIndex('tags', 'tags', { multiEntry: true });
      annotations.createIndex('words', 'words', { multiEntry: true });
      const pages = idb.createObjectStore('pages', { keyPath: 'url' });
      pages.createIndex('updatedAt', 'updatedAt');
      for (const row of v1Rows) annotations.put(row);
      pages.put(v1Page);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('schema upgrades', () => {
  it('opens a version-1 database written by the shipped extension, with its data intact', async () => {
    const name = uniqueName();
    await createV1WithRawIndexedDb(name);

    const db = openGlossDb(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    // Dexie silently bumps the IndexedDB version when the declared v1 differs from what is installed;
    // staying at 10 proves the declaration still matches what shipped.
    if (CURRENT_SCHEMA_VERSION === 1) expect(db.backendDB().version).toBe(10);
    const url = v1Rows[0]?.pageUrl ?? '';
    const listed = await listPageAnnotations(db, url);
    expect(listed.map((a) => a.id)).toEqual([v1Rows[1]?.id, v1Rows[0]?.id]); // createdAt order via the index
    expect(listed[1]).toEqual(sampleAnnotation() satisfies Annotation);
    expect(await listPages(db)).toEqual([v1Page]);
    expect((await searchAnnotations(db, 'kids')).map((a) => a.id)).toEqual([v1Rows[0]?.id]);
    db.close();
  });

  it('keeps data across reopening with the same declarations', async () => {
    const name = uniqueName();
    const first = new Dexie(name);
    declareSchema(first, 1);
    await first.table('annotations').bulkAdd(v1Rows);
    await first.table('pages').add(v1Page);
    first.close();

    const db = openGlossDb(name);
    expect(await db.annotations.count()).toBe(2);
    expect(await db.pages.get(v1Page.url ?? '')).toEqual(v1Page);
    db.close();
  });

  const upgrades = SCHEMA_VERSIONS.filter((v) => v.version > 1);
  it.each(upgrades.map((v) => [v.version]))('upgrades real data from version %i - 1', async (version) => {
    const upgradeCase = UPGRADE_CASES[version];
    if (!upgradeCase) throw new Error(`missing UPGRADE_CASES[${version}]`);
    const name = uniqueName();
    const old = new Dexie(name);
    declareSchema(old, version - 1);
    await upgradeCase.seed(old);
    old.close();
    const db = openGlossDb(name);
    await db.open();
    await upgradeCase.check(db);
    db.close();
  });

  it('has an upgrade case for every version after the first', () => {
    const missing = upgrades.map((v) => v.version).filter((v) => !UPGRADE_CASES[v]);
    expect(missing, 'add UPGRADE_CASES entries for these schema versions').toEqual([]);
  });
});
