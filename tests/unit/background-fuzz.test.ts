import 'fake-indexeddb/auto';
import type { DBCore } from 'dexie';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackground } from '../../background/app';
import type { Sender } from '../../background/senders';
import { memoryArea, type SessionArea } from '../../background/session';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import type { BackgroundReplies, ErrorCode, PaintSpec, Reply } from '../../messaging/protocol';
import { type BackgroundRequestType, REQUESTS, type SenderKind } from '../../messaging/schema';
import { type GlossDb, openGlossDb } from '../../storage/db';

/**
 * Throws random and malformed messages, from random senders, at the background. Whatever comes in, it answers
 * a Reply (never a throw or a rejected promise), and a sender that may not make a request changes nothing:
 * no database write, no session write, no command to a tab, no announcement, no new tab.
 */

const SEED = 20_240_506;
/** Messages per request type: 24 types, ~12,000 messages in all. */
const RUNS_PER_TYPE = 500;

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const STORY_TAB = 'https://news.example/story?utm_source=x';
const STORY = 'https://news.example/story';
const OTHER = 'https://other.example/news/42';
const AMP = 'https://amp.news.example/amp/story';
const HUGE = 'x'.repeat(1_100_000);
const LONG = 'y'.repeat(200_000);

const TYPES = Object.keys(REQUESTS) as BackgroundRequestType[];
const ERROR_CODES: readonly ErrorCode[] = [
  'invalid',
  'forbidden',
  'not-found',
  'conflict',
  'too-large',
  'rate-limited',
  'quota',
  'storage',
  'unavailable',
  'internal',
];

const QUOTE = { type: 'TextQuoteSelector', exact: 'the council voted', prefix: 'On Monday ', suffix: ' to' };
const DRAFT = {
  region: { kind: 'article' },
  selectors: [QUOTE],
  quote: 'the council voted',
  color: 'yellow',
};

// ---------------------------------------------------------------------------------------------------------
// Senders, each labelled with the kind it is (null: none; no request is allowed from it).

interface Labelled {
  sender: Sender;
  kind: SenderKind | null;
}

const tabId = fc.constantFrom(1, 2, 3);
const webUrl = fc.constantFrom(
  STORY_TAB,
  STORY,
  'http://news.example/story',
  OTHER,
  AMP,
  'https://comments.example/embed/1',
  `https://evil.example/chrome-extension://${EXT_ID}/popup.html`,
  'https://evil.example/note.html',
);
const title = fc.string({ maxLength: 20 });
const notWeb = fc.oneof(
  fc.constantFrom(
    'file:///home/me/story.html',
    'about:blank',
    'about:srcdoc',
    'data:text/html,<p>x',
    'javascript:alert(1)',
    `blob:https://news.example/${'0'.repeat(8)}`,
    'chrome://settings/',
    'ftp://news.example/story',
    'not a url',
    '',
  ),
  fc.string({ maxLength: 30 }).filter((s) => !/^\s*(https?|chrome-extension|moz-extension):/i.test(s)),
);
const extensionHost = fc.constantFrom(EXT_ID, 'f1e2d3c4-b5a6-4978-8899-aabbccddeeff');
const scheme = fc.constantFrom('chrome-extension', 'moz-extension');

const contentTop = fc.record({ tab: tabId, url: webUrl, title }).map(
  ({ tab, url, title }): Labelled => ({
    sender: { id: EXT_ID, url, tab: { id: tab, url, title }, frameId: 0 },
    kind: 'content',
  }),
);
const contentSub = fc
  .record({
    tab: tabId,
    url: webUrl,
    tabUrl: fc.oneof(webUrl, notWeb),
    title,
    frame: fc.integer({ min: 1, max: 20 }),
  })
  .map(
    ({ tab, url, tabUrl, title, frame }): Labelled => ({
      sender: { id: EXT_ID, url, tab: { id: tab, url: tabUrl, title }, frameId: frame },
      kind: 'content',
    }),
  );
/** The editor that holds the seeded, opened ticket, most of the time; another editor frame else. */
const editor = fc
  .record({
    holder: fc.boolean(),
    tab: tabId,
    frame: fc.integer({ min: 5, max: 9 }),
    host: extensionHost,
    scheme,
    hash: fc.string({ maxLength: 10 }),
  })
  .map(
    ({ holder, tab, frame, host, scheme, hash }): Labelled => ({
      sender: {
        id: EXT_ID,
        url: `${scheme}://${host}/note.html#${hash}`,
        tab: { id: holder ? 1 : tab, url: STORY_TAB },
        frameId: holder ? 5 : frame,
      },
      kind: 'editor',
    }),
  );
const extensionPage = fc
  .record({
    page: fc.constantFrom('popup.html', 'library.html', 'options.html', 'popup.html?x#y/../note.html'),
    host: extensionHost,
    scheme,
    inTab: fc.option(tabId, { nil: undefined }),
  })
  .map(
    ({ page, host, scheme, inTab }): Labelled => ({
      sender: {
        id: EXT_ID,
        url: `${scheme}://${host}/${page}`,
        ...(inTab === undefined
          ? {}
          : { tab: { id: inTab, url: `${scheme}://${host}/${page}` }, frameId: 0 }),
      },
      kind: 'extension',
    }),
  );
const known = fc.oneof(contentTop, contentSub, editor, extensionPage);
/** Senders of no kind: another extension, no id, a page that is not on the web, a sender without a tab. */
const unknown = fc.oneof(
  fc
    .record({ s: known, id: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 32 })) })
    .filter(({ id }) => id !== EXT_ID)
    .map(({ s, id }): Labelled => ({ sender: { ...s.sender, id }, kind: null })),
  fc
    .record({
      url: notWeb,
      tab: fc.option(tabId, { nil: undefined }),
      frame: fc.option(fc.nat(20), { nil: undefined }),
    })
    .map(
      ({ url, tab, frame }): Labelled => ({
        sender: {
          id: EXT_ID,
          url,
          ...(tab === undefined ? {} : { tab: { id: tab, url: STORY_TAB } }),
          frameId: frame,
        },
        kind: null,
      }),
    ),
  webUrl.map((url): Labelled => ({ sender: { id: EXT_ID, url }, kind: null })),
  fc.record({ tab: tabId, frame: fc.option(fc.nat(20), { nil: undefined }) }).map(
    ({ tab, frame }): Labelled => ({
      sender: { id: EXT_ID, tab: { id: tab, url: STORY_TAB }, frameId: frame },
      kind: null,
    }),
  ),
  // The editor page outside a tab, or without a frame.
  fc.record({ host: extensionHost, scheme, tab: fc.boolean() }).map(
    ({ host, scheme, tab }): Labelled => ({
      sender: { id: EXT_ID, url: `${scheme}://${host}/note.html#t`, ...(tab ? { tab: { id: 1 } } : {}) },
      kind: null,
    }),
  ),
  fc.constant<Labelled>({ sender: {}, kind: null }),
);
const ofKind: Record<SenderKind, fc.Arbitrary<Labelled>> = {
  content: fc.oneof(contentTop, contentSub),
  editor,
  extension: extensionPage,
};
/** Mostly a sender of the kind the request is granted to, so its handler runs; any other sender else. */
const senderFor = (type: BackgroundRequestType) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.oneof(...REQUESTS[type].from.map((kind) => ofKind[kind])) },
    { weight: 2, arbitrary: known },
    { weight: 2, arbitrary: unknown },
  );

// ---------------------------------------------------------------------------------------------------------
// Payloads: valid ones (placeholders `$ANN`, `$TICKET`... stand for ids the background knows), then mutated.

const color = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('yellow', 'green', 'blue', 'pink', 'purple') },
  { weight: 1, arbitrary: fc.constantFrom('red', '#ff0', '') },
);
const idArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('$ANN', '$DELETED') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
);
const ticketArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('$TICKET') },
  { weight: 1, arbitrary: fc.uuid() },
);
const pageClaim = fc.record({
  canonical: fc.option(
    fc.constantFrom(STORY, OTHER, '/relative', 'javascript:x', 'https://www.news.example/s'),
  ),
  title,
});
const selector = fc.oneof(
  fc.constant(QUOTE),
  fc.constant({ type: 'TextPositionSelector', start: 3, end: 20 }),
  fc.constant({ type: 'CssSelector', value: '#c1', refinedBy: QUOTE }),
  fc.constant({ ...QUOTE, 'gloss:contextWidth': 40, 'gloss:copies': 2 }),
);
const draftArb = fc.record({
  region: fc.constantFrom(
    { kind: 'article' },
    { kind: 'page' },
    { kind: 'comment', author: 'Ada', commentKey: null },
  ),
  selectors: fc.array(selector, { minLength: 1, maxLength: 3 }),
  quote: fc.string({ minLength: 1, maxLength: 30 }),
  color,
});
const tags = fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 });
const noteFields = { note: fc.string({ maxLength: 40 }), color, tags };
const version = fc.oneof(fc.constant('$VERSION'), fc.nat());
const pageUrl = fc.constantFrom(STORY, OTHER, 'https://news.example/x', 'http://news.example/story');

const VALID: { [K in BackgroundRequestType]: fc.Arbitrary<Record<string, unknown>> } = {
  'page.enter': fc.record({ page: pageClaim }),
  'page.wake': fc.constant({}),
  'page.load': fc.record({ page: pageClaim }),
  'annotation.create': fc.record({ page: pageClaim, draft: draftArb }),
  'annotations.setAnchored': fc.record({ ids: fc.array(idArb, { maxLength: 4 }), anchored: fc.boolean() }),
  'page.undoDelete': fc.record({ id: idArb }),
  'menu.point': fc.record({ id: fc.option(idArb, { nil: null }) }),
  'draft.create': fc.record({ page: pageClaim, draft: draftArb }),
  'editor.issue': fc.record({ id: idArb }),
  'editor.resume': fc.record({ draftId: fc.oneof(fc.constant('$DRAFT'), fc.string({ minLength: 1 })) }),
  'editor.open': fc.record({ ticket: ticketArb }),
  'editor.keep': fc.record({ ticket: ticketArb, ...noteFields }),
  'editor.save': fc.record(
    { ticket: ticketArb, ...noteFields, overwrite: version },
    { requiredKeys: ['ticket', 'note', 'color', 'tags'] },
  ),
  'editor.delete': fc.record({ ticket: ticketArb }),
  'editor.close': fc.record({ ticket: ticketArb, discard: fc.boolean() }),
  'editor.preview': fc.record({ ticket: ticketArb, color }),
  'annotations.forPage': fc.record({ pageUrl }),
  'annotations.search': fc.record({
    query: fc.oneof(fc.constantFrom('council', '#local', 'vot'), fc.string()),
  }),
  'pages.list': fc.constant({}),
  'annotation.update': fc.record({
    id: idArb,
    patch: fc.record(
      { note: fc.string({ maxLength: 40 }), color, tags, anchored: fc.boolean() },
      { requiredKeys: [] },
    ),
    expectedUpdatedAt: version,
  }),
  'annotation.delete': fc.record({ id: idArb }),
  'annotation.undoDelete': fc.record({ id: idArb }),
  'tab.page': fc.record({ tabId: fc.nat(10) }),
  'page.open': fc.record({ url: pageUrl, revealId: idArb }),
  'story.headlines': fc.record({ url: pageUrl }),
  'settings.get': fc.constant({}),
  'settings.set': fc.record({
    patch: fc.oneof(
      fc.record({ color: fc.constantFrom('green', 'teal') }),
      fc.record({ toolbar: fc.constantFrom('never', 'modifier', 'selection', 'x') }),
      fc.record({
        offSites: fc.array(fc.constantFrom('news.example', 'other.example', 'not a site'), { maxLength: 3 }),
      }),
      fc.constant({}),
    ),
  }),
  'library.deleteAll': fc.constant({}),
  'pageNote.create': fc.record({
    pageUrl,
    pageTitle: fc.string({ maxLength: 20 }),
    note: fc.oneof(fc.constantFrom('Worth a second read', '   ', ''), fc.string()),
    tags: fc.oneof(fc.constant([]), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
  }),
  'import.undo': fc.record({ batchId: fc.oneof(fc.constant('$BATCH'), fc.string({ minLength: 1 })) }),
  'library.pages': fc.record({ offset: fc.nat(20), limit: fc.nat(50) }),
  'library.search': fc.record({
    text: fc.oneof(fc.constantFrom('council', '#local', 'vot', ''), fc.string()),
    filters: fc.record(
      {
        color,
        tag: fc.string({ maxLength: 10 }),
        region: fc.constantFrom('article', 'comment', 'page'),
        commenter: fc.string({ maxLength: 10 }),
        site: fc.constantFrom('news.example', 'other.example'),
        from: fc.nat(),
        to: fc.nat(),
      },
      { requiredKeys: [] },
    ),
    offset: fc.nat(20),
    limit: fc.nat(50),
  }),
  'library.facets': fc.record({ kind: fc.constantFrom('tag', 'commenter', 'site') }),
  'export.chunk': fc.record({
    format: fc.constantFrom('w3c', 'markdown', 'csv'),
    offset: fc.nat(5),
    generated: fc.nat(),
  }),
  'library.ids': fc.record({
    text: fc.oneof(fc.constantFrom('council', '#local', ''), fc.string()),
    filters: fc.record({ color, tag: fc.string({ maxLength: 10 }) }, { requiredKeys: [] }),
  }),
  'annotations.get': fc.record({ ids: fc.array(idArb, { maxLength: 4 }) }),
  'library.bulk': fc.record({
    ids: fc.array(idArb, { maxLength: 4 }),
    action: fc.oneof(
      fc.constant({ kind: 'delete' }),
      fc.record({ kind: fc.constantFrom('tag', 'untag'), tag: fc.oneof(fc.constant('local'), fc.string()) }),
      fc.record({ kind: fc.string(), tag: fc.string() }),
    ),
    batchId: fc.oneof(fc.constant(null), fc.constant('$BATCH'), fc.string({ minLength: 1 })),
  }),
  'annotations.setPageQuote': fc.record({
    changes: fc.array(
      fc.record({ id: idArb, pageQuote: fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })) }),
      { maxLength: 3 },
    ),
  }),
  'tags.edit': fc.record({
    from: fc.oneof(fc.constantFrom('local', 'ports'), fc.string({ maxLength: 10 })),
    to: fc.oneof(fc.constant(null), fc.constantFrom('Local', 'city hall'), fc.string({ maxLength: 10 })),
  }),
  'import.preview': fc.record({
    items: fc.array(fc.oneof(fc.json(), fc.constant('$ITEM')), { maxLength: 3 }),
    firstIndex: fc.nat(100),
  }),
  'import.chunk': fc.record({
    items: fc.array(fc.oneof(fc.json(), fc.constant('$ITEM')), { maxLength: 3 }),
    firstIndex: fc.nat(100),
    batchId: fc.oneof(fc.constant(null), fc.constant('$BATCH'), fc.string({ minLength: 1 })),
  }),
};

function deepObject(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const anything = fc.anything({
  maxDepth: 3,
  maxKeys: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});
const junk = fc.oneof(
  anything,
  fc.constantFrom<unknown>(
    null,
    undefined,
    0,
    -1,
    -0,
    Number.NaN,
    Infinity,
    1e300,
    '',
    ' ',
    true,
    [],
    {},
    HUGE,
    LONG,
  ),
  fc.integer({ min: 1, max: 3000 }).map(deepObject),
  fc.integer({ min: 1, max: 3000 }).map(deepArray),
  fc.string({ maxLength: 30 }),
);

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; nested: boolean; with: unknown }
  | { kind: 'extra'; extra: Record<string, unknown> }
  | { kind: 'proto'; with: unknown }
  | { kind: 'retype'; type: string }
  | { kind: 'whole'; raw: unknown }
  | { kind: 'typed'; raw: Record<string, unknown> };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      nested: fc.boolean(),
      with: junk,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      extra: fc.dictionary(fc.string({ maxLength: 8 }), anything, { maxKeys: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('proto' as const), with: junk }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retype' as const),
      type: fc.oneof(
        fc.constantFrom(...TYPES, 'PAGE.LOAD', 'page.load ', '__proto__', 'constructor'),
        fc.string(),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), raw: junk }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('typed' as const),
      raw: fc.dictionary(fc.string({ maxLength: 10 }), anything, { maxKeys: 5 }),
    }),
  },
);

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * A record as fast-check builds it: its prototype may be null (fc.record with optional keys) or another
 * realm's Object.prototype. Rebuilt as a plain object of this realm, as a message arrives.
 */
const isRecordLike = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

function mutate(type: string, payload: Record<string, unknown>, m: Mutation): unknown {
  const message: Record<string, unknown> = { type, ...payload };
  const keys = Object.keys(payload);
  const key = (at: number) => keys[at % Math.max(1, keys.length)];
  switch (m.kind) {
    case 'none':
      return message;
    case 'drop': {
      const k = key(m.at) ?? 'type';
      delete message[k];
      return message;
    }
    case 'replace': {
      const k = key(m.at) ?? 'type';
      const inner = message[k];
      if (m.nested && isPlain(inner)) {
        const innerKeys = Object.keys(inner);
        const ik = innerKeys[m.at % Math.max(1, innerKeys.length)] ?? 'x';
        message[k] = { ...inner, [ik]: m.with };
      } else message[k] = m.with;
      return message;
    }
    case 'extra':
      return { ...message, ...m.extra, type };
    case 'proto':
      // An own `__proto__` key, as JSON.parse makes it.
      Object.defineProperty(message, '__proto__', {
        value: m.with,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return message;
    case 'retype':
      return { ...message, type: m.type };
    case 'whole':
      return m.raw;
    case 'typed':
      return { ...m.raw, type };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The world: a seeded background whose writes and side effects are counted.

interface World {
  db: GlossDb;
  handle(raw: unknown, sender: Sender): Promise<Reply<unknown>>;
  effects: { dbWrites: number; sessionWrites: number; sent: number; announced: number; opened: number };
  pools: {
    ann: string[];
    deleted: string[];
    ticket: string[];
    draft: string[];
    batch: string[];
    exportText: string;
  };
  tick(): void;
}

let dbCounter = 0;
const openDbs: GlossDb[] = [];

async function world(): Promise<World> {
  dbCounter += 1;
  const db = openGlossDb(`background-fuzz-${dbCounter}-${Math.random().toString(36).slice(2)}`);
  openDbs.push(db);
  const effects = { dbWrites: 0, sessionWrites: 0, sent: 0, woken: 0, announced: 0, opened: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-writes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate(req) {
            effects.dbWrites++;
            return table.mutate(req);
          },
        };
      },
    }),
  });
  const memory = memoryArea();
  const session: SessionArea = {
    get: (keys) => memory.get(keys),
    set: (items) => {
      effects.sessionWrites++;
      return memory.set(items);
    },
    remove: (keys) => {
      effects.sessionWrites++;
      return memory.remove(keys);
    },
  };
  // Ten seconds between messages: a tab's write budget keeps refilling, so writes get past the rate limit.
  let clock = Date.now();
  const background = createBackground({
    db,
    session,
    showHighlightMenu: () => {},
    extensionId: EXT_ID,
    wake: async () => {
      effects.woken++;
    },
    sendToTab: () => {
      effects.sent++;
    },
    showCount: () => {},
    shortcuts: async () => SUGGESTED_SHORTCUTS,
    announce: () => {
      effects.announced++;
    },
    openTab: async () => {
      effects.opened++;
      return 50;
    },
    tabInfo: async (id) => (id === 1 ? { url: STORY_TAB, title: 'Story' } : null),
    now: () => clock,
  });
  const handle = (raw: unknown, sender: Sender) => background.handleMessage(raw, sender);
  async function value<T>(raw: unknown, sender: Sender): Promise<T> {
    const reply = await handle(raw, sender);
    if (!reply.ok) throw new Error(`seeding failed: ${reply.code}: ${reply.error}`);
    return reply.value as T;
  }
  const popup: Sender = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
  const top = (tab: number, url: string): Sender => ({
    id: EXT_ID,
    url,
    tab: { id: tab, url, title: 'T' },
    frameId: 0,
  });
  const page = { canonical: null, title: 'Story' };
  await value({ type: 'page.load', page }, top(1, STORY_TAB));
  await value({ type: 'page.load', page }, top(2, OTHER));
  await value({ type: 'page.load', page: { canonical: STORY, title: 'Amp' } }, top(3, AMP));
  const ann: string[] = [];
  for (const [tab, url] of [
    [1, STORY_TAB],
    [1, STORY_TAB],
    [3, AMP],
    [2, OTHER],
    [2, OTHER],
  ] as const) {
    ann.push((await value<PaintSpec>({ type: 'annotation.create', page, draft: DRAFT }, top(tab, url))).id);
  }
  const [first, second, , fourth] = ann as [string, string, string, string, string];
  const exported = await value<BackgroundReplies['export.chunk']>(
    { type: 'export.chunk', format: 'w3c', offset: 0, generated: 0 },
    popup,
  );
  const exportText = `${exported.head}${exported.body}${exported.tail}`;
  await value({ type: 'annotation.delete', id: first }, popup);
  await value({ type: 'annotation.delete', id: fourth }, popup);
  // An import that adds one back (the first), so there is a batch to undo.
  const imported = await value<BackgroundReplies['import.chunk']>(
    { type: 'import.chunk', items: JSON.parse(exportText).first.items, firstIndex: 0, batchId: null },
    popup,
  );
  const ticket: string[] = [];
  const opened = await value<{ ticket: string }>(
    { type: 'draft.create', page, draft: DRAFT },
    top(1, STORY_TAB),
  );
  const holder: Sender = {
    id: EXT_ID,
    url: `chrome-extension://${EXT_ID}/note.html#${opened.ticket}`,
    tab: { id: 1, url: STORY_TAB },
    frameId: 5,
  };
  await value({ type: 'editor.open', ticket: opened.ticket }, holder);
  await value({ type: 'editor.keep', ticket: opened.ticket, note: 'typed', color: 'blue', tags: [] }, holder);
  ticket.push(opened.ticket);
  ticket.push(
    (await value<{ ticket: string }>({ type: 'draft.create', page, draft: DRAFT }, top(2, OTHER))).ticket,
  );
  const sub: Sender = { ...top(1, STORY_TAB), url: 'https://comments.example/embed/1', frameId: 3 };
  ticket.push((await value<{ ticket: string }>({ type: 'editor.issue', id: second }, sub)).ticket);
  const loaded = await value<BackgroundReplies['page.load']>({ type: 'page.load', page }, top(1, STORY_TAB));
  return {
    db,
    handle,
    effects,
    pools: {
      ann,
      deleted: [fourth],
      ticket,
      draft: loaded.drafts.map((d) => d.draftId),
      batch: imported.batchId ? [imported.batchId] : [],
      exportText,
    },
    tick: () => {
      clock += 10_000;
    },
  };
}

/** Replaces the placeholders with ids the background knows, picked by `pick`. */
async function resolve(value: unknown, w: World, pick: number, depth = 0): Promise<unknown> {
  const from = (pool: string[]) => pool[pick % Math.max(1, pool.length)] ?? 'none';
  if (typeof value === 'string') {
    switch (value) {
      case '$ANN':
        return from(w.pools.ann);
      case '$DELETED':
        return from(w.pools.deleted);
      case '$TICKET':
        return from(w.pools.ticket);
      case '$DRAFT':
        return from(w.pools.draft);
      case '$BATCH':
        return from(w.pools.batch);
      case '$ITEM': {
        const items = (JSON.parse(w.pools.exportText) as { first: { items: unknown[] } }).first.items;
        return items[pick % Math.max(1, items.length)];
      }
      case '$VERSION':
        return (await w.db.annotations.get(from(w.pools.ann)))?.updatedAt ?? 0;
      default:
        return value;
    }
  }
  if (depth > 3) return value;
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolve(v, w, pick, depth + 1)));
  if (isRecordLike(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolve(v, w, pick, depth + 1);
    return out;
  }
  return value;
}

/** Ids the background handed out: later messages may use them. */
function harvest(w: World, reply: Reply<unknown>): void {
  if (!reply.ok || typeof reply.value !== 'object' || reply.value === null) return;
  const v = reply.value as Record<string, unknown>;
  const add = (pool: string[], id: unknown) => {
    if (typeof id === 'string' && pool.length < 40 && !pool.includes(id)) pool.push(id);
  };
  add(w.pools.ticket, v.ticket);
  if (Array.isArray(v.selectors)) add(w.pools.ann, v.id);
  add(w.pools.batch, v.batchId);
  if (Array.isArray(v.drafts))
    for (const d of v.drafts) add(w.pools.draft, (d as { draftId?: unknown }).draftId);
}

const counts = async (db: GlossDb) => ({
  annotations: await db.annotations.count(),
  drafts: await db.drafts.count(),
  pages: await db.pages.count(),
});

function requestTypeOf(raw: unknown): BackgroundRequestType | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const type = (raw as { type?: unknown }).type;
  return typeof type === 'string' && Object.hasOwn(REQUESTS, type) ? (type as BackgroundRequestType) : null;
}

function expectReplyShape(reply: unknown): asserts reply is Reply<unknown> {
  expect(typeof reply).toBe('object');
  expect(reply).not.toBeNull();
  const r = reply as Record<string, unknown>;
  if (r.ok === true) {
    expect(Object.keys(r).sort()).toEqual(['ok', 'value']);
  } else {
    expect(r.ok).toBe(false);
    expect(Object.keys(r).sort()).toEqual(['code', 'error', 'ok']);
    expect(ERROR_CODES).toContain(r.code);
    expect(typeof r.error).toBe('string');
    expect((r.error as string).length).toBeGreaterThan(0);
  }
}

const totals = {
  messages: 0,
  crashes: 0,
  refusedSenders: 0,
  ok: 0,
  codes: {} as Record<string, number>,
};

afterAll(async () => {
  const codes = Object.entries(totals.codes)
    .sort(([, a], [, b]) => b - a)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  console.log(
    `[fuzz] ${totals.messages} messages, ${TYPES.length} request types, ${totals.crashes} crashes; ` +
      `${totals.refusedSenders} from senders not allowed, none wrote; ` +
      `ok ${totals.ok}, ${codes}`,
  );
  for (const db of openDbs) {
    db.close();
    await db.delete();
  }
});

describe('the background under random and malformed messages', () => {
  it.each(TYPES.map((type, i) => [type, i] as const))(
    '%s: always a Reply; a sender not allowed changes nothing',
    async (type, index) => {
      const w = await world();
      await fc.assert(
        fc.asyncProperty(
          VALID[type],
          mutation,
          senderFor(type),
          fc.nat(),
          async (payload, m, labelled, pick) => {
            w.tick();
            const raw = mutate(type, (await resolve(payload, w, pick)) as Record<string, unknown>, m);
            const effective = requestTypeOf(raw);
            const allowed =
              labelled.kind !== null &&
              effective !== null &&
              REQUESTS[effective].from.includes(labelled.kind as never);
            const before = allowed ? null : await counts(w.db);
            for (const k of Object.keys(w.effects) as (keyof World['effects'])[]) w.effects[k] = 0;
            totals.messages++;
            let reply: Reply<unknown>;
            try {
              reply = await w.handle(raw, labelled.sender);
            } catch (e) {
              totals.crashes++;
              throw e;
            }
            expectReplyShape(reply);
            if (reply.ok) totals.ok++;
            else totals.codes[reply.code] = (totals.codes[reply.code] ?? 0) + 1;
            if (!reply.ok && ['forbidden', 'too-large', 'rate-limited'].includes(reply.code))
              expect(w.effects.dbWrites).toBe(0);
            // Storage is healthy here: a 'storage' failure is a misreported one.
            if (!reply.ok) expect(reply.code, reply.error).not.toBe('storage');
            if (!allowed) {
              totals.refusedSenders++;
              expect(reply.ok).toBe(false);
              if (!reply.ok) {
                expect(['forbidden', 'invalid', 'too-large']).toContain(reply.code);
                if (labelled.sender.id !== EXT_ID) expect(reply.code).toBe('forbidden');
              }
              expect(w.effects).toEqual({
                dbWrites: 0,
                sessionWrites: 0,
                sent: 0,
                woken: 0,
                announced: 0,
                opened: 0,
              });
              expect(await counts(w.db)).toEqual(before);
            }
            harvest(w, reply);
          },
        ),
        { numRuns: RUNS_PER_TYPE, seed: SEED + index },
      );
    },
    60_000,
  );
});
