import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import { createDraft } from '../../storage/drafts';
import { noteHeadline } from '../../storage/headlines';
import { importAnnotations } from '../../storage/import';
import { createPageNote } from '../../storage/page-note';
import { deleteEverything, listPages } from '../../storage/repository';
import { searchLibrary } from '../../storage/search/query';
import { DEFAULT_SETTINGS, MAX_OFF_SITES, pagePrefs, siteKey } from '../../storage/settings';
import { getSettings, updateSettings } from '../../storage/settings-store';
import { freshDb, sampleAnnotation } from './storage-fixtures';

const NOW = Date.UTC(2025, 5, 1);

describe('settings', () => {
  it('start as the defaults, and keep what the reader changes, one setting at a time', async () => {
    const db = freshDb();
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(await updateSettings(db, { color: 'green' })).toEqual({ ...DEFAULT_SETTINGS, color: 'green' });
    await updateSettings(db, { toolbar: 'modifier' });
    expect(await getSettings(db)).toEqual({ color: 'green', toolbar: 'modifier', offSites: [] });
  });

  it('keep sites as bare host names, once each, from an address or a name', async () => {
    const db = freshDb();
    const saved = await updateSettings(db, {
      offSites: ['https://www.News.example.com/2026/story?x=1', 'news.example.com', 'WWW.Other.example'],
    });
    expect(saved.offSites).toEqual(['news.example.com', 'other.example']);
    expect(siteKey('not a site')).toBeUndefined();
    expect(siteKey('javascript:alert(1)')).toBeUndefined();
    expect(pagePrefs(saved, 'https://www.news.example.com/a', SUGGESTED_SHORTCUTS)).toEqual({
      color: 'yellow',
      toolbar: 'selection',
      off: true,
      shortcuts: SUGGESTED_SHORTCUTS,
    });
    expect(pagePrefs(saved, 'https://elsewhere.example/a', SUGGESTED_SHORTCUTS).off).toBe(false);
  });

  it('refuse, naming each problem, what is not a setting or not a value for it; nothing is written', async () => {
    const db = freshDb();
    await expect(
      updateSettings(db, {
        color: 'teal',
        toolbar: 'sometimes',
        offSites: ['ok.example', 'a b'],
        theme: 'x',
      }),
    ).rejects.toThrow(
      /theme: not a setting.*color: .*toolbar: expected selection, modifier, never.*offSites\[1\]/,
    );
    await expect(
      updateSettings(db, { offSites: Array(MAX_OFF_SITES + 1).fill('a.example') }),
    ).rejects.toThrow(/offSites: expected a list of at most/);
    await expect(updateSettings(db, 'everything')).rejects.toThrow(/Expected settings as an object/);
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('deleting everything', () => {
  it('takes every annotation, page note, draft, import, headline and index entry, and keeps the settings', async () => {
    const db = freshDb();
    const a = sampleAnnotation();
    await importAnnotations(db, [a], NOW);
    await createPageNote(db, { pageUrl: a.pageUrl, pageTitle: '', note: 'On the whole', tags: [] }, NOW);
    await noteHeadline(db, a.pageUrl, 'Library to close', NOW);
    await createDraft(
      db,
      {
        pageUrl: a.pageUrl,
        pageTitle: '',
        region: a.region,
        selectors: a.selectors,
        quote: a.quote,
        color: 'pink',
      },
      NOW,
    );
    await updateSettings(db, { color: 'blue' });
    expect(await deleteEverything(db)).toEqual({ deleted: 2, pageUrls: [a.pageUrl] });
    for (const table of [
      db.annotations,
      db.pages,
      db.drafts,
      db.imports,
      db.postings,
      db.clocks,
      db.headlines,
    ])
      expect(await table.count()).toBe(0);
    expect(await listPages(db)).toEqual([]);
    expect((await searchLibrary(db, { text: 'library', filters: {} }, 0, 10)).total).toBe(0);
    expect((await getSettings(db)).color).toBe('blue');
    // What comes next is numbered after what went: a stale posting can never point at it.
    await importAnnotations(db, [a], NOW);
    expect((await db.annotations.get(a.id))?.doc).toBeGreaterThan(0);
  });
});
