import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  openGlossDb,
  requestPersistentStorage,
  SCHEMA_VERSIONS,
} from '../../storage/db';
import { freshDb } from './storage-fixtures';

/** Annotation indexes: a page's rows in order, its last activity, and result rows by doc number. */
const INDEXES = ['[pageUrl+createdAt]', '[pageUrl+updatedAt]', 'doc'].sort();

describe('schema', () => {
  it('declares the indexes the popup queries rely on', async () => {
    const db = freshDb();
    await db.open();
    const annotations = db.annotations.schema;
    expect(annotations.primKey.keyPath).toBe('id');
    const byName = new Map(annotations.indexes.map((i) => [i.name, i]));
    expect([...byName.keys()].sort()).toEqual(INDEXES);
    expect(byName.get('[pageUrl+createdAt]')?.keyPath).toEqual(['pageUrl', 'createdAt']);
    expect(byName.get('[pageUrl+updatedAt]')?.keyPath).toEqual(['pageUrl', 'updatedAt']);
    expect(byName.get('doc')?.unique).toBe(true);
    expect(db.postings.schema.primKey.keyPath).toBe('key');
    expect(db.clocks.schema.primKey.keyPath).toBe('block');

    expect(db.pages.schema.primKey.keyPath).toBe('url');
    expect(db.pages.schema.indexes.map((i) => i.name)).toEqual(['updatedAt']);
    db.close();
  });

  it('creates the same indexes in IndexedDB itself', async () => {
    const db = freshDb();
    await db.open();
    const idb = db.backendDB();
    const tx = idb.transaction(['annotations', 'pages'], 'readonly');
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual(INDEXES);
    expect([...tx.objectStore('pages').indexNames]).toEqual(['updatedAt']);
    db.close();
  });

  it('is at the last declared version', async () => {
    const db = freshDb();
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual(
      SCHEMA_VERSIONS.map((_, i) => i + 1), // versions are consecutive, none skipped or reordered
    );
    db.close();
  });

  it('defaults to the database name gloss', () => {
    const db = openGlossDb();
    expect(db.name).toBe('gloss');
  });
});

describe('requestPersistentStorage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns true when already persistent, without asking again', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persisted: async () => true, persist } });
    await expect(requestPersistentStorage()).resolves.toBe(true);
    expect(persist).not.toHaveBeenCalled();
  });

  it('asks and reports the answer', async () => {
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist: async () => false } });
    await expect(requestPersistentStorage()).resolves.toBe(false);
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist: async () => true } });
    await expect(requestPersistentStorage()).resolves.toBe(true);
  });

  it('never throws', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        persisted: async () => false,
        persist: async () => {
          throw new Error('denied');
        },
      },
    });
    await expect(requestPersistentStorage()).resolves.toBe(false);
    vi.stubGlobal('navigator', {});
    await expect(requestPersistentStorage()).resolves.toBe(false);
    vi.stubGlobal('navigator', undefined);
    await expect(requestPersistentStorage()).resolves.toBe(false);
  });
});
