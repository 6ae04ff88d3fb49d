import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackground } from '../../background/app';
import { IMPORT_CHUNK_BUDGET } from '../../background/budget';
import { memoryArea } from '../../background/session';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import type { BackgroundReplies, Reply } from '../../messaging/protocol';
import { IMPORT_CHUNK_ITEMS } from '../../messaging/schema';
import { type GlossDb, openGlossDb } from '../../storage/db';
import { exportW3C } from '../../storage/export';
import { sampleAnnotation } from './storage-fixtures';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const library = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/library.html` };
const newsPage = {
  id: EXT_ID,
  url: 'https://news.example/story',
  tab: { id: 3, url: 'https://news.example/story' },
  frameId: 0,
};

let dbs: GlossDb[] = [];
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  dbs = [];
});

function setup() {
  const db = openGlossDb(`notebook-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  const announced: string[] = [];
  const background = createBackground({
    db,
    session: memoryArea(),
    extensionId: EXT_ID,
    wake: async () => {},
    sendToTab: () => {},
    showHighlightMenu: () => {},
    showCount: () => {},
    shortcuts: async () => SUGGESTED_SHORTCUTS,
    announce: (url) => announced.push(url),
    openTab: async () => 1,
    tabInfo: async () => null,
  });
  const send = (raw: unknown, sender: object = library) => background.handleMessage(raw, sender);
  async function value<K extends keyof BackgroundReplies>(
    type: K,
    payload: object,
  ): Promise<BackgroundReplies[K]> {
    const reply = (await send({ type, ...payload })) as Reply<BackgroundReplies[K]>;
    if (!reply.ok) throw new Error(`${reply.code}: ${reply.error}`);
    return reply.value;
  }
  return { db, send, value, announced };
}

/** W3C items of `n` annotations on `pages` stories, as a file holds them. */
function items(n: number, pages = 3): unknown[] {
  const annotations = Array.from({ length: n }, (_, i) =>
    sampleAnnotation({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      pageUrl: `https://news.example/story-${i % pages}`,
      quote: `quote number ${i}`,
      createdAt: Date.UTC(2024, 0, 1) + i,
      updatedAt: Date.UTC(2024, 0, 1) + i,
    }),
  );
  return exportW3C(annotations).first.items;
}

describe('import in chunks', () => {
  it('imports chunk by chunk into one batch that Undo takes back as a whole', async () => {
    const { db, value } = setup();
    const all = items(10);
    const first = await value('import.chunk', { items: all.slice(0, 4), firstIndex: 0, batchId: null });
    expect(first).toMatchObject({ added: 4, errors: [] });
    const second = await value('import.chunk', {
      items: all.slice(4),
      firstIndex: 4,
      batchId: first.batchId,
    });
    expect(second).toMatchObject({ added: 6, batchId: first.batchId });
    expect(await db.annotations.count()).toBe(10);
    expect((await value('library.search', { text: 'quote', filters: {}, offset: 0, limit: 5 })).total).toBe(
      10,
    );
    expect(await value('import.undo', { batchId: first.batchId })).toMatchObject({ removed: 10 });
    expect(await db.annotations.count()).toBe(0);
    expect((await value('library.search', { text: 'quote', filters: {}, offset: 0, limit: 5 })).total).toBe(
      0,
    );
  });

  it('writes chunks sent before the one ahead is answered in the order sent, into the one batch', async () => {
    const { db, value } = setup();
    const all = items(9);
    const first = await value('import.chunk', { items: all.slice(0, 3), firstIndex: 0, batchId: null });
    // The same annotation, same edit time, another colour: the copy earlier in the file is the one kept.
    const again = { ...(all[3] as Record<string, unknown>), 'gloss:color': 'green' };
    const [second, third] = await Promise.all([
      value('import.chunk', { items: all.slice(3, 6), firstIndex: 3, batchId: first.batchId }),
      value('import.chunk', { items: [...all.slice(6), again], firstIndex: 6, batchId: first.batchId }),
    ]);
    expect(second).toMatchObject({ added: 3, batchId: first.batchId });
    expect(third).toMatchObject({ added: 3, skippedConflicting: 1, batchId: first.batchId });
    expect((await db.annotations.get('00000000-0000-4000-8000-000000000003'))?.color).toBe('pink');
    expect(await value('import.undo', { batchId: first.batchId })).toMatchObject({ removed: 9 });
    expect(await db.annotations.count()).toBe(0);
  });

  it('names a bad item by its place in the file, and imports the rest of its chunk', async () => {
    const { value } = setup();
    const chunk = items(3);
    chunk[1] = { type: 'Annotation', id: 'nope' };
    const report = await value('import.chunk', { items: chunk, firstIndex: 200, batchId: null });
    expect(report.added).toBe(2);
    expect(report.errors).toEqual([expect.stringMatching(/^Item 202: target: /)]);
  });

  it('previews an import, writing nothing: new, updated, unchanged, kept and refused', async () => {
    const { db, value } = setup();
    const all = items(6);
    await value('import.chunk', { items: all.slice(0, 4), firstIndex: 0, batchId: null });
    const [newer, older, conflicting] = [all[0], all[1], all[2]].map(
      (i) => structuredClone(i) as Record<string, unknown>,
    );
    if (!newer || !older || !conflicting) throw new Error('fixture');
    newer.modified = '2025-01-01T00:00:00Z';
    newer.bodyValue = 'edited later elsewhere';
    older.created = '2023-01-01T00:00:00Z';
    older.modified = '2023-06-01T00:00:00Z';
    conflicting.bodyValue = 'same time, other words';
    const file = [newer, older, conflicting, all[3], all[4], all[5], { type: 'Annotation' }];
    const before = await db.annotations.toArray();
    const preview = await value('import.preview', { items: file, firstIndex: 0 });
    expect(preview).toEqual({
      added: 2,
      updated: 1,
      skippedOlder: 1,
      skippedConflicting: 1,
      unchanged: 1,
      errors: [expect.stringMatching(/^Item 7: /)],
      batchId: null,
    });
    expect(await db.annotations.toArray()).toEqual(before);
    // The import itself does what the preview said.
    const report = await value('import.chunk', { items: file, firstIndex: 0, batchId: null });
    expect({ ...report, batchId: null }).toEqual(preview);
  });

  it('refuses a chunk into an import that was undone meanwhile, and writes nothing', async () => {
    const { db, send, value } = setup();
    const all = items(4);
    const first = await value('import.chunk', { items: all.slice(0, 2), firstIndex: 0, batchId: null });
    await value('import.undo', { batchId: first.batchId });
    const reply = await send({
      type: 'import.chunk',
      items: all.slice(2),
      firstIndex: 2,
      batchId: first.batchId,
    });
    expect(reply).toMatchObject({
      ok: false,
      code: 'invalid',
      error: expect.stringMatching(/undone while it ran/),
    });
    expect(await db.annotations.count()).toBe(0);
  });

  it('refuses more items per chunk than declared, a chunk over its size budget, and a content script', async () => {
    const { send } = setup();
    const many = await send({
      type: 'import.chunk',
      items: new Array(IMPORT_CHUNK_ITEMS + 1).fill(0),
      firstIndex: 0,
      batchId: null,
    });
    expect(many).toMatchObject({ ok: false, code: 'invalid' });
    const huge = await send({
      type: 'import.chunk',
      items: ['x'.repeat(IMPORT_CHUNK_BUDGET.chars)],
      firstIndex: 0,
      batchId: null,
    });
    expect(huge).toMatchObject({ ok: false, code: 'too-large' });
    const fromPage = await send({ type: 'import.chunk', items: [], firstIndex: 0, batchId: null }, newsPage);
    expect(fromPage).toMatchObject({ ok: false, code: 'forbidden' });
    expect(
      await send({ type: 'library.search', text: 'x', filters: {}, offset: 0, limit: 5 }, newsPage),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });
});

describe('library requests', () => {
  it('lists stories newest activity first, in pages, with the total', async () => {
    const { value } = setup();
    await value('import.chunk', { items: items(9, 3), firstIndex: 0, batchId: null });
    const first = await value('library.pages', { offset: 0, limit: 2 });
    expect(first.total).toBe(3);
    expect(first.pages.map((p) => [p.url, p.count])).toEqual([
      ['https://news.example/story-2', 3],
      ['https://news.example/story-1', 3],
    ]);
    expect((await value('library.pages', { offset: 2, limit: 2 })).pages.map((p) => p.url)).toEqual([
      'https://news.example/story-0',
    ]);
  });

  it('searches with filters, and refuses a page larger than declared or an unknown colour', async () => {
    const { send, value } = setup();
    await value('import.chunk', { items: items(6), firstIndex: 0, batchId: null });
    const found = await value('library.search', {
      text: 'number',
      filters: { site: 'news.example', commenter: 'ada l.' },
      offset: 0,
      limit: 2,
    });
    expect(found.total).toBe(6);
    expect(found.items.map((a) => a.quote)).toEqual(['quote number 5', 'quote number 4']);
    expect(
      await send({ type: 'library.search', text: '', filters: {}, offset: 0, limit: 100_000 }),
    ).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(
      await send({ type: 'library.search', text: '', filters: { color: 'mauve' }, offset: 0, limit: 5 }),
    ).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('lists the values of a filter with their counts', async () => {
    const { value } = setup();
    await value('import.chunk', { items: items(4, 2), firstIndex: 0, batchId: null });
    expect(await value('library.facets', { kind: 'site' })).toEqual([
      { value: 'news.example', label: 'news.example', count: 4 },
    ]);
    // Lower case for the filter; as the page wrote it for the reader to read.
    expect(await value('library.facets', { kind: 'commenter' })).toEqual([
      { value: 'ada l.', label: 'Ada L.', count: 4 },
    ]);
  });

  it('exports in chunks that make one document', async () => {
    const { value } = setup();
    await value('import.chunk', { items: items(5), firstIndex: 0, batchId: null });
    const chunk = await value('export.chunk', { format: 'w3c', offset: 0, generated: Date.UTC(2024, 5, 1) });
    expect(chunk.next).toBeNull();
    const doc = JSON.parse(`${chunk.head}${chunk.body}${chunk.tail}`);
    expect(doc).toMatchObject({ type: 'AnnotationCollection', total: 5 });
    expect(doc.first.items).toHaveLength(5);
  });
});
