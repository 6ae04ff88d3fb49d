import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft, ImportReport, PageIdentity, Reply } from '../../messaging/protocol';
import { createRouter, type RouterDeps, type Sender } from '../../messaging/router';
import type { Annotation } from '../../storage/annotation';
import { type GlossDb, openGlossDb } from '../../storage/db';
import { getAnnotation } from '../../storage/repository';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}/`;
const STORY = 'http://news.example/2024/05/library-vote';

const popup: Sender = { id: EXT_ID, url: `${ORIGIN}popup.html` };
/** The note editor: an extension page framed inside the news tab. */
const noteEditor: Sender = {
  id: EXT_ID,
  url: `${ORIGIN}note.html?draft=1`,
  tab: { id: 7, url: STORY },
  frameId: 5,
};
const content = (frameId = 0, tabId = 7, url = STORY): Sender => ({
  id: EXT_ID,
  url: frameId === 0 ? url : 'https://comments.example/embed/123',
  tab: { id: tabId, url, title: 'Tab title' },
  frameId,
});

const page: PageIdentity = {
  url: `${STORY}?utm_source=tw&utm_medium=social#comments`,
  canonical: null,
  title: 'Library vote',
};
const draft: Draft = {
  region: { kind: 'article' },
  selectors: [{ type: 'TextQuoteSelector', exact: 'the council voted', prefix: 'On Monday ', suffix: ' to' }],
  quote: 'the council voted',
  color: 'yellow',
};

let dbs: GlossDb[] = [];
let counter = 0;

afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  dbs = [];
});

function setup(overrides: Partial<RouterDeps> = {}) {
  counter += 1;
  const db = openGlossDb(`router-test-${counter}-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  const notified: string[] = [];
  const announced: string[] = [];
  const closed: [number, string | undefined][] = [];
  const previews: [number, string][] = [];
  const opened: string[] = [];
  const handle = createRouter({
    db,
    extensionId: EXT_ID,
    extensionOrigin: ORIGIN,
    notifyPageChanged: (url) => notified.push(url),
    notifyExtensionPages: (url) => announced.push(url),
    closeEditor: (tabId, deleted) => closed.push([tabId, deleted]),
    previewEditorColor: (tabId, color) => previews.push([tabId, color]),
    openTab: async (url) => {
      opened.push(url);
      return 40 + opened.length;
    },
    tabPage: async (tabId) => ({ pageUrl: tabId === 7 ? STORY : null, title: `tab ${tabId}` }),
    ...overrides,
  });
  /** Sends a message and returns the reply, failing the test if the promise rejects. */
  const send = (raw: unknown, sender: Sender): Promise<Reply<unknown>> => handle(raw, sender);
  /** Sends a message that must succeed and returns its value. */
  async function value<T>(raw: unknown, sender: Sender = popup): Promise<T> {
    const reply = await send(raw, sender);
    if (!reply.ok) throw new Error(`expected success, got ${reply.code}: ${reply.error}`);
    return reply.value as T;
  }
  return { db, notified, announced, closed, previews, opened, send, value };
}

function expectFailure(reply: Reply<unknown>, code: string, message?: RegExp): void {
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(reply.code).toBe(code);
  expect(typeof reply.error).toBe('string');
  expect(reply.error.length).toBeGreaterThan(0);
  if (message) expect(reply.error).toMatch(message);
}

describe('sender checks', () => {
  it('refuses every request from another extension, even one that names our pages', async () => {
    const { send, db } = setup();
    const stranger: Sender = {
      id: 'otherextensionid',
      url: `${ORIGIN}popup.html`,
      tab: { id: 1, url: STORY },
    };
    expectFailure(await send({ type: 'page.load', page }, stranger), 'forbidden');
    expectFailure(await send({ type: 'annotation.create', page, draft, note: '' }, stranger), 'forbidden');
    expectFailure(await send({ type: 'pages.list' }, stranger), 'forbidden');
    expectFailure(await send({ type: 'export', format: 'w3c' }, { url: `${ORIGIN}x` }), 'forbidden');
    expect(await db.annotations.count()).toBe(0);
  });

  it('lets a content script load, create, draft and report anchoring', async () => {
    const { send } = setup();
    const cs = content();
    const loaded = await send({ type: 'page.load', page }, cs);
    expect(loaded.ok).toBe(true);
    const created = await send({ type: 'annotation.create', page, draft, note: '' }, cs);
    expect(created.ok).toBe(true);
    expect((await send({ type: 'draft.create', page, draft }, cs)).ok).toBe(true);
    const id = created.ok ? (created.value as Annotation).id : '';
    expect((await send({ type: 'annotations.setAnchored', ids: [id], anchored: false }, cs)).ok).toBe(true);
  });

  it.each([
    ['annotation.delete', { id: 'x' }],
    ['annotation.undoDelete', { id: 'x' }],
    ['annotation.update', { id: 'x', patch: { note: 'pwned' } }],
    ['annotation.get', { id: 'x' }],
    ['annotations.forPage', { pageUrl: STORY }],
    ['annotations.search', { query: 'council' }],
    ['pages.list', {}],
    ['export', { format: 'w3c' }],
    ['import', { text: '{}' }],
    ['draft.get', { draftId: 'd' }],
    ['draft.commit', { draftId: 'd', note: '', color: 'yellow' }],
    ['tab.page', { tabId: 7 }],
  ])('refuses %s from a content script (the page could read or destroy notes)', async (type, fields) => {
    const { send } = setup();
    expectFailure(await send({ type, ...fields }, content()), 'forbidden', /not allowed from a web page/);
  });

  it('refuses content-script requests from a sender without a tab', async () => {
    const { send } = setup();
    expectFailure(await send({ type: 'page.load', page }, { id: EXT_ID, url: STORY }), 'forbidden');
  });

  it('lets extension pages make every request', async () => {
    const { send, value } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content());
    const requests: Record<string, unknown>[] = [
      { type: 'page.load', page },
      { type: 'annotation.get', id: a.id },
      { type: 'annotation.update', id: a.id, patch: { note: 'x' } },
      { type: 'annotations.setAnchored', ids: [a.id], anchored: true },
      { type: 'annotations.forPage', pageUrl: STORY },
      { type: 'annotations.search', query: 'council' },
      { type: 'pages.list' },
      { type: 'tab.page', tabId: 7 },
      { type: 'export', format: 'markdown' },
      { type: 'draft.create', page, draft },
      { type: 'annotation.delete', id: a.id },
      { type: 'editor.close' },
    ];
    for (const r of requests) {
      const reply = await send(r, popup);
      expect({ type: r.type, ok: reply.ok }).toEqual({ type: r.type, ok: true });
    }
  });

  it('checks the extension origin as a prefix of the full origin, not of the id', async () => {
    const { send } = setup();
    // A web page whose URL merely contains the extension id is still a web page.
    const lookalike: Sender = {
      id: EXT_ID,
      url: `https://evil.example/${ORIGIN}`,
      tab: { id: 9, url: 'https://evil.example/' },
      frameId: 0,
    };
    expectFailure(await send({ type: 'pages.list' }, lookalike), 'forbidden');
  });
});

describe('page.load', () => {
  it('returns the normalised page key: tracking parameters and fragment removed', async () => {
    const { value } = setup();
    const loaded = await value<{ pageUrl: string; annotations: Annotation[] }>(
      { type: 'page.load', page },
      content(),
    );
    expect(loaded).toEqual({ pageUrl: STORY, annotations: [] });
  });

  it('honours a same-site canonical link and ignores one on another site', async () => {
    const { value } = setup();
    const amp = { url: 'http://amp.news.example/amp/library?utm_campaign=x', canonical: STORY, title: 't' };
    const viaCanonical = await value<{ pageUrl: string }>({ type: 'page.load', page: amp }, content());
    expect(viaCanonical.pageUrl).toBe(STORY);
    const hijack = { url: STORY, canonical: 'https://evil.example/steal', title: 't' };
    const ignored = await value<{ pageUrl: string }>({ type: 'page.load', page: hijack }, content());
    expect(ignored.pageUrl).toBe(STORY);
  });

  it("lists the page's annotations, and only that page's", async () => {
    const { value } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: 'hm' }, content());
    const other = { url: 'http://news.example/other', canonical: null, title: 'Other' };
    await value({ type: 'annotation.create', page: other, draft, note: '' }, content(0, 8));
    const loaded = await value<{ pageUrl: string; annotations: Annotation[] }>(
      { type: 'page.load', page: { ...page, url: `${STORY}?fbclid=abc` } },
      content(),
    );
    expect(loaded.annotations).toEqual([a]);
  });

  it('page.open opens a tab whose first load, and only its top frame, learns which highlight to reveal', async () => {
    const { value, send, opened } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content());
    expect(await value({ type: 'page.open', url: STORY, revealId: a.id })).toBeNull();
    expect(opened).toEqual([STORY]);
    const inNewTab = (frameId: number) => content(frameId, 41);
    const fromFrame = await value<{ reveal?: string }>({ type: 'page.load', page }, inNewTab(3));
    expect(fromFrame.reveal).toBeUndefined();
    const first = await value<{ reveal?: string }>({ type: 'page.load', page }, inNewTab(0));
    expect(first.reveal).toBe(a.id);
    const again = await value<{ reveal?: string }>({ type: 'page.load', page }, inNewTab(0));
    expect(again.reveal).toBeUndefined();
    // Not from a web page, and not for a highlight that is gone.
    expectFailure(await send({ type: 'page.open', url: STORY, revealId: a.id }, content()), 'forbidden');
    expectFailure(await send({ type: 'page.open', url: STORY, revealId: 'gone' }, popup), 'not-found');
    expect(opened).toEqual([STORY]);
  });

  it('page.open reveals nothing when the tab lands on another story', async () => {
    const { value } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content());
    await value({ type: 'page.open', url: STORY, revealId: a.id });
    const elsewhere = { url: 'https://news.example/moved', canonical: null, title: 'Moved' };
    const loaded = await value<{ reveal?: string }>(
      { type: 'page.load', page: elsewhere },
      content(0, 41, elsewhere.url),
    );
    expect(loaded.reveal).toBeUndefined();
  });
});

describe('annotation.create', () => {
  it('stores the annotation under the page key and tells the tabs showing that page', async () => {
    const { value, notified } = setup();
    const a = await value<Annotation>(
      { type: 'annotation.create', page, draft, note: 'Check this' },
      content(),
    );
    expect(a).toMatchObject({
      pageUrl: STORY,
      pageTitle: 'Library vote',
      quote: 'the council voted',
      note: 'Check this',
      color: 'yellow',
      region: { kind: 'article' },
      anchored: true,
    });
    expect(notified).toEqual([STORY]);
    const loaded = await value<{ annotations: Annotation[] }>({ type: 'page.load', page }, content());
    expect(loaded.annotations.map((x) => x.id)).toEqual([a.id]);
  });

  it("stores a sub-frame's highlight under the top frame's page key", async () => {
    const { value, notified } = setup();
    await value({ type: 'page.load', page: { ...page, title: 'Top story' } }, content(0, 7));
    const commentFrame = { url: 'https://comments.example/embed/123', canonical: null, title: 'Comments' };
    const a = await value<Annotation>(
      {
        type: 'annotation.create',
        page: commentFrame,
        draft: { ...draft, region: { kind: 'comment', author: 'Ada', commentKey: 'c1' } },
        note: '',
      },
      content(3, 7),
    );
    expect(a.pageUrl).toBe(STORY);
    expect(a.pageTitle).toBe('Top story');
    expect(notified).toEqual([STORY]);
    // The frame's own load sees the story's annotations too.
    const frameLoad = await value<{ pageUrl: string; annotations: Annotation[] }>(
      { type: 'page.load', page: commentFrame },
      content(3, 7),
    );
    expect(frameLoad.pageUrl).toBe(STORY);
    expect(frameLoad.annotations.map((x) => x.id)).toEqual([a.id]);
  });

  it('keeps an annotation anchored while any frame of the tab shows it, whatever order frames report in', async () => {
    const { db, value } = setup();
    await value({ type: 'page.load', page }, content(0, 7));
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content(3, 7));
    const anchored = async () => (await getAnnotation(db, a.id))?.anchored;
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: true }, content(3, 7));
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, content(0, 7));
    expect(await anchored()).toBe(true);
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, content(3, 7));
    expect(await anchored()).toBe(false);
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: true }, content(3, 7));
    expect(await anchored()).toBe(true);
    // The top frame reloading the same page (after an edit) keeps the frames' reports...
    await value({ type: 'page.load', page }, content(0, 7));
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, content(0, 7));
    expect(await anchored()).toBe(true);
    // ...another page in the tab starts the count again.
    const other = 'https://news.example/2026/another-story';
    await value({ type: 'page.load', page: { ...page, url: other } }, content(0, 7, other));
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, content(0, 7, other));
    expect(await anchored()).toBe(false);
  });

  it('does not file a sub-frame highlight under the story the tab showed before it navigated', async () => {
    const { value } = setup();
    await value({ type: 'page.load', page }, content(0, 7));
    const next = 'https://news.example/2026/other-story';
    const commentFrame = { url: 'https://comments.example/embed/9', canonical: null, title: 'Comments' };
    const a = await value<Annotation>(
      { type: 'annotation.create', page: commentFrame, draft, note: '' },
      content(3, 7, next),
    );
    expect(a.pageUrl).toBe(next);
  });

  it("falls back to the tab's URL for a sub-frame when the top frame has not loaded", async () => {
    const { value } = setup();
    const commentFrame = { url: 'https://comments.example/embed/1', canonical: null, title: 'Comments' };
    const a = await value<Annotation>(
      { type: 'annotation.create', page: commentFrame, draft, note: '' },
      content(2, 11, `${STORY}?utm_source=x`),
    );
    expect(a.pageUrl).toBe(STORY);
    expect(a.pageTitle).toBe('Tab title');
  });

  it('keeps the page keys of different tabs apart', async () => {
    const { value } = setup();
    await value({ type: 'page.load', page }, content(0, 7));
    const other = { url: 'http://news.example/sport', canonical: null, title: 'Sport' };
    await value({ type: 'page.load', page: other }, content(0, 8));
    const a = await value<Annotation>(
      { type: 'annotation.create', page: { ...other, url: 'https://x.example/' }, draft, note: '' },
      content(4, 8),
    );
    expect(a.pageUrl).toBe('http://news.example/sport');
  });
});

describe('drafts (the note editor flow)', () => {
  it('draft.create -> draft.get -> draft.commit creates one annotation with the note and colour', async () => {
    const { value, send, notified, db } = setup();
    const { draftId } = await value<{ draftId: string }>({ type: 'draft.create', page, draft }, content());
    expect(notified).toEqual([]);
    expect(await db.annotations.count()).toBe(0);
    expect(await value<Draft>({ type: 'draft.get', draftId }, noteEditor)).toEqual(draft);
    const a = await value<Annotation>(
      { type: 'draft.commit', draftId, note: 'Private thought', color: 'purple', tags: ['budget'] },
      noteEditor,
    );
    expect(a).toMatchObject({
      note: 'Private thought',
      color: 'purple',
      tags: ['budget'],
      pageUrl: STORY,
      quote: draft.quote,
    });
    expect(notified).toEqual([STORY]);
    expect(await db.annotations.count()).toBe(1);
    const again = await send({ type: 'draft.commit', draftId, note: 'twice', color: 'yellow' }, noteEditor);
    expectFailure(again, 'not-found', /expired/);
    expectFailure(await send({ type: 'draft.get', draftId }, noteEditor), 'not-found');
    expect(await db.annotations.count()).toBe(1);
  });

  it('forgets drafts older than an hour', async () => {
    let clock = Date.UTC(2024, 4, 6, 12);
    const { value, send } = setup({ now: () => clock });
    const { draftId } = await value<{ draftId: string }>({ type: 'draft.create', page, draft }, content());
    clock += 61 * 60 * 1000;
    await value({ type: 'draft.create', page, draft }, content());
    expectFailure(await send({ type: 'draft.get', draftId }, noteEditor), 'not-found');
  });

  it('an unknown draft id is not-found', async () => {
    const { send } = setup();
    expectFailure(
      await send({ type: 'draft.commit', draftId: 'nope', note: '', color: 'yellow' }, popup),
      'not-found',
    );
  });
});

describe('update and delete', () => {
  it('update changes the note, notifies the page and returns the annotation', async () => {
    const { value, notified } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content());
    notified.length = 0;
    const updated = await value<Annotation>({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'later thought', color: 'blue' },
    });
    expect(updated).toMatchObject({ id: a.id, note: 'later thought', color: 'blue' });
    expect(notified).toEqual([STORY]);
    expect(await value<Annotation>({ type: 'annotation.get', id: a.id })).toEqual(updated);
  });

  it('update of a missing id is not-found', async () => {
    const { send, notified } = setup();
    expectFailure(
      await send({ type: 'annotation.update', id: 'gone', patch: { note: 'x' } }, popup),
      'not-found',
    );
    expect(notified).toEqual([]);
  });

  it('delete removes it, notifies the page and returns the id', async () => {
    const { value, send, notified } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content());
    notified.length = 0;
    expect(await value({ type: 'annotation.delete', id: a.id })).toEqual({ id: a.id });
    expect(notified).toEqual([STORY]);
    expectFailure(await send({ type: 'annotation.get', id: a.id }, popup), 'not-found');
    expect(await value({ type: 'pages.list' })).toEqual([]);
  });

  it('undoDelete puts the highlight back as it was, once, and only for a while', async () => {
    let clock = 1_000_000;
    const { value, send, notified } = setup({ now: () => clock });
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: 'keep me' }, content());
    await value({ type: 'annotation.delete', id: a.id });
    notified.length = 0;
    expect(await value({ type: 'annotation.undoDelete', id: a.id })).toEqual(a);
    expect(await value({ type: 'annotation.get', id: a.id })).toEqual(a);
    expect(await value({ type: 'pages.list' })).toEqual([expect.objectContaining({ url: STORY, count: 1 })]);
    expect(notified).toEqual([STORY]);
    expectFailure(await send({ type: 'annotation.undoDelete', id: a.id }, popup), 'not-found');

    await value({ type: 'annotation.delete', id: a.id });
    clock += 11 * 60 * 1000;
    expectFailure(
      await send({ type: 'annotation.undoDelete', id: a.id }, popup),
      'not-found',
      /can no longer be put back/,
    );
    expectFailure(await send({ type: 'annotation.undoDelete', id: 'never' }, popup), 'not-found');
  });

  it("page.undoDelete lets a tab put back its own story's deleted highlight, and tells it nothing", async () => {
    const { value, send, notified } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: 'keep me' }, content());
    await value({ type: 'annotation.delete', id: a.id });
    notified.length = 0;
    // Another tab, showing another story, cannot.
    await value({ type: 'page.load', page: { ...page, url: 'https://other.example/story' } }, content(0, 8));
    expectFailure(await send({ type: 'page.undoDelete', id: a.id }, content(0, 8)), 'not-found');
    expect(await value({ type: 'page.undoDelete', id: a.id }, content())).toBeNull();
    expect(await value({ type: 'annotation.get', id: a.id })).toEqual(a);
    expect(notified).toEqual([STORY]);
    expectFailure(await send({ type: 'page.undoDelete', id: a.id }, content()), 'not-found');
  });

  it('delete of a missing id is not-found and notifies nobody', async () => {
    const { send, notified } = setup();
    expectFailure(
      await send({ type: 'annotation.delete', id: 'missing' }, popup),
      'not-found',
      /no longer exists/,
    );
    expect(notified).toEqual([]);
  });

  it('setAnchored records orphans without touching updatedAt', async () => {
    const { value, notified, announced } = setup();
    const a = await value<Annotation>({ type: 'annotation.create', page, draft, note: '' }, content());
    expect([notified, announced]).toEqual([[STORY], [STORY]]);
    expect(
      await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, content()),
    ).toBeNull();
    const stored = await value<Annotation>({ type: 'annotation.get', id: a.id });
    expect(stored.anchored).toBe(false);
    expect(stored.updatedAt).toBe(a.updatedAt);
    // Open popups hear of the orphan; tabs are not told to repaint, or each report would trigger another.
    expect([notified, announced]).toEqual([[STORY], [STORY, STORY]]);
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, content());
    expect(announced).toEqual([STORY, STORY]);
  });
});

describe('queries', () => {
  it('pages.list lists pages with titles and counts; forPage and search find the annotations', async () => {
    const { value } = setup();
    const a = await value<Annotation>(
      { type: 'annotation.create', page, draft, note: 'budget cuts' },
      content(),
    );
    expect(await value({ type: 'pages.list' })).toEqual([
      expect.objectContaining({ url: STORY, title: 'Library vote', count: 1 }),
    ]);
    expect(await value({ type: 'annotations.forPage', pageUrl: STORY })).toEqual([a]);
    expect(await value({ type: 'annotations.search', query: 'budg' })).toEqual([a]);
    expect(await value({ type: 'annotations.search', query: 'zebra' })).toEqual([]);
  });

  it('tab.page answers from the injected tab lookup', async () => {
    const { value } = setup();
    expect(await value({ type: 'tab.page', tabId: 7 })).toEqual({ pageUrl: STORY, title: 'tab 7' });
  });

  it('editor.close asks the sending tab to close its editor', async () => {
    const { value, closed } = setup();
    expect(await value({ type: 'editor.close' }, noteEditor)).toBeNull();
    expect(closed).toEqual([[7, undefined]]);
    await value({ type: 'editor.close' }, popup);
    expect(closed).toEqual([[7, undefined]]);
    // After a deletion in the editor, the page is told which highlight it may offer to put back.
    await value({ type: 'editor.close', deleted: 'a-1' }, noteEditor);
    expect(closed).toEqual([
      [7, undefined],
      [7, 'a-1'],
    ]);
  });

  it('editor.preview passes a valid colour to the sending tab and refuses others', async () => {
    const { value, send, previews } = setup();
    expect(await value({ type: 'editor.preview', color: 'green' }, noteEditor)).toBeNull();
    expect(previews).toEqual([[7, 'green']]);
    const bad = await send({ type: 'editor.preview', color: 'url(x)' }, noteEditor);
    expect(bad).toMatchObject({ ok: false, code: 'invalid' });
    expect((await send({ type: 'editor.preview', color: 'green' }, content())).ok).toBe(false);
    expect(previews).toEqual([[7, 'green']]);
  });
});

describe('export and import', () => {
  const day = Date.UTC(2024, 4, 6, 12);

  it('exports W3C JSON with a dated filename', async () => {
    const { value } = setup({ now: () => day });
    await value({ type: 'annotation.create', page, draft, note: 'n1' }, content());
    const file = await value<{ filename: string; mime: string; text: string }>({
      type: 'export',
      format: 'w3c',
    });
    expect(file.filename).toBe('gloss-2024-05-06.json');
    expect(file.mime).toBe('application/json');
    const json = JSON.parse(file.text);
    expect(json.type).toBe('AnnotationCollection');
    expect(json.first.items).toHaveLength(1);
    expect(json.first.items[0].target.source).toBe(STORY);
  });

  it('exports Markdown for people', async () => {
    const { value } = setup({ now: () => day });
    await value({ type: 'annotation.create', page, draft, note: 'n1' }, content());
    const file = await value<{ filename: string; mime: string; text: string }>({
      type: 'export',
      format: 'markdown',
    });
    expect(file.filename).toBe('gloss-2024-05-06.md');
    expect(file.mime).toBe('text/markdown');
    expect(file.text).toContain('## Library vote');
    expect(file.text).toContain('> the council voted');
    expect(file.text).toContain('n1');
  });

  it('refuses text that is not JSON and stores nothing', async () => {
    const { send, db, notified } = setup();
    expectFailure(await send({ type: 'import', text: 'quote,note\n"a","b"' }, popup), 'invalid', /not JSON/);
    expect(await db.annotations.count()).toBe(0);
    expect(notified).toEqual([]);
  });

  // BUG: storage/import.ts ImportFormatError overrides `name` ('ImportFormatError'), and router.ts toFailure
  // maps only e.name === 'ValidationError' to 'invalid', so a JSON file that is not a collection is reported
  // as a storage failure instead of invalid input.
  it('refuses JSON that is not an annotation collection as invalid, storing nothing', async () => {
    const { send, db } = setup();
    const reply = await send({ type: 'import', text: '{"hello":"world"}' }, popup);
    expect(await db.annotations.count()).toBe(0);
    expectFailure(reply, 'invalid', /not a Gloss export/);
  });

  it('round-trips an export: a fresh profile adds everything, a second import adds nothing', async () => {
    const source = setup({ now: () => day });
    const a = await source.value<Annotation>(
      { type: 'annotation.create', page, draft, note: 'one' },
      content(),
    );
    const b = await source.value<Annotation>(
      {
        type: 'annotation.create',
        page: { url: 'https://other.example/x', canonical: null, title: 'Other' },
        draft: { ...draft, color: 'pink', region: { kind: 'comment', author: 'Bo', commentKey: null } },
        note: '',
      },
      content(0, 8),
    );
    const file = await source.value<{ text: string }>({ type: 'export', format: 'w3c' });

    const target = setup();
    const report = await target.value<ImportReport>({ type: 'import', text: file.text });
    expect(report).toMatchObject({ added: 2, updated: 0, skippedOlder: 0, unchanged: 0, errors: [] });
    expect(new Set(target.notified)).toEqual(new Set([STORY, 'https://other.example/x']));
    expect(await target.value({ type: 'annotation.get', id: a.id })).toEqual(a);
    expect(await target.value({ type: 'annotation.get', id: b.id })).toEqual(b);

    const again = await target.value<ImportReport>({ type: 'import', text: file.text });
    expect(again).toMatchObject({ added: 0, unchanged: 2 });
  });

  it('reports rejected items and imports the rest', async () => {
    const source = setup({ now: () => day });
    await source.value({ type: 'annotation.create', page, draft, note: 'one' }, content());
    const file = await source.value<{ text: string }>({ type: 'export', format: 'w3c' });
    const json = JSON.parse(file.text);
    json.first.items.push({ ...json.first.items[0], id: 'urn:uuid:not-a-uuid' });
    const target = setup();
    const report = await target.value<ImportReport>({ type: 'import', text: JSON.stringify(json) });
    expect(report.added).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^Item 2: id/);
  });
});

describe('failures are reply values, never rejected promises', () => {
  it.each([
    ['undefined', undefined],
    ['a string', 'page.load'],
    ['an unknown type', { type: 'nope' }],
    ['a malformed create', { type: 'annotation.create', page, draft: { ...draft, color: 'red' }, note: '' }],
  ])('%s', async (_name, raw) => {
    const { send } = setup();
    const reply = await send(raw, content());
    expectFailure(reply, 'invalid');
  });

  it('a failing tab lookup becomes an error reply', async () => {
    const { send } = setup({
      tabPage: async () => {
        throw new Error('No tab with id 99');
      },
    });
    const reply = await send({ type: 'tab.page', tabId: 99 }, popup);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toContain('No tab with id 99');
  });

  it('a closed database becomes a storage error the reader can act on', async () => {
    const { send, db } = setup();
    db.close({ disableAutoOpen: true });
    const reply = await send({ type: 'pages.list' }, popup);
    expectFailure(reply, 'storage', /Gloss could not open its storage/);
  });

  it('a sub-frame with neither a top page nor a tab URL cannot store anything', async () => {
    const { send, db } = setup();
    const orphanFrame: Sender = { id: EXT_ID, url: 'https://c.example/', tab: { id: 30 }, frameId: 2 };
    expectFailure(await send({ type: 'annotation.create', page, draft, note: '' }, orphanFrame), 'invalid');
    expect(await db.annotations.count()).toBe(0);
  });
});
