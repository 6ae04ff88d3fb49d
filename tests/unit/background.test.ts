import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackgroundDeps, createBackground } from '../../background/app';
import { fitsBudget, MESSAGE_BUDGET, TAB_WRITES } from '../../background/budget';
import type { Sender } from '../../background/senders';
import { memoryArea, type SessionArea } from '../../background/session';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import type {
  BackgroundReplies,
  EditorState,
  ExportChunk,
  ImportReport,
  PageCommand,
  PageLoad,
  PaintSpec,
  Reply,
  SaveResult,
} from '../../messaging/protocol';
import type { Annotation } from '../../storage/annotation';
import { type GlossDb, openGlossDb } from '../../storage/db';
import { ExportAssembler } from '../../storage/export-assembler';
import { findItems } from '../../storage/import-format';
import { getAnnotation } from '../../storage/repository';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
/** The editor's host is a per-session dynamic id in Chrome: any host of an extension scheme is ours. */
const EDITOR_HOST = 'f1e2d3c4-b5a6-4978-8899-aabbccddeeff';
const TAB_URL = 'https://news.example/story?utm_source=x';
/** The story's key: the tab's address without its tracking parameter. */
const STORY = 'https://news.example/story';
const OTHER_URL = 'https://other.example/news/42';
const OTHER = OTHER_URL;

/** A content script in the top frame (or a sub-frame) of a tab. */
function content(
  options: { tabId?: number; tabUrl?: string; frameId?: number; frameUrl?: string; title?: string } = {},
): Sender {
  const tabUrl = options.tabUrl ?? TAB_URL;
  const frameId = options.frameId ?? 0;
  return {
    id: EXT_ID,
    url: options.frameUrl ?? (frameId === 0 ? tabUrl : 'https://comments.example/embed/123'),
    tab: { id: options.tabId ?? 7, url: tabUrl, title: options.title ?? 'Tab title' },
    frameId,
  };
}
const top7 = content();
/** A comment system's frame in tab 7: another origin. */
const comments7 = content({ frameId: 3, frameUrl: 'https://comments.example/embed/123' });
/** A content script in tab 8, which shows another site. */
const top8 = content({ tabId: 8, tabUrl: OTHER_URL });

/** The note editor framed in a tab; the ticket travels in its address. */
function editorSender(ticket: string, options: { tabId?: number; frameId?: number } = {}): Sender {
  return {
    id: EXT_ID,
    url: `chrome-extension://${EDITOR_HOST}/note.html#${ticket}`,
    tab: { id: options.tabId ?? 7, url: TAB_URL },
    frameId: options.frameId ?? 9,
  };
}
/** What a page is told when the reader changed nothing in Options. */
const DEFAULT_PREFS = { color: 'yellow', toolbar: 'selection', off: false, shortcuts: SUGGESTED_SHORTCUTS };
const popup: Sender = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };

const page = (title = 'Library vote', canonical: string | null = null) => ({ canonical, title });
const draft = {
  region: { kind: 'article' },
  selectors: [{ type: 'TextQuoteSelector', exact: 'the council voted', prefix: 'On Monday ', suffix: ' to' }],
  quote: 'the council voted',
  color: 'yellow',
};
const noteFields = (note: string, more: { color?: string; tags?: string[] } = {}) => ({
  note,
  color: more.color ?? 'green',
  tags: more.tags ?? [],
});

interface Sent {
  tabId: number;
  command: PageCommand;
  frameId: number | undefined;
}

let dbs: GlossDb[] = [];
let counter = 0;

afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  dbs = [];
});

type Value = <T = unknown>(raw: unknown, sender?: Sender) => Promise<T>;

/** The whole library as the popup's Export makes it: export.chunk until the last, parts joined. */
async function exportText(value: Value, format: 'w3c' | 'markdown' = 'w3c'): Promise<{ text: string }> {
  const file = new ExportAssembler();
  const generated = Date.now();
  for (let offset: number | null = 0; offset !== null; ) {
    const chunk: ExportChunk = await value({ type: 'export.chunk', format, offset, generated });
    file.add(chunk);
    offset = chunk.next;
  }
  return { text: file.finish().join('') };
}

/** A file imported as the popup's Import does it, in one chunk. */
function importText(value: Value, text: string): Promise<ImportReport> {
  return value({
    type: 'import.chunk',
    items: findItems(JSON.parse(text)).items,
    firstIndex: 0,
    batchId: null,
  });
}

function setup(options: { now?: () => number; tabInfo?: BackgroundDeps['tabInfo'] } = {}) {
  counter += 1;
  const db = openGlossDb(`background-test-${counter}-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  const session: SessionArea = memoryArea();
  const sent: Sent[] = [];
  const announced: string[] = [];
  const opened: string[] = [];
  const woken: { tabId: number; frameId: number }[] = [];
  /** Each tab's badge, as last set. */
  const badges = new Map<number, number>();
  /** The context menu's Edit note and Delete: shown (true) or hidden, as set one after another. */
  const menus: boolean[] = [];
  const deps: BackgroundDeps = {
    db,
    session,
    extensionId: EXT_ID,
    wake: async (tabId, frameId) => {
      woken.push({ tabId, frameId });
    },
    sendToTab: (tabId, command, frameId) => {
      sent.push({ tabId, command, frameId });
    },
    shortcuts: async () => SUGGESTED_SHORTCUTS,
    showCount: (tabId, highlights) => {
      badges.set(tabId, highlights);
    },
    showHighlightMenu: (visible) => {
      menus.push(visible);
    },
    announce: (pageUrl) => {
      announced.push(pageUrl);
    },
    openTab: async (url) => {
      opened.push(url);
      return 40 + opened.length;
    },
    tabInfo: options.tabInfo ?? (async () => null),
    ...(options.now ? { now: options.now } : {}),
  };
  let background = createBackground(deps);
  const send = (raw: unknown, sender: Sender): Promise<Reply<unknown>> =>
    background.handleMessage(raw, sender);
  /** Sends a message that must succeed and returns its value. */
  async function value<T = unknown>(raw: unknown, sender: Sender = popup): Promise<T> {
    const reply = await send(raw, sender);
    if (!reply.ok) throw new Error(`expected success, got ${reply.code}: ${reply.error}`);
    return reply.value as T;
  }
  /** The service worker stopped and a message woke a new one: nothing in memory, same database and session. */
  function restart(): void {
    background = createBackground({ ...deps });
  }
  const counts = async () => ({
    annotations: await db.annotations.count(),
    drafts: await db.drafts.count(),
    pages: await db.pages.count(),
  });
  const pageChanged = () => sent.filter((s) => s.command.type === 'page.changed').map((s) => s.tabId);
  const create = (sender: Sender = top7, fields: Record<string, unknown> = {}) =>
    value<PaintSpec>({ type: 'annotation.create', page: page(), draft, ...fields }, sender);
  const stored = async (id: string) => {
    const a = await getAnnotation(db, id);
    if (!a) throw new Error(`annotation ${id} is not stored`);
    return a;
  };
  /** A new highlight's editor, opened: the ticket the tab's content script got. */
  async function openNewEditor(sender: Sender = top7, editorFrame = 9): Promise<string> {
    const { ticket } = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, sender);
    const tabId = sender.tab?.id ?? 7;
    await value({ type: 'editor.open', ticket }, editorSender(ticket, { tabId, frameId: editorFrame }));
    return ticket;
  }
  return {
    db,
    session,
    sent,
    woken,
    badges,
    announced,
    opened,
    send,
    value,
    restart,
    counts,
    pageChanged,
    create,
    stored,
    openNewEditor,
    forgetTab: (tabId: number) => background.forgetTab(tabId),
    menus,
    menuChosen: (action: 'edit' | 'delete', tabId: number, frameId: number) =>
      background.highlightMenuChosen(action, tabId, frameId),
  };
}

function expectFailure(reply: Reply<unknown>, code: string, message?: RegExp): void {
  expect(reply).toMatchObject({ ok: false, code });
  if (reply.ok) return;
  expect(typeof reply.error).toBe('string');
  expect(reply.error.length).toBeGreaterThan(0);
  if (message) expect(reply.error).toMatch(message);
}

describe('who may send what', () => {
  it('refuses every request from another extension or a sender without an id, storing nothing', async () => {
    const { send, counts, sent, announced } = setup();
    const strangers: Sender[] = [
      { ...top7, id: 'otherextensionidotherextensionid' },
      { ...popup, id: 'otherextensionidotherextensionid' },
      { url: popup.url },
      { ...editorSender('t'), id: undefined },
    ];
    for (const stranger of strangers) {
      expectFailure(await send({ type: 'page.load', page: page() }, stranger), 'forbidden');
      expectFailure(await send({ type: 'annotation.create', page: page(), draft }, stranger), 'forbidden');
      expectFailure(await send({ type: 'draft.create', page: page(), draft }, stranger), 'forbidden');
      expectFailure(await send({ type: 'pages.list' }, stranger), 'forbidden');
      expectFailure(
        await send({ type: 'export.chunk', format: 'w3c', offset: 0, generated: 0 }, stranger),
        'forbidden',
      );
    }
    expect(await counts()).toEqual({ annotations: 0, drafts: 0, pages: 0 });
    expect([sent, announced]).toEqual([[], []]);
  });

  it('lets a content script load, create, draft, issue, resume and report anchoring', async () => {
    const { send, create, value } = setup();
    expect((await send({ type: 'page.load', page: page() }, top7)).ok).toBe(true);
    const a = await create();
    expect((await send({ type: 'draft.create', page: page(), draft }, top7)).ok).toBe(true);
    expect((await send({ type: 'editor.issue', id: a.id }, top7)).ok).toBe(true);
    expect((await send({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, top7)).ok).toBe(
      true,
    );
    await value({ type: 'annotation.delete', id: a.id });
    expect((await send({ type: 'page.undoDelete', id: a.id }, top7)).ok).toBe(true);
  });

  const popupRequests: [string, Record<string, unknown>][] = [
    ['annotations.forPage', { pageUrl: STORY }],
    ['annotations.search', { query: 'council' }],
    ['pages.list', {}],
    ['annotation.update', { id: 'ID', patch: { note: 'pwned' }, expectedUpdatedAt: 0 }],
    ['annotation.delete', { id: 'ID' }],
    ['annotation.undoDelete', { id: 'ID' }],
    ['tab.page', { tabId: 7 }],
    ['page.open', { url: STORY, revealId: 'ID' }],
    ['export.chunk', { format: 'w3c', offset: 0, generated: 0 }],
    ['import.chunk', { items: [], firstIndex: 0, batchId: null }],
    ['import.preview', { items: [], firstIndex: 0 }],
    ['import.undo', { batchId: 'b-1' }],
  ];

  it.each(popupRequests)(
    'refuses %s from a content script, a sub-frame or the editor',
    async (type, fields) => {
      const { send, create, counts, sent, announced, opened, stored } = setup();
      const a = await create();
      const before = await stored(a.id);
      const countsBefore = await counts();
      sent.length = 0;
      announced.length = 0;
      const raw = JSON.parse(JSON.stringify({ type, ...fields }).replaceAll('"ID"', JSON.stringify(a.id)));
      for (const sender of [top7, comments7, editorSender('some-ticket')]) {
        expectFailure(await send(raw, sender), 'forbidden', /not allowed from this sender/);
      }
      expect(await stored(a.id)).toEqual(before);
      expect(await counts()).toEqual(countsBefore);
      expect([sent, announced, opened]).toEqual([[], [], []]);
    },
  );

  it.each([
    ['editor.open', {}],
    ['editor.keep', noteFields('typed')],
    ['editor.save', noteFields('typed')],
    ['editor.delete', {}],
    ['editor.close', { discard: true }],
    ['editor.preview', { color: 'pink' }],
  ])('refuses %s from a content script or the popup, even with a real ticket', async (type, fields) => {
    const { send, value, counts, sent, db } = setup();
    const { ticket } = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    for (const sender of [top7, comments7, popup, top8]) {
      expectFailure(
        await send({ type, ticket, ...fields }, sender),
        'forbidden',
        /not allowed from this sender/,
      );
    }
    expect(await counts()).toEqual({ annotations: 0, drafts: 1, pages: 0 });
    expect((await db.drafts.toArray())[0]).toMatchObject({ note: '', tags: [] });
    expect(sent).toEqual([]);
    // The ticket was not spent by those refusals: the editor of the tab still opens it.
    expect((await send({ type: 'editor.open', ticket }, editorSender(ticket))).ok).toBe(true);
  });

  it.each([
    ['page.load', { page: page() }],
    ['annotation.create', { page: page(), draft }],
    ['draft.create', { page: page(), draft }],
    ['annotations.setAnchored', { ids: ['x'], anchored: false }],
    ['page.undoDelete', { id: 'x' }],
    ['editor.issue', { id: 'x' }],
    ['editor.resume', { draftId: 'x' }],
  ])('refuses the content request %s from the popup and the editor', async (type, fields) => {
    const { send, counts } = setup();
    for (const sender of [popup, editorSender('t')])
      expectFailure(await send({ type, ...fields }, sender), 'forbidden', /not allowed from this sender/);
    expect(await counts()).toEqual({ annotations: 0, drafts: 0, pages: 0 });
  });

  it('treats only http(s) frames in a tab as content scripts', async () => {
    const { send, counts } = setup();
    const notContent: Sender[] = [
      { id: EXT_ID, url: TAB_URL },
      { id: EXT_ID, url: 'file:///home/me/story.html', tab: { id: 7, url: 'file:///home/me/story.html' } },
      { id: EXT_ID, url: 'about:blank', tab: { id: 7, url: TAB_URL }, frameId: 2 },
      { id: EXT_ID, url: 'not a url', tab: { id: 7, url: TAB_URL }, frameId: 0 },
      { id: EXT_ID, tab: { id: 7, url: TAB_URL }, frameId: 0 },
    ];
    for (const sender of notContent) {
      expectFailure(await send({ type: 'annotation.create', page: page(), draft }, sender), 'forbidden');
    }
    expect(await counts()).toEqual({ annotations: 0, drafts: 0, pages: 0 });
  });

  it('does not take a web page whose address merely names the extension for an extension page', async () => {
    const { send } = setup();
    const lookalike = content({ tabUrl: `https://evil.example/chrome-extension://${EXT_ID}/popup.html` });
    expectFailure(await send({ type: 'pages.list' }, lookalike), 'forbidden');
    const editorLookalike = content({ tabUrl: `https://evil.example/note.html` });
    expectFailure(await send({ type: 'editor.open', ticket: 't' }, editorLookalike), 'forbidden');
  });

  it('refuses the editor page outside a tab: it has no page to edit on', async () => {
    const { send, value } = setup();
    const { ticket } = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    const loose: Sender = { id: EXT_ID, url: `chrome-extension://${EDITOR_HOST}/note.html#${ticket}` };
    expectFailure(await send({ type: 'editor.open', ticket }, loose), 'forbidden');
    // Nor is it an extension page with the library's rights.
    expectFailure(await send({ type: 'pages.list' }, loose), 'forbidden');
  });

  it('lets extension pages other than the popup (the library tab, in a tab) make library requests', async () => {
    const { value } = setup();
    const library: Sender = {
      id: EXT_ID,
      url: `chrome-extension://${EXT_ID}/library.html`,
      tab: { id: 12, url: `chrome-extension://${EXT_ID}/library.html` },
      frameId: 0,
    };
    expect(await value({ type: 'pages.list' }, library)).toEqual([]);
  });
});

describe('page identity comes from the sender', () => {
  it('stores under the tab address without tracking parameters, whatever the message says of it', async () => {
    const { value, create, stored } = setup();
    const a = await value<PaintSpec>(
      {
        type: 'annotation.create',
        // Fields the protocol does not know are dropped, never read.
        page: { ...page(), url: OTHER_URL, pageUrl: OTHER },
        pageUrl: OTHER,
        draft: { ...draft, pageUrl: OTHER },
      },
      top7,
    );
    expect((await stored(a.id)).pageUrl).toBe(STORY);
    const b = await create(content({ tabUrl: `${STORY}?fbclid=abc#comments` }));
    expect((await stored(b.id)).pageUrl).toBe(STORY);
    expect(await value({ type: 'annotations.forPage', pageUrl: STORY })).toHaveLength(2);
    expect(await value({ type: 'annotations.forPage', pageUrl: OTHER })).toEqual([]);
  });

  it('honours a canonical link only when it is same-site with the frame address', async () => {
    const { create, stored } = setup();
    const amp = content({ tabUrl: 'https://amp.news.example/amp/story?utm_campaign=y' });
    const viaCanonical = await create(amp, { page: page('t', STORY) });
    expect((await stored(viaCanonical.id)).pageUrl).toBe(STORY);
    const relative = await create(top7, { page: page('t', '/story-canonical') });
    expect((await stored(relative.id)).pageUrl).toBe('https://news.example/story-canonical');
    const hijack = await create(top7, { page: page('t', OTHER) });
    expect((await stored(hijack.id)).pageUrl).toBe(STORY);
    const sibling = await create(top7, { page: page('t', 'https://sport.news.example/story') });
    expect((await stored(sibling.id)).pageUrl).toBe(STORY);
    const notHttp = await create(top7, { page: page('t', 'javascript:alert(1)') });
    expect((await stored(notHttp.id)).pageUrl).toBe(STORY);
  });

  it("cannot read another site's annotations, whatever canonical or title it claims", async () => {
    const { value, create } = setup();
    const b = await create(top8, { page: page('Other') });
    for (const claim of [page('Other', OTHER), page('Other', 'other.example'), page(OTHER, `${OTHER}#x`)]) {
      const loaded = await value<BackgroundReplies['page.load']>({ type: 'page.load', page: claim }, top7);
      expect(loaded.annotations).toEqual([]);
      const fromFrame = await value<BackgroundReplies['page.load']>(
        { type: 'page.load', page: claim },
        comments7,
      );
      expect(fromFrame.annotations).toEqual([]);
    }
    const own = await value<BackgroundReplies['page.load']>({ type: 'page.load', page: page() }, top8);
    expect(own.annotations.map((x) => x.id)).toEqual([b.id]);
  });

  it("cannot create under another site's story", async () => {
    const { value, create, stored, pageChanged } = setup();
    await value({ type: 'page.load', page: page() }, top8);
    const a = await create(top7, { page: page('Other', OTHER) });
    const f = await create(comments7, { page: page('Other', OTHER) });
    const { ticket } = await value<{ ticket: string }>(
      { type: 'draft.create', page: page('Other', OTHER), draft },
      top7,
    );
    await value({ type: 'editor.open', ticket }, editorSender(ticket));
    await value({ type: 'editor.save', ticket, ...noteFields('n') }, editorSender(ticket));
    expect((await stored(a.id)).pageUrl).toBe(STORY);
    expect((await stored(f.id)).pageUrl).toBe(STORY);
    expect(await value({ type: 'annotations.forPage', pageUrl: OTHER })).toEqual([]);
    expect(pageChanged()).not.toContain(8);
  });

  it("cannot orphan, undo-delete, or open an editor on another site's annotations", async () => {
    const { value, send, create, stored, announced, counts, db } = setup();
    const b = await create(top8);
    announced.length = 0;
    for (const sender of [top7, comments7, content({ frameUrl: OTHER_URL, frameId: 4 })]) {
      await value({ type: 'page.load', page: page('x', OTHER) }, sender);
      expect(
        await value({ type: 'annotations.setAnchored', ids: [b.id], anchored: false }, sender),
      ).toBeNull();
      expectFailure(await send({ type: 'editor.issue', id: b.id }, sender), 'not-found');
    }
    expect((await stored(b.id)).anchored).toBe(true);
    expect(announced).toEqual([]);
    expect((await counts()).drafts).toBe(0);
    // Deleted from the popup, it can be put back from its own tab only.
    await value({ type: 'annotation.delete', id: b.id });
    expectFailure(await send({ type: 'page.undoDelete', id: b.id }, top7), 'not-found');
    expectFailure(await send({ type: 'page.undoDelete', id: b.id }, comments7), 'not-found');
    expect(await getAnnotation(db, b.id)).toBeUndefined();
    expect(await value({ type: 'page.undoDelete', id: b.id }, top8)).toBeNull();
  });

  it("files a sub-frame's highlight under its tab's story, with the top frame's title", async () => {
    const { value, stored, pageChanged } = setup();
    await value({ type: 'page.load', page: page('Top story', STORY) }, top7);
    const a = await value<PaintSpec>(
      {
        type: 'annotation.create',
        // A sub-frame's canonical and title are its own page's: never used.
        page: page('Comments', 'https://comments.example/embed/123'),
        draft: { ...draft, region: { kind: 'comment', author: 'Ada', commentKey: 'c1' } },
      },
      comments7,
    );
    expect(await stored(a.id)).toMatchObject({ pageUrl: STORY, pageTitle: 'Top story' });
    // The comment frame that made it painted it; the tab is not asked to load the story again.
    expect(pageChanged()).toEqual([]);
    const frameLoad = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page('Comments') },
      comments7,
    );
    expect(frameLoad.annotations.map((x) => x.id)).toEqual([a.id]);
  });

  it("files under the top frame's canonical story, which the sub-frames learn from it", async () => {
    const { value, create, stored } = setup();
    const ampTab = 'https://amp.news.example/amp/story';
    await value({ type: 'page.load', page: page('Amp', STORY) }, content({ tabUrl: ampTab }));
    const a = await create(content({ tabUrl: ampTab, frameId: 2 }));
    expect((await stored(a.id)).pageUrl).toBe(STORY);
  });

  it("falls back to the tab's address and title for a sub-frame before the top frame loaded", async () => {
    const { create, stored } = setup();
    const a = await create(content({ tabId: 11, frameId: 2, title: 'Tab title' }), {
      page: page('Comments'),
    });
    expect(await stored(a.id)).toMatchObject({ pageUrl: STORY, pageTitle: 'Tab title' });
  });

  it('does not file a sub-frame highlight under the story the tab showed before it navigated', async () => {
    const { value, create, stored } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    const next = 'https://news.example/2026/other-story';
    const a = await create(content({ tabUrl: next, frameId: 3 }));
    expect((await stored(a.id)).pageUrl).toBe(next);
  });

  it('keeps the stories of different tabs apart', async () => {
    const { value, create, stored } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    await value({ type: 'page.load', page: page('Other') }, top8);
    const a = await create(content({ tabId: 8, tabUrl: OTHER_URL, frameId: 4 }));
    expect((await stored(a.id)).pageUrl).toBe(OTHER);
    const b = await create(comments7);
    expect((await stored(b.id)).pageUrl).toBe(STORY);
  });

  // A web sub-frame in a tab that shows no web page (about:blank, a file) has no story to file under.
  it('refuses a sub-frame of a tab that shows no web page as such, not as a storage failure', async () => {
    const { send, counts } = setup();
    for (const tabUrl of ['about:blank', 'file:///home/me/page.html']) {
      const frame = content({ tabUrl, frameId: 2, frameUrl: 'https://comments.example/embed/1' });
      for (const raw of [
        { type: 'page.load', page: page() },
        { type: 'annotation.create', page: page(), draft },
      ]) {
        const reply = await send(raw, frame);
        expect(reply.ok).toBe(false);
        if (!reply.ok) expect(['forbidden', 'invalid']).toContain(reply.code);
      }
    }
    expect((await counts()).annotations).toBe(0);
  });
});

describe('page.load', () => {
  it('returns paint specs only: no note text and no tags anywhere in the reply', async () => {
    const { value, create, openNewEditor } = setup();
    const a = await create();
    const current = await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY });
    await value({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'SECRET-NOTE-TEXT', tags: ['SECRET-TAG'], color: 'pink' },
      expectedUpdatedAt: current[0]?.updatedAt,
    });
    // An unsaved note with something typed in it is offered to resume: its selectors and colour only.
    const ticket = await openNewEditor();
    await value(
      { type: 'editor.keep', ticket, note: 'DRAFT-SECRET', color: 'blue', tags: ['DRAFT-TAG'] },
      editorSender(ticket),
    );
    for (const sender of [top7, comments7]) {
      const reply = await value<BackgroundReplies['page.load']>({ type: 'page.load', page: page() }, sender);
      const json = JSON.stringify(reply);
      for (const secret of [
        'SECRET-NOTE-TEXT',
        'SECRET-TAG',
        'DRAFT-SECRET',
        'DRAFT-TAG',
        '"note"',
        '"tags"',
      ])
        expect(json).not.toContain(secret);
      expect(reply.annotations).toEqual([
        { id: a.id, selectors: draft.selectors, color: 'pink', hasNote: true, pageQuote: null },
      ]);
      expect(reply.drafts).toEqual([
        { draftId: expect.any(String), selectors: draft.selectors, color: 'blue' },
      ]);
      expect(Object.keys(reply).sort()).toEqual(['annotations', 'drafts', 'prefs']);
    }
  });

  it('answers annotation.create with a paint spec too, never the stored row', async () => {
    const { create } = setup();
    const spec = await create(top7, { draft: { ...draft, quote: 'QUOTE-ONLY-HERE' } });
    expect(spec).toEqual({
      id: expect.any(String),
      selectors: draft.selectors,
      color: 'yellow',
      hasNote: false,
      pageQuote: null,
    });
  });

  it("lists the story's annotations oldest first, and only that story's", async () => {
    const { value, create } = setup();
    const a = await create();
    await create(top8);
    const b = await create(comments7);
    const loaded = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page() },
      content({ tabId: 9, tabUrl: `${STORY}?fbclid=abc` }),
    );
    expect(loaded.annotations.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('offers to resume only typed, unsaved new notes of this story', async () => {
    const { value, openNewEditor } = setup();
    const typed = await openNewEditor();
    await value({ type: 'editor.keep', ticket: typed, ...noteFields('typed') }, editorSender(typed));
    await openNewEditor(top7, 10); // opened, nothing typed
    const saved = await openNewEditor(top7, 11);
    await value(
      { type: 'editor.save', ticket: saved, ...noteFields('saved') },
      editorSender(saved, { frameId: 11 }),
    );
    const elsewhere = await openNewEditor(top8, 12);
    await value(
      { type: 'editor.keep', ticket: elsewhere, ...noteFields('there') },
      editorSender(elsewhere, { tabId: 8, frameId: 12 }),
    );
    const loaded = await value<BackgroundReplies['page.load']>({ type: 'page.load', page: page() }, top7);
    expect(loaded.drafts).toHaveLength(1);
    expect(loaded.annotations).toHaveLength(1);
  });

  it('page.open opens a tab whose first top-frame load, and only that, learns which highlight to reveal', async () => {
    const { value, send, create, opened } = setup();
    const a = await create();
    expect(await value({ type: 'page.open', url: STORY, revealId: a.id })).toBeNull();
    expect(opened).toEqual([STORY]);
    const inNewTab = (frameId: number) => content({ tabId: 41, frameId });
    const fromFrame = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page() },
      inNewTab(3),
    );
    expect(fromFrame.reveal).toBeUndefined();
    const first = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page() },
      inNewTab(0),
    );
    expect(first.reveal).toBe(a.id);
    const again = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page() },
      inNewTab(0),
    );
    expect(again.reveal).toBeUndefined();
    // Not from a web page, and not for a highlight that is gone.
    expectFailure(await send({ type: 'page.open', url: STORY, revealId: a.id }, top7), 'forbidden');
    expectFailure(await send({ type: 'page.open', url: STORY, revealId: 'gone' }, popup), 'not-found');
    expectFailure(
      await send({ type: 'page.open', url: 'javascript:alert(1)', revealId: a.id }, popup),
      'invalid',
    );
    expect(opened).toEqual([STORY]);
  });

  it('page.open reveals nothing when the tab lands on another story', async () => {
    const { value, create } = setup();
    const a = await create();
    await value({ type: 'page.open', url: STORY, revealId: a.id });
    const loaded = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page() },
      content({ tabId: 41, tabUrl: 'https://news.example/moved' }),
    );
    expect(loaded.reveal).toBeUndefined();
  });
});

describe('page.enter and page.wake: Gloss starts only in frames that need it', () => {
  it('leaves a page with nothing saved alone: no load, no start', async () => {
    const { value, woken } = setup();
    expect(await value({ type: 'page.enter', page: page() }, top7)).toEqual({
      load: null,
      prefs: DEFAULT_PREFS,
    });
    expect(woken).toEqual([]);
  });

  it("brings the story's first load and starts Gloss in the frame that asked", async () => {
    const { value, create, woken } = setup();
    const a = await create();
    const entered = await value<BackgroundReplies['page.enter']>(
      { type: 'page.enter', page: page() },
      comments7,
    );
    expect(entered.load?.annotations.map((x) => x.id)).toEqual([a.id]);
    expect(entered.load).toEqual(await value({ type: 'page.load', page: page() }, comments7));
    expect(woken).toEqual([{ tabId: 7, frameId: 3 }]);
  });

  it('starts Gloss for a note left unsaved, with no highlight saved', async () => {
    const { value, woken, openNewEditor } = setup();
    const typed = await openNewEditor();
    await value({ type: 'editor.keep', ticket: typed, ...noteFields('typed') }, editorSender(typed));
    const entered = await value<BackgroundReplies['page.enter']>({ type: 'page.enter', page: page() }, top7);
    expect(entered.load?.annotations).toEqual([]);
    expect(entered.load?.drafts).toHaveLength(1);
    expect(woken).toEqual([{ tabId: 7, frameId: 0 }]);
  });

  it("gives no other site's highlights and starts nothing for them", async () => {
    const { value, create, woken } = setup();
    await create(top8, { page: page('Other') });
    expect(await value({ type: 'page.enter', page: page('Other', OTHER) }, top7)).toEqual({
      load: null,
      prefs: DEFAULT_PREFS,
    });
    expect(woken).toEqual([]);
  });

  it("page.wake starts Gloss in the sender's own frame, and only a content script may ask", async () => {
    const { value, send, woken } = setup();
    expect(await value({ type: 'page.wake' }, comments7)).toBeNull();
    expect(woken).toEqual([{ tabId: 7, frameId: 3 }]);
    expectFailure(await send({ type: 'page.wake' }, popup), 'forbidden');
    expectFailure(await send({ type: 'page.enter', page: page() }, popup), 'forbidden');
    expect(woken).toHaveLength(1);
  });
});

describe('Options: settings and deleting everything', () => {
  it('tells every page how the reader set Gloss up, and every open tab loads again on a change', async () => {
    const { value, send, create, sent } = setup();
    const entered = await value<BackgroundReplies['page.enter']>({ type: 'page.enter', page: page() }, top7);
    expect(entered.prefs).toEqual(DEFAULT_PREFS);
    await create(top7);
    await value({ type: 'page.load', page: page() }, top8);
    sent.length = 0;
    await value({ type: 'settings.set', patch: { color: 'green', toolbar: 'modifier' } });
    expect(sent.map((x) => [x.tabId, x.command.type]).sort()).toEqual([
      [7, 'page.changed'],
      [8, 'page.changed'],
    ]);
    const loaded = await value<PageLoad>({ type: 'page.load', page: page() }, top7);
    expect(loaded.prefs).toEqual({ ...DEFAULT_PREFS, color: 'green', toolbar: 'modifier' });
    expect(loaded.annotations).toHaveLength(1);
    expectFailure(
      await send({ type: 'settings.set', patch: { toolbar: 'always' } }, popup),
      'invalid',
      /toolbar/,
    );
    expectFailure(await send({ type: 'settings.set', patch: { color: 'green' } }, top7), 'forbidden');
  });

  it('gives a site turned off nothing to paint and starts nothing there, its comment frames included', async () => {
    const { value, create, woken } = setup();
    await create(top7);
    await value({ type: 'settings.set', patch: { offSites: [TAB_URL] } });
    const entered = await value<BackgroundReplies['page.enter']>({ type: 'page.enter', page: page() }, top7);
    expect(entered).toEqual({ load: null, prefs: { ...DEFAULT_PREFS, off: true } });
    const inFrame = await value<PageLoad>({ type: 'page.load', page: page() }, comments7);
    expect(inFrame.annotations).toEqual([]);
    expect(inFrame.prefs.off).toBe(true);
    expect(woken).toEqual([]);
    // The highlight is kept: turned on again, the site shows it.
    await value({ type: 'settings.set', patch: { offSites: [] } });
    expect((await value<PageLoad>({ type: 'page.load', page: page() }, top7)).annotations).toHaveLength(1);
  });

  it("deletes everything at the reader's word, from an extension page only, and the tabs repaint", async () => {
    const { value, send, create, counts, sent, announced } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    await value({ type: 'page.load', page: page('Other') }, top8);
    await create(top7);
    await create(top8, { page: page('Other') });
    expectFailure(await send({ type: 'library.deleteAll' }, top7), 'forbidden');
    sent.length = 0;
    expect(await value({ type: 'library.deleteAll' })).toEqual({ deleted: 2 });
    expect(await counts()).toEqual({ annotations: 0, drafts: 0, pages: 0 });
    expect(
      sent
        .filter((x) => x.command.type === 'page.changed')
        .map((x) => x.tabId)
        .sort(),
    ).toEqual([7, 8]);
    expect(announced).toContain(STORY);
  });
});

describe("the toolbar badge: a tab's count of its story's highlights", () => {
  it('counts on load, follows highlights made, deleted and imported, and leaves page notes out', async () => {
    const { value, create, badges } = setup();
    await value({ type: 'page.enter', page: page() }, top7);
    expect(badges.get(7)).toBe(0);
    await value({ type: 'page.enter', page: page('Other') }, top8);
    const a = await create(top7);
    // The tab that made it, which reloads nothing, and only it.
    expect(badges.get(7)).toBe(1);
    await create(top7);
    expect(badges.get(7)).toBe(2);
    await value({ type: 'pageNote.create', pageUrl: TAB_URL, pageTitle: '', note: 'On the whole', tags: [] });
    expect(badges.get(7)).toBe(2);
    await value({ type: 'annotation.delete', id: a.id });
    expect(badges.get(7)).toBe(1);
    // A sub-frame's load says nothing about the tab's story.
    await value({ type: 'page.load', page: page() }, comments7);
    expect(badges.get(7)).toBe(1);
    expect(badges.get(8)).toBe(0);
  });
});

describe("story.headlines: the story's headline history", () => {
  it('records the title each top-frame load shows, for stories with highlights; frames and others do not', async () => {
    const { value, create } = setup();
    const headlines = () =>
      value<{ title: string }[]>({ type: 'story.headlines', url: TAB_URL }).then((h) =>
        h.map((x) => x.title),
      );
    await value({ type: 'page.load', page: page('Library to close') }, top7);
    expect(await headlines()).toEqual([]);
    await create(top7, { page: page('Library to close') });
    await value({ type: 'page.load', page: page('Library to close') }, top7);
    // A comment frame's title is not the story's headline.
    await value({ type: 'page.load', page: page('Comments') }, comments7);
    await value({ type: 'page.enter', page: page('Library to close after council vote') }, top7);
    expect(await headlines()).toEqual(['Library to close', 'Library to close after council vote']);
  });
});

describe('pageNote.create: a note on the story as a whole', () => {
  const note = (text = 'The vote was 5 to 4.') => ({
    type: 'pageNote.create',
    pageUrl: TAB_URL,
    pageTitle: 'Library vote',
    note: text,
    tags: ['council'],
  });

  it('is written from an extension page, once per story, and never reaches the page', async () => {
    const { value, send, woken, pageChanged } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    const saved = await value<SaveResult<Annotation>>(note());
    if (saved.status !== 'saved') throw new Error('not saved');
    // The story's key, not the tab's address with its tracking parameter.
    expect(saved.value).toMatchObject({
      pageUrl: STORY,
      region: { kind: 'story' },
      note: 'The vote was 5 to 4.',
    });
    expect(pageChanged()).toEqual([7]);
    const again = await value<SaveResult<Annotation>>(note('Another take'));
    expect(again).toEqual({ status: 'conflict', stored: saved.value });
    // A page reads its highlights only: a story with just a page note starts nothing and paints nothing.
    expect(await value({ type: 'page.enter', page: page() }, top7)).toEqual({
      load: null,
      prefs: DEFAULT_PREFS,
    });
    expect(woken).toEqual([]);
    expect((await value<PageLoad>({ type: 'page.load', page: page() }, top7)).annotations).toEqual([]);
    expectFailure(await send({ type: 'editor.issue', id: saved.value.id }, top7), 'not-found');
    // Only an extension page writes one.
    expectFailure(await send(note(), top7), 'forbidden');
  });
});

describe('page.changed', () => {
  it('goes only to the tabs showing the story that changed, and carries nothing but its type', async () => {
    const { value, create, sent, announced } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    await value({ type: 'page.load', page: page() }, top8);
    await value(
      { type: 'page.load', page: page() },
      content({ tabId: 9, tabUrl: `${STORY}?utm_medium=mail` }),
    );
    const a = await create();
    const changes = sent.filter((s) => s.command.type === 'page.changed');
    // Tab 7 made the highlight and painted it already: only the other tab showing the story repaints.
    expect(changes).toEqual([{ tabId: 9, command: { type: 'page.changed' }, frameId: undefined }]);
    for (const change of changes) expect(Object.keys(change.command)).toEqual(['type']);
    expect(announced).toEqual([STORY]);

    sent.length = 0;
    const [row] = await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY });
    await value({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'n' },
      expectedUpdatedAt: row?.updatedAt,
    });
    await value({ type: 'annotation.delete', id: a.id });
    expect(sent).toEqual([
      { tabId: 7, command: { type: 'page.changed' }, frameId: undefined },
      { tabId: 9, command: { type: 'page.changed' }, frameId: undefined },
      { tabId: 7, command: { type: 'page.changed' }, frameId: undefined },
      { tabId: 9, command: { type: 'page.changed' }, frameId: undefined },
    ]);
  });

  it('stops going to a tab that closed', async () => {
    const { value, create, pageChanged, forgetTab } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    await forgetTab(7);
    await create(content({ tabId: 9 }));
    expect(pageChanged()).toEqual([]);
  });
});

describe('the editor ticket', () => {
  it('draft.create returns a ticket that the editor of the same tab opens once', async () => {
    const { value, send, counts, pageChanged } = setup();
    const { ticket } = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    expect(ticket).toEqual(expect.any(String));
    expect(await counts()).toEqual({ annotations: 0, drafts: 1, pages: 0 });
    expect(pageChanged()).toEqual([]);
    const state = await value<EditorState>({ type: 'editor.open', ticket }, editorSender(ticket));
    expect(state).toEqual({
      kind: 'new',
      quote: draft.quote,
      note: '',
      color: 'yellow',
      tags: [],
      stored: null,
    });
    // The same frame again (a reload), another editor frame of the tab: refused.
    expectFailure(await send({ type: 'editor.open', ticket }, editorSender(ticket)), 'forbidden');
    expectFailure(
      await send({ type: 'editor.open', ticket }, editorSender(ticket, { frameId: 10 })),
      'forbidden',
    );
    // The frame that holds it goes on working; the others cannot act with it.
    expect(
      await value({ type: 'editor.keep', ticket, ...noteFields('mine') }, editorSender(ticket)),
    ).toBeNull();
    for (const type of ['editor.keep', 'editor.save']) {
      expectFailure(
        await send({ type, ticket, ...noteFields('theirs') }, editorSender(ticket, { frameId: 10 })),
        'forbidden',
      );
    }
    for (const raw of [
      { type: 'editor.close', ticket, discard: true },
      { type: 'editor.delete', ticket },
      { type: 'editor.preview', ticket, color: 'pink' },
    ]) {
      expectFailure(await send(raw, editorSender(ticket, { frameId: 10 })), 'forbidden');
    }
    expect(await counts()).toEqual({ annotations: 0, drafts: 1, pages: 0 });
  });

  it('refuses an editor of another tab, and leaves the ticket to the right one', async () => {
    const { value, send, sent } = setup();
    const { ticket } = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    const elsewhere = editorSender(ticket, { tabId: 8 });
    expectFailure(await send({ type: 'editor.open', ticket }, elsewhere), 'forbidden');
    expectFailure(await send({ type: 'editor.keep', ticket, ...noteFields('x') }, elsewhere), 'forbidden');
    expectFailure(await send({ type: 'editor.preview', ticket, color: 'pink' }, elsewhere), 'forbidden');
    expect(sent).toEqual([]);
    expect((await send({ type: 'editor.open', ticket }, editorSender(ticket))).ok).toBe(true);
  });

  it('refuses an editor without a ticket, or with a made-up one', async () => {
    const { send, value, counts } = setup();
    await value({ type: 'draft.create', page: page(), draft }, top7);
    expectFailure(await send({ type: 'editor.open' }, editorSender('')), 'invalid');
    expectFailure(await send({ type: 'editor.open', ticket: '' }, editorSender('')), 'invalid');
    for (const made of ['made-up', crypto.randomUUID(), 'x'.repeat(100)]) {
      expectFailure(await send({ type: 'editor.open', ticket: made }, editorSender(made)), 'forbidden');
      expectFailure(
        await send({ type: 'editor.save', ticket: made, ...noteFields('x') }, editorSender(made)),
        'forbidden',
      );
    }
    expect(await counts()).toEqual({ annotations: 0, drafts: 1, pages: 0 });
  });

  it('saves a typed note as one annotation, repaints the story and closes the editor in the frame that asked', async () => {
    const { value, send, stored, sent, pageChanged } = setup();
    await value({ type: 'page.load', page: page('Library vote') }, top7);
    const { ticket } = await value<{ ticket: string }>(
      { type: 'draft.create', page: page('Comments'), draft },
      comments7,
    );
    await value({ type: 'editor.open', ticket }, editorSender(ticket));
    await value({ type: 'editor.preview', ticket, color: 'purple' }, editorSender(ticket));
    expect(sent).toEqual([{ tabId: 7, command: { type: 'page.previewColor', color: 'purple' }, frameId: 3 }]);
    expectFailure(
      await send({ type: 'editor.preview', ticket, color: 'url(x)' }, editorSender(ticket)),
      'invalid',
    );
    await value(
      { type: 'editor.keep', ticket, ...noteFields('Private', { color: 'purple' }) },
      editorSender(ticket),
    );
    sent.length = 0;
    const saved = await value<BackgroundReplies['editor.save']>(
      { type: 'editor.save', ticket, note: 'Private thought', color: 'purple', tags: ['budget', 'budget'] },
      editorSender(ticket),
    );
    expect(saved).toEqual({ status: 'saved', value: null });
    const [a] = await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY });
    expect(a).toMatchObject({
      pageUrl: STORY,
      pageTitle: 'Library vote',
      quote: draft.quote,
      note: 'Private thought',
      color: 'purple',
      tags: ['budget'],
    });
    expect((await stored(a?.id ?? '')).anchored).toBe(true);
    expect(pageChanged()).toEqual([7]);
    expect(sent).toContainEqual({ tabId: 7, command: { type: 'page.closeEditor' }, frameId: 3 });
    // The ticket ended with the save.
    expectFailure(
      await send({ type: 'editor.keep', ticket, ...noteFields('more') }, editorSender(ticket)),
      'forbidden',
    );
  });

  it('editor.issue opens an edit of a stored annotation of this story, showing what is stored', async () => {
    const { value, send, create } = setup();
    const a = await create();
    const [row] = await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY });
    const updated = await value<BackgroundReplies['annotation.update']>({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'stored note', tags: ['t'] },
      expectedUpdatedAt: row?.updatedAt,
    });
    const updatedAt = updated.status === 'saved' ? updated.value.updatedAt : 0;
    const { ticket } = await value<{ ticket: string }>({ type: 'editor.issue', id: a.id }, comments7);
    const state = await value<EditorState>({ type: 'editor.open', ticket }, editorSender(ticket));
    expect(state).toEqual({
      kind: 'edit',
      quote: draft.quote,
      note: 'stored note',
      color: 'yellow',
      tags: ['t'],
      stored: { note: 'stored note', color: 'yellow', tags: ['t'], updatedAt },
    });
    expectFailure(await send({ type: 'editor.issue', id: 'missing' }, top7), 'not-found');
  });

  it('editor.resume reopens a typed note of this story only, and not once saved', async () => {
    const { value, send, openNewEditor } = setup();
    const ticket = await openNewEditor();
    await value({ type: 'editor.keep', ticket, ...noteFields('half a thought') }, editorSender(ticket));
    await value({ type: 'editor.close', ticket, discard: false }, editorSender(ticket));
    const loaded = await value<BackgroundReplies['page.load']>({ type: 'page.load', page: page() }, top7);
    const draftId = loaded.drafts[0]?.draftId ?? '';
    expectFailure(await send({ type: 'editor.resume', draftId }, top8), 'not-found');
    const resumed = await value<{ ticket: string }>({ type: 'editor.resume', draftId }, comments7);
    const state = await value<EditorState>(
      { type: 'editor.open', ticket: resumed.ticket },
      editorSender(resumed.ticket),
    );
    expect(state).toMatchObject({ kind: 'new', note: 'half a thought', color: 'green' });
    await value(
      { type: 'editor.save', ticket: resumed.ticket, ...noteFields('done') },
      editorSender(resumed.ticket),
    );
    expectFailure(await send({ type: 'editor.resume', draftId }, top7), 'not-found');
    expectFailure(await send({ type: 'editor.resume', draftId: 'nope' }, top7), 'not-found');
  });

  it('editor.close keeps what was typed unless discarded, and closes the editor on the page', async () => {
    const { value, sent, counts, openNewEditor } = setup();
    const kept = await openNewEditor();
    await value({ type: 'editor.keep', ticket: kept, ...noteFields('keep me') }, editorSender(kept));
    await value({ type: 'editor.close', ticket: kept, discard: false }, editorSender(kept));
    expect(sent).toContainEqual({ tabId: 7, command: { type: 'page.closeEditor' }, frameId: 0 });
    expect(await counts()).toEqual({ annotations: 0, drafts: 1, pages: 0 });
    const dropped = await openNewEditor(top7, 10);
    await value(
      { type: 'editor.keep', ticket: dropped, ...noteFields('drop me') },
      editorSender(dropped, { frameId: 10 }),
    );
    await value(
      { type: 'editor.close', ticket: dropped, discard: true },
      editorSender(dropped, { frameId: 10 }),
    );
    expect(await counts()).toEqual({ annotations: 0, drafts: 1, pages: 0 });
  });

  it('editor.delete removes the highlight, and the page may offer to put it back', async () => {
    const { value, send, create, sent, counts } = setup();
    const a = await create();
    const { ticket } = await value<{ ticket: string }>({ type: 'editor.issue', id: a.id }, top7);
    await value({ type: 'editor.open', ticket }, editorSender(ticket));
    sent.length = 0;
    expect(await value({ type: 'editor.delete', ticket }, editorSender(ticket))).toBeNull();
    expect(await counts()).toEqual({ annotations: 0, drafts: 0, pages: 0 });
    expect(sent).toContainEqual({
      tabId: 7,
      command: { type: 'page.closeEditor', deleted: a.id },
      frameId: 0,
    });
    expect(await value({ type: 'page.undoDelete', id: a.id }, top7)).toBeNull();
    expect((await counts()).annotations).toBe(1);
    expectFailure(await send({ type: 'page.undoDelete', id: a.id }, top7), 'not-found');
    // Deleting a new highlight's editor only drops the draft.
    const fresh = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    await value({ type: 'editor.open', ticket: fresh.ticket }, editorSender(fresh.ticket));
    sent.length = 0;
    await value({ type: 'editor.delete', ticket: fresh.ticket }, editorSender(fresh.ticket));
    expect(await counts()).toEqual({ annotations: 1, drafts: 0, pages: 1 });
    expect(sent).toEqual([{ tabId: 7, command: { type: 'page.closeEditor' }, frameId: 0 }]);
  });

  it('a new ticket for the same frame voids the one before; tickets of a closed tab go', async () => {
    const { value, send, forgetTab } = setup();
    const first = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    const second = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, top7);
    const other = await value<{ ticket: string }>({ type: 'draft.create', page: page(), draft }, comments7);
    expectFailure(
      await send({ type: 'editor.open', ticket: first.ticket }, editorSender(first.ticket)),
      'forbidden',
    );
    expect((await send({ type: 'editor.open', ticket: second.ticket }, editorSender(second.ticket))).ok).toBe(
      true,
    );
    await forgetTab(7);
    const frame10 = editorSender(other.ticket, { frameId: 10 });
    expectFailure(await send({ type: 'editor.open', ticket: other.ticket }, frame10), 'forbidden');
    expectFailure(
      await send(
        { type: 'editor.keep', ticket: second.ticket, ...noteFields('x') },
        editorSender(second.ticket),
      ),
      'forbidden',
    );
  });
});

describe('nothing is lost when the worker stops', () => {
  it('a draft opened and typed before is still there, and saves after', async () => {
    const { value, restart, openNewEditor, counts } = setup();
    const ticket = await openNewEditor();
    await value(
      { type: 'editor.keep', ticket, ...noteFields('typed before the stop', { tags: ['t'] }) },
      editorSender(ticket),
    );
    restart();
    // The editor frame that holds the ticket goes on with it.
    await value(
      { type: 'editor.keep', ticket, ...noteFields('typed before the stop, and after') },
      editorSender(ticket),
    );
    const saved = await value<BackgroundReplies['editor.save']>(
      { type: 'editor.save', ticket, ...noteFields('typed before the stop, and after') },
      editorSender(ticket),
    );
    expect(saved.status).toBe('saved');
    const [a] = await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY });
    expect(a?.note).toBe('typed before the stop, and after');
    expect((await counts()).annotations).toBe(1);
  });

  it('the typed text of an editor that went away is offered again after the stop', async () => {
    const { value, restart, openNewEditor } = setup();
    const ticket = await openNewEditor();
    await value({ type: 'editor.keep', ticket, ...noteFields('kept') }, editorSender(ticket));
    restart();
    const loaded = await value<BackgroundReplies['page.load']>({ type: 'page.load', page: page() }, top7);
    const resumed = await value<{ ticket: string }>(
      { type: 'editor.resume', draftId: loaded.drafts[0]?.draftId ?? '' },
      top7,
    );
    const state = await value<EditorState>(
      { type: 'editor.open', ticket: resumed.ticket },
      editorSender(resumed.ticket, { frameId: 20 }),
    );
    expect(state.note).toBe('kept');
  });

  it('Undo of a delete works after the stop', async () => {
    const { value, create, restart, stored } = setup();
    const a = await create();
    const b = await create();
    const before = await stored(a.id);
    await value({ type: 'annotation.delete', id: a.id });
    await value({ type: 'annotation.delete', id: b.id });
    restart();
    expect(await value({ type: 'annotation.undoDelete', id: a.id })).toEqual(before);
    expect(await value({ type: 'page.undoDelete', id: b.id }, top7)).toBeNull();
    expect(await stored(a.id)).toEqual(before);
  });

  it("the tab's story and its painted frames survive", async () => {
    const { value, create, restart, stored, pageChanged } = setup();
    const ampTab = 'https://amp.news.example/amp/story';
    const ampTop = content({ tabUrl: ampTab });
    const ampFrame = content({ tabUrl: ampTab, frameId: 3 });
    await value({ type: 'page.load', page: page('Amp', STORY) }, ampTop);
    const a = await create(ampTop, { page: page('Amp', STORY) });
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: true }, ampFrame);
    restart();
    // The sub-frame still files under the top frame's canonical story, and changes reach the tab.
    const b = await create(ampFrame);
    expect((await stored(b.id)).pageUrl).toBe(STORY);
    // Both made in tab 7, which painted them itself.
    expect(pageChanged()).toEqual([]);
    // The top frame's miss does not orphan what the sub-frame reported before the stop.
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, ampTop);
    expect((await stored(a.id)).anchored).toBe(true);
  });

  it('a reveal set by page.open survives', async () => {
    const { value, create, restart } = setup();
    const a = await create();
    await value({ type: 'page.open', url: STORY, revealId: a.id });
    restart();
    const loaded = await value<BackgroundReplies['page.load']>(
      { type: 'page.load', page: page() },
      content({ tabId: 41 }),
    );
    expect(loaded.reveal).toBe(a.id);
  });
});

describe('a double save', () => {
  it('two editor.save at once store one annotation', async () => {
    const { value, send, openNewEditor, counts } = setup();
    const ticket = await openNewEditor();
    const save = () => send({ type: 'editor.save', ticket, ...noteFields('once') }, editorSender(ticket));
    const replies = await Promise.all([save(), save()]);
    for (const reply of replies) expect(reply).toEqual({ ok: true, value: { status: 'saved', value: null } });
    expect((await counts()).annotations).toBe(1);
    expect(await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY })).toHaveLength(1);
  });

  it('an edit saved twice at once is saved once', async () => {
    const { value, send, create, stored } = setup();
    const a = await create();
    const { ticket } = await value<{ ticket: string }>({ type: 'editor.issue', id: a.id }, top7);
    await value({ type: 'editor.open', ticket }, editorSender(ticket));
    const save = () => send({ type: 'editor.save', ticket, ...noteFields('edited') }, editorSender(ticket));
    const replies = await Promise.all([save(), save()]);
    // The first saves; the second finds the edit saved (its draft gone), never a conflict with itself.
    expect(replies[0]).toEqual({ ok: true, value: { status: 'saved', value: null } });
    expect([
      { ok: true, value: { status: 'saved', value: null } },
      expect.objectContaining({ code: 'not-found' }),
    ]).toContainEqual(replies[1]);
    expect((await stored(a.id)).note).toBe('edited');
    expect(await value<Annotation[]>({ type: 'annotations.forPage', pageUrl: STORY })).toHaveLength(1);
  });

  it('saving after the ticket ended is refused and stores nothing', async () => {
    const { value, send, openNewEditor, counts } = setup();
    const saved = await openNewEditor();
    await value({ type: 'editor.save', ticket: saved, ...noteFields('first') }, editorSender(saved));
    expectFailure(
      await send({ type: 'editor.save', ticket: saved, ...noteFields('again') }, editorSender(saved)),
      'forbidden',
    );
    const closed = await openNewEditor(top7, 10);
    await value(
      { type: 'editor.close', ticket: closed, discard: false },
      editorSender(closed, { frameId: 10 }),
    );
    expectFailure(
      await send(
        { type: 'editor.save', ticket: closed, ...noteFields('late') },
        editorSender(closed, { frameId: 10 }),
      ),
      'forbidden',
    );
    expect((await counts()).annotations).toBe(1);
  });
});

describe('conflicts', () => {
  it('annotation.update with a stale expectedUpdatedAt returns the stored copy and writes nothing', async () => {
    const { value, create, stored, sent, announced } = setup();
    const a = await create();
    const first = await stored(a.id);
    const saved = await value<BackgroundReplies['annotation.update']>({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'first edit' },
      expectedUpdatedAt: first.updatedAt,
    });
    expect(saved).toEqual({
      status: 'saved',
      value: { ...first, note: 'first edit', updatedAt: expect.any(Number) },
    });
    const current = await stored(a.id);
    sent.length = 0;
    announced.length = 0;
    const conflict = await value<BackgroundReplies['annotation.update']>({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'stale edit', color: 'blue' },
      expectedUpdatedAt: first.updatedAt,
    });
    expect(conflict).toEqual({ status: 'conflict', stored: current });
    expect(await stored(a.id)).toEqual(current);
    expect([sent, announced]).toEqual([[], []]);
  });

  it('annotation.update and delete of a missing id are not-found and tell nobody', async () => {
    const { send, sent, announced } = setup();
    expectFailure(
      await send(
        { type: 'annotation.update', id: 'gone', patch: { note: 'x' }, expectedUpdatedAt: 1 },
        popup,
      ),
      'not-found',
    );
    expectFailure(
      await send({ type: 'annotation.delete', id: 'gone' }, popup),
      'not-found',
      /no longer exists/,
    );
    expect([sent, announced]).toEqual([[], []]);
  });

  it('editor.save of an edit after another change is a conflict; overwriting the stored version saves', async () => {
    const { value, create, stored } = setup();
    const a = await create();
    const { ticket } = await value<{ ticket: string }>({ type: 'editor.issue', id: a.id }, top7);
    await value({ type: 'editor.open', ticket }, editorSender(ticket));
    await value({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'from the popup' },
      expectedUpdatedAt: (await stored(a.id)).updatedAt,
    });
    const popupVersion = await stored(a.id);
    const conflict = await value<BackgroundReplies['editor.save']>(
      { type: 'editor.save', ticket, ...noteFields('from the editor') },
      editorSender(ticket),
    );
    expect(conflict).toEqual({ status: 'conflict', stored: popupVersion });
    expect(await stored(a.id)).toEqual(popupVersion);
    // A made-up version is a conflict too.
    const wrong = await value<BackgroundReplies['editor.save']>(
      {
        type: 'editor.save',
        ticket,
        ...noteFields('from the editor'),
        overwrite: popupVersion.updatedAt - 1,
      },
      editorSender(ticket),
    );
    expect(wrong.status).toBe('conflict');
    const saved = await value<BackgroundReplies['editor.save']>(
      { type: 'editor.save', ticket, ...noteFields('from the editor'), overwrite: popupVersion.updatedAt },
      editorSender(ticket),
    );
    expect(saved).toEqual({ status: 'saved', value: null });
    expect(await stored(a.id)).toMatchObject({ note: 'from the editor', color: 'green' });
  });
});

describe('size budget and rate limit', () => {
  it('refuses a message over 1 MiB as too-large before validation, storing nothing', async () => {
    const { send, value, counts, openNewEditor, db } = setup();
    const huge = 'x'.repeat(48_000_000);
    const ticket = await openNewEditor();
    const before = await counts();
    const replies = [
      await send({ type: 'annotation.create', page: page(), draft: { ...draft, quote: huge } }, top7),
      await send({ type: 'draft.create', page: page(), draft: { ...draft, quote: huge } }, top7),
      await send({ type: 'editor.keep', ticket, note: huge, color: 'pink', tags: [] }, editorSender(ticket)),
      await send({ type: 'editor.save', ticket, note: huge, color: 'pink', tags: [] }, editorSender(ticket)),
      // Over the budget by many small parts, and with a field the schema would refuse anyway.
      await send({ type: 'page.load', page: page(), junk: Array(300_000).fill(0) }, top7),
      await send({ type: 'annotations.search', query: 'x'.repeat(1024 * 1024) }, popup),
      await send({ type: 'nope', x: huge }, popup),
    ];
    for (const reply of replies) expectFailure(reply, 'too-large');
    expect(await counts()).toEqual(before);
    expect((await db.drafts.toArray())[0]?.note).toBe('');
    // A little under the budget is checked by the schema, whose limits are far smaller.
    expectFailure(await send({ type: 'annotations.search', query: 'x'.repeat(1000) }, popup), 'invalid');
    expect(await value({ type: 'annotations.search', query: 'council' })).toEqual([]);
  });

  it('gives a chunk of an import file its own, larger budget, of characters and of parts', async () => {
    const { send } = setup();
    const items = [{ x: 'y'.repeat(2 * 1024 * 1024) }];
    const reply = await send({ type: 'import.chunk', items, firstIndex: 0, batchId: null }, popup);
    expect(reply).toMatchObject({ ok: true, value: { added: 0 } });
    const preview = await send({ type: 'import.preview', items, firstIndex: 0 }, popup);
    expect(preview).toMatchObject({ ok: true, value: { added: 0 } });
    // A chunk of well-tagged items holds more parts than any other message may.
    const tagged = Array.from({ length: 1000 }, () => ({
      body: Array.from({ length: 50 }, () => ({ type: 'TextualBody', purpose: 'tagging', value: 't' })),
    }));
    expect(fitsBudget(tagged, MESSAGE_BUDGET)).toBe(false);
    const many = await send({ type: 'import.preview', items: tagged, firstIndex: 0 }, popup);
    expect(many).toMatchObject({ ok: true, value: { added: 0 } });
  });

  it('walks a message only until the budget runs out', () => {
    const small = { chars: 1000, parts: MESSAGE_BUDGET.parts };
    expect(fitsBudget({ a: 'x'.repeat(100) }, small)).toBe(true);
    expect(fitsBudget({ a: 'x'.repeat(1000) }, small)).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(fitsBudget(cyclic, MESSAGE_BUDGET)).toBe(false);
  });

  // A sparse array costs a few bytes to send (Firefox's structured clone) and billions of slots to walk.
  it('refuses a sparse array with a huge length without reading every slot', () => {
    let reads = 0;
    const sparse = new Proxy(new Array(10_000_000), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key) && ++reads > 1_000_000)
          throw new Error('read every slot');
        return Reflect.get(target, key, receiver);
      },
    });
    expect(fitsBudget({ type: 'page.load', junk: sparse }, MESSAGE_BUDGET)).toBe(false);
    expect(reads).toBeLessThanOrEqual(MESSAGE_BUDGET.parts);
  });

  it('refuses more than the burst of writes from one tab; another tab, and time, restore it', async () => {
    let clock = Date.now();
    const { send, counts } = setup({ now: () => clock });
    const createFrom = (sender: Sender) => send({ type: 'annotation.create', page: page(), draft }, sender);
    for (let i = 0; i < TAB_WRITES.burst; i++)
      expect((await createFrom(i % 2 ? top7 : comments7)).ok).toBe(true);
    expectFailure(await createFrom(top7), 'rate-limited');
    // Every frame of the tab shares its budget.
    expectFailure(await send({ type: 'draft.create', page: page(), draft }, comments7), 'rate-limited');
    expect((await counts()).annotations).toBe(TAB_WRITES.burst);
    expect((await createFrom(top8)).ok).toBe(true);
    // Reads are not limited, nor are the popup's requests.
    expect((await send({ type: 'page.load', page: page() }, top7)).ok).toBe(true);
    expect((await send({ type: 'pages.list' }, popup)).ok).toBe(true);
    clock += 1000;
    expect((await createFrom(top7)).ok).toBe(true);
    expect((await createFrom(top7)).ok).toBe(true);
    expectFailure(await createFrom(top7), 'rate-limited');
    expect((await counts()).annotations).toBe(TAB_WRITES.burst + 3);
  });

  it("never refuses the note editor's keep and save, even when the tab's budget is spent", async () => {
    const clock = Date.now();
    const { send, value, openNewEditor, counts } = setup({ now: () => clock });
    const ticket = await openNewEditor();
    for (let i = 1; i < TAB_WRITES.burst; i++)
      await value({ type: 'annotation.create', page: page(), draft }, top7);
    expectFailure(await send({ type: 'annotation.create', page: page(), draft }, top7), 'rate-limited');
    for (let i = 0; i < 2 * TAB_WRITES.burst; i++)
      expect(
        await value({ type: 'editor.keep', ticket, ...noteFields(`typing ${i}`) }, editorSender(ticket)),
      ).toBeNull();
    expect(
      await value({ type: 'editor.save', ticket, ...noteFields('typed it all') }, editorSender(ticket)),
    ).toEqual({ status: 'saved', value: null });
    expect((await counts()).annotations).toBe(TAB_WRITES.burst);
  });
});

describe('annotations.setAnchored', () => {
  it('keeps an annotation anchored while any frame of the tab shows it, whatever order frames report in', async () => {
    const { value, create, stored } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    const a = await create(comments7);
    const anchored = async () => (await stored(a.id)).anchored;
    const report = (sender: Sender, isAnchored: boolean) =>
      value({ type: 'annotations.setAnchored', ids: [a.id], anchored: isAnchored }, sender);
    await report(comments7, true);
    await report(top7, false);
    expect(await anchored()).toBe(true);
    await report(comments7, false);
    expect(await anchored()).toBe(false);
    await report(comments7, true);
    expect(await anchored()).toBe(true);
    // Two frames missing at once, after one of them found it: the last report wins only when no frame has it.
    await report(top7, true);
    await Promise.all([report(top7, false), report(comments7, false)]);
    expect(await anchored()).toBe(false);
    await report(comments7, true);
    // The top frame reloading the same story keeps the frames' reports...
    await value({ type: 'page.load', page: page() }, top7);
    await report(top7, false);
    expect(await anchored()).toBe(true);
    // ...another story in the tab starts the count again.
    const next = 'https://news.example/2026/another-story';
    await value({ type: 'page.load', page: page() }, content({ tabUrl: next }));
    await create(content({ tabUrl: next }));
    // (a is not next's: a frame of next cannot orphan it.)
    await report(content({ tabUrl: next }), false);
    expect(await anchored()).toBe(true);
    await value({ type: 'page.load', page: page() }, top7);
    await report(top7, false);
    expect(await anchored()).toBe(false);
  });

  it('records an orphan without touching updatedAt, tells extension pages, and does not repaint tabs', async () => {
    const { value, create, stored, announced, pageChanged } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    const a = await create();
    const before = await stored(a.id);
    // The tab that made it painted it already.
    expect([pageChanged(), announced]).toEqual([[], [STORY]]);
    expect(await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, top7)).toBeNull();
    expect(await stored(a.id)).toEqual({ ...before, anchored: false });
    // Tabs are not told to repaint, or each report would start another.
    expect([pageChanged(), announced]).toEqual([[], [STORY, STORY]]);
    await value({ type: 'annotations.setAnchored', ids: [a.id], anchored: false }, top7);
    expect(announced).toEqual([STORY, STORY]);
    await value({ type: 'annotations.setAnchored', ids: [a.id, 'unknown'], anchored: true }, top7);
    expect((await stored(a.id)).anchored).toBe(true);
  });
});

describe('the library: update, delete, undo, queries', () => {
  it('undoDelete puts the highlight back as it was, once, and only for a while', async () => {
    let clock = Date.now();
    const { value, send, create, stored, pageChanged } = setup({ now: () => clock });
    await value({ type: 'page.load', page: page() }, top7);
    const a = await create();
    const before = await stored(a.id);
    expect(await value({ type: 'annotation.delete', id: a.id })).toEqual({ id: a.id });
    expect(await value({ type: 'pages.list' })).toEqual([]);
    expect(await value({ type: 'annotation.undoDelete', id: a.id })).toEqual(before);
    expect(await stored(a.id)).toEqual(before);
    expect(await value({ type: 'pages.list' })).toEqual([expect.objectContaining({ url: STORY, count: 1 })]);
    // The delete and the undo, made in the popup; not the create, which the tab painted itself.
    expect(pageChanged()).toEqual([7, 7]);
    expectFailure(await send({ type: 'annotation.undoDelete', id: a.id }, popup), 'not-found');
    await value({ type: 'annotation.delete', id: a.id });
    clock += 11 * 60 * 1000;
    expectFailure(
      await send({ type: 'annotation.undoDelete', id: a.id }, popup),
      'not-found',
      /can no longer be put back/,
    );
    expectFailure(await send({ type: 'page.undoDelete', id: a.id }, top7), 'not-found');
    expectFailure(await send({ type: 'annotation.undoDelete', id: 'never' }, popup), 'not-found');
  });

  it('Undo of a delete never writes over a copy that came back meanwhile', async () => {
    const { value, send, create, stored, pageChanged, session } = setup();
    await value({ type: 'page.load', page: page() }, top7);
    const a = await create();
    const backup = await exportText(value, 'w3c');
    await value({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'edited after the backup' },
      expectedUpdatedAt: (await stored(a.id)).updatedAt,
    });
    await value({ type: 'annotation.delete', id: a.id });
    // An older backup brings the highlight back before the reader presses Undo.
    await importText(value, backup.text);
    const restored = await stored(a.id);
    expect(restored.note).toBe('');
    const changesBefore = pageChanged().length;
    for (const [raw, sender] of [
      [{ type: 'annotation.undoDelete', id: a.id }, popup],
      [{ type: 'page.undoDelete', id: a.id }, top7],
    ] as const) {
      expectFailure(await send(raw, sender), 'invalid', /exists again already/);
    }
    expect(await stored(a.id)).toEqual(restored);
    expect(pageChanged().length).toBe(changesBefore);
    expect(Object.keys(await session.get(null))).toContain(`deleted:${a.id}`);
  });

  it('pages.list lists pages with titles and counts; forPage and search find the annotations', async () => {
    const { value, create, stored } = setup();
    const a = await create();
    await value({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'budget cuts', tags: ['Local news'] },
      expectedUpdatedAt: (await stored(a.id)).updatedAt,
    });
    const full = await stored(a.id);
    expect(await value({ type: 'pages.list' })).toEqual([
      expect.objectContaining({ url: STORY, title: 'Library vote', count: 1 }),
    ]);
    expect(await value({ type: 'annotations.forPage', pageUrl: STORY })).toEqual([full]);
    expect(await value({ type: 'annotations.search', query: 'budg' })).toEqual([full]);
    expect(await value({ type: 'annotations.search', query: '#"local news" coun' })).toEqual([full]);
    expect(await value({ type: 'annotations.search', query: 'zebra' })).toEqual([]);
  });

  it("tab.page answers from the story the tab's content script loaded while the tab stays there", async () => {
    const tabs: Record<number, { url?: string; title?: string }> = {
      7: { url: TAB_URL, title: 'Browser title' },
      8: { url: 'https://news.example/moved?utm_source=y', title: 'Moved' },
      9: { url: 'chrome://newtab/', title: 'New tab' },
    };
    const { value } = setup({ tabInfo: async (tabId) => tabs[tabId] ?? null });
    await value(
      { type: 'page.load', page: page('Amp', STORY) },
      content({ tabUrl: 'https://amp.news.example/s' }),
    );
    tabs[7] = { url: 'https://amp.news.example/s', title: 'Browser title' };
    expect(await value({ type: 'tab.page', tabId: 7 })).toEqual({ pageUrl: STORY, title: 'Browser title' });
    await value({ type: 'page.load', page: page() }, content({ tabId: 8, tabUrl: TAB_URL }));
    // Tab 8 navigated since its content script loaded: its address now.
    expect(await value({ type: 'tab.page', tabId: 8 })).toEqual({
      pageUrl: 'https://news.example/moved',
      title: 'Moved',
    });
    expect(await value({ type: 'tab.page', tabId: 9 })).toEqual({ pageUrl: null, title: 'New tab' });
    expect(await value({ type: 'tab.page', tabId: 99 })).toEqual({ pageUrl: null, title: '' });
  });

  it('import.undo takes an import back once, and says when it cannot', async () => {
    const source = setup();
    const kept = await source.create();
    await source.create(top8);
    const file = await exportText(source.value, 'w3c');
    const target = setup();
    await target.value({ type: 'page.load', page: page() }, top7);
    const own = await target.create();
    const report = await importText(target.value, file.text);
    expect(report).toMatchObject({ added: 2, errors: [] });
    expect(report.batchId).toEqual(expect.any(String));
    target.sent.length = 0;
    const undone = await target.value<BackgroundReplies['import.undo']>({
      type: 'import.undo',
      batchId: report.batchId,
    });
    expect(undone).toEqual({ removed: 2, restored: 0, keptEdited: 0 });
    expect(await target.counts()).toEqual({ annotations: 1, drafts: 0, pages: 1 });
    expect(await getAnnotation(target.db, kept.id)).toBeUndefined();
    expect(await target.stored(own.id)).toMatchObject({ pageUrl: STORY });
    expect(target.pageChanged()).toEqual([7]);
    expectFailure(
      await target.send({ type: 'import.undo', batchId: report.batchId }, popup),
      'invalid',
      /undone already/,
    );
    expectFailure(await target.send({ type: 'import.undo', batchId: 'b' }, popup), 'not-found', /no record/);
    // An import that changed nothing has nothing to undo.
    await importText(target.value, file.text);
    const again = await importText(target.value, file.text);
    expect(again).toMatchObject({ added: 0, unchanged: 2, batchId: null });
  });
});

describe('export and import', () => {
  const day = Date.UTC(2024, 4, 6, 12);

  it('exports W3C JSON and Markdown', async () => {
    const { value, create, stored } = setup({ now: () => day });
    const a = await create();
    await value({
      type: 'annotation.update',
      id: a.id,
      patch: { note: 'n1' },
      expectedUpdatedAt: (await stored(a.id)).updatedAt,
    });
    const parsed = JSON.parse((await exportText(value, 'w3c')).text);
    expect(parsed.type).toBe('AnnotationCollection');
    expect(parsed.first.items).toHaveLength(1);
    expect(parsed.first.items[0].target.source).toBe(STORY);
    const md = (await exportText(value, 'markdown')).text;
    expect(md).toContain('## Library vote');
    expect(md).toContain('> the council voted');
    expect(md).toContain('n1');
  });

  it('round-trips an export: a fresh profile adds everything, a second import adds nothing', async () => {
    const source = setup({ now: () => day });
    const a = await source.create();
    const b = await source.create(top8, {
      draft: { ...draft, color: 'pink', region: { kind: 'comment', author: 'Bo', commentKey: null } },
    });
    const file = await exportText(source.value, 'w3c');
    const [storedA, storedB] = [await source.stored(a.id), await source.stored(b.id)];

    const target = setup();
    await target.value({ type: 'page.load', page: page() }, top7);
    const report = await importText(target.value, file.text);
    expect(report).toMatchObject({ added: 2, updated: 0, skippedOlder: 0, unchanged: 0, errors: [] });
    expect(new Set(target.announced)).toEqual(new Set([STORY, OTHER]));
    expect(target.pageChanged()).toEqual([7]);
    expect(await target.stored(a.id)).toEqual(storedA);
    expect(await target.stored(b.id)).toEqual(storedB);
    const again = await importText(target.value, file.text);
    expect(again).toMatchObject({ added: 0, unchanged: 2 });
  });

  it('reports rejected items and imports the rest', async () => {
    const source = setup({ now: () => day });
    await source.create();
    const file = await exportText(source.value, 'w3c');
    const json = JSON.parse(file.text);
    json.first.items.push({ ...json.first.items[0], id: 7 });
    const target = setup();
    const report = await importText(target.value, JSON.stringify(json));
    expect(report.added).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^Item 2: id/);
  });
});

describe('failures are reply values, never rejected promises', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'page.load'],
    ['an array', [{ type: 'page.load', page: page() }]],
    ['an unknown type', { type: 'nope' }],
    ['a prototype name as type', { type: '__proto__' }],
    ['a malformed create', { type: 'annotation.create', page: page(), draft: { ...draft, color: 'red' } }],
    ['a create without page', { type: 'annotation.create', draft }],
  ])('%s is invalid', async (_name, raw) => {
    const { send, counts } = setup();
    expectFailure(await send(raw, top7), 'invalid');
    expect(await counts()).toEqual({ annotations: 0, drafts: 0, pages: 0 });
  });

  // `{ type: { toString: 0 } }` is plain data that survives cloning; String() of it throws.
  it('an object type without a usable toString is invalid, not a storage failure', async () => {
    const { send } = setup();
    expectFailure(await send({ type: { toString: 0 } }, popup), 'invalid');
  });

  it('a failing tab lookup becomes an error reply', async () => {
    const { send } = setup({
      tabInfo: async () => {
        throw new Error('No tab with id 99');
      },
    });
    const reply = await send({ type: 'tab.page', tabId: 99 }, popup);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toContain('No tab with id 99');
  });

  it('a failing openTab becomes an error reply and leaves no reveal behind', async () => {
    const { send, create, db } = setup();
    const a = await create();
    const failing = createBackground({
      db,
      session: memoryArea(),
      extensionId: EXT_ID,
      wake: async () => {},
      showCount: () => {},
      showHighlightMenu: () => {},
      shortcuts: async () => SUGGESTED_SHORTCUTS,
      sendToTab: () => {},
      announce: () => {},
      openTab: async () => {
        throw new Error('no window');
      },
      tabInfo: async () => null,
    });
    const reply = await failing.handleMessage({ type: 'page.open', url: STORY, revealId: a.id }, popup);
    expect(reply.ok).toBe(false);
    expect((await send({ type: 'pages.list' }, popup)).ok).toBe(true);
  });

  it('a closed database becomes a storage error the reader can act on', async () => {
    const { send, db } = setup();
    db.close({ disableAutoOpen: true });
    expectFailure(await send({ type: 'pages.list' }, popup), 'storage', /Gloss could not open its storage/);
    expectFailure(await send({ type: 'page.load', page: page() }, top7), 'storage');
  });
});

describe('the context menu on a highlight', () => {
  it("shows Edit note and Delete over the tab's own highlight, opens its editor, deletes it with Undo", async () => {
    const { value, create, menus, menuChosen, sent, db } = setup();
    const a = await create();
    await value({ type: 'menu.point', id: a.id }, top7);
    expect(menus).toEqual([true]);
    await menuChosen('edit', 7, 0);
    expect(sent.at(-1)).toEqual({ tabId: 7, command: { type: 'page.editHighlight', id: a.id }, frameId: 0 });

    await menuChosen('delete', 7, 0);
    expect(await db.annotations.get(a.id)).toBeUndefined();
    expect(sent.at(-1)).toEqual({ tabId: 7, command: { type: 'page.offerUndo', id: a.id }, frameId: 0 });
    // Gone, so the menu no longer offers it; the page's Undo puts it back.
    expect(menus.at(-1)).toBe(false);
    await value({ type: 'page.undoDelete', id: a.id }, top7);
    expect(await db.annotations.get(a.id)).toBeDefined();
  });

  it("hides the items for another story's highlight or none, and a click then does nothing", async () => {
    const { value, create, menus, menuChosen, sent, db } = setup();
    const ours = await create();
    const theirs = await create(top8);
    await value({ type: 'menu.point', id: theirs.id }, top7);
    await value({ type: 'menu.point', id: 'f0e1d2c3-b4a5-4678-9abc-def012345678' }, top7);
    expect(menus).toEqual([false, false]);
    const before = sent.length;
    await menuChosen('delete', 7, 0);
    await menuChosen('edit', 7, 0);
    expect(sent.length).toBe(before);
    expect(await db.annotations.get(theirs.id)).toBeDefined();

    // Pointing in the comment frame says nothing of the top frame, and pointing away forgets.
    await value({ type: 'menu.point', id: ours.id }, top7);
    await menuChosen('delete', 7, 3);
    expect(await db.annotations.get(ours.id)).toBeDefined();
    await value({ type: 'menu.point', id: null }, top7);
    await menuChosen('delete', 7, 0);
    expect(await db.annotations.get(ours.id)).toBeDefined();
    expect(menus.at(-1)).toBe(false);
  });

  it('forgets what a closed tab pointed at', async () => {
    const { value, create, menuChosen, forgetTab, db } = setup();
    const a = await create();
    await value({ type: 'menu.point', id: a.id }, top7);
    await forgetTab(7);
    await menuChosen('delete', 7, 0);
    expect(await db.annotations.get(a.id)).toBeDefined();
  });
});
