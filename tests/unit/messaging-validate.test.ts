import { describe, expect, it } from 'vitest';
import type { Selector } from '../../annotator/selectors';
import { type BackgroundRequestType, parseRequest, REQUESTS, type SenderKind } from '../../messaging/schema';
import { validateExtensionEvent, validatePageCommand } from '../../messaging/validate';
import { LIMITS } from '../../storage/validate';

const PAGE = { canonical: null, title: 'A story' };
const QUOTE: Selector = {
  type: 'TextQuoteSelector',
  exact: 'the council voted',
  prefix: 'On Monday ',
  suffix: '.',
};
const POSITION: Selector = { type: 'TextPositionSelector', start: 10, end: 27 };
const DRAFT = {
  region: { kind: 'comment', author: 'Ada', commentKey: 'c-1' },
  selectors: [QUOTE, POSITION],
  quote: 'the council voted',
  color: 'green',
};
const NOTE = { note: 'my note', color: 'blue', tags: ['local'] };

/** The request's error, failing the test when it was accepted. */
function refused(raw: unknown): string {
  const parsed = parseRequest(raw);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(raw)?.slice(0, 200)} to be refused`);
  expect(typeof parsed.error).toBe('string');
  expect(parsed.error.length).toBeGreaterThan(0);
  return parsed.error;
}

/** The clean request, failing the test when it was refused. */
function accepted(raw: unknown): Record<string, unknown> {
  const parsed = parseRequest(raw);
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.error}`);
  return parsed.request as unknown as Record<string, unknown>;
}

/** A CssSelector refined `levels` times, the innermost a quote. */
function nested(levels: number): Selector {
  let s: Selector = { type: 'TextQuoteSelector', exact: 'deep' };
  for (let i = 0; i < levels; i++) s = { type: 'CssSelector', value: `#n${i}`, refinedBy: s };
  return s;
}

/** A draft.create with these selectors. */
const withSelectors = (selectors: unknown) => ({
  type: 'draft.create',
  page: PAGE,
  draft: { ...DRAFT, selectors },
});

describe('parseRequest: valid messages of every type come back as a clean copy', () => {
  // [type, input, expected clean copy]; every input also carries fields the protocol does not know.
  const cases: [BackgroundRequestType, Record<string, unknown>, Record<string, unknown>][] = [
    ['page.enter', { page: PAGE }, { page: PAGE }],
    ['page.wake', { stray: 1 }, {}],
    ['page.load', { page: PAGE }, { page: PAGE }],
    [
      'page.load',
      { page: { canonical: 'https://news.example/c', title: '' } },
      { page: { canonical: 'https://news.example/c', title: '' } },
    ],
    ['annotation.create', { page: PAGE, draft: DRAFT }, { page: PAGE, draft: DRAFT }],
    [
      'annotations.setAnchored',
      { ids: ['a-1', 'a-2'], anchored: true },
      { ids: ['a-1', 'a-2'], anchored: true },
    ],
    ['annotations.setAnchored', { ids: [], anchored: false }, { ids: [], anchored: false }],
    ['page.undoDelete', { id: 'a-1' }, { id: 'a-1' }],
    ['menu.point', { id: 'a-1' }, { id: 'a-1' }],
    ['menu.point', { id: null }, { id: null }],
    ['draft.create', { page: PAGE, draft: DRAFT }, { page: PAGE, draft: DRAFT }],
    ['editor.issue', { id: 'a-1' }, { id: 'a-1' }],
    ['editor.resume', { draftId: 'd-1' }, { draftId: 'd-1' }],
    ['editor.open', { ticket: 't-1' }, { ticket: 't-1' }],
    ['editor.keep', { ticket: 't-1', ...NOTE }, { ticket: 't-1', ...NOTE }],
    [
      'editor.keep',
      { ticket: 't-1', ...NOTE, tags: ['local', 'local', 'budget'] },
      { ticket: 't-1', ...NOTE, tags: ['local', 'budget'] },
    ],
    ['editor.save', { ticket: 't-1', ...NOTE }, { ticket: 't-1', ...NOTE }],
    ['editor.save', { ticket: 't-1', ...NOTE, overwrite: 0 }, { ticket: 't-1', ...NOTE, overwrite: 0 }],
    ['editor.delete', { ticket: 't-1' }, { ticket: 't-1' }],
    ['editor.close', { ticket: 't-1', discard: false }, { ticket: 't-1', discard: false }],
    ['editor.preview', { ticket: 't-1', color: 'pink' }, { ticket: 't-1', color: 'pink' }],
    ['annotations.forPage', { pageUrl: 'https://news.example/x' }, { pageUrl: 'https://news.example/x' }],
    ['annotations.search', { query: 'council' }, { query: 'council' }],
    ['annotations.search', { query: '' }, { query: '' }],
    ['pages.list', {}, {}],
    [
      'annotation.update',
      { id: 'a-1', patch: { note: 'x', color: 'pink', tags: ['t'], anchored: false }, expectedUpdatedAt: 5 },
      { id: 'a-1', patch: { note: 'x', color: 'pink', tags: ['t'], anchored: false }, expectedUpdatedAt: 5 },
    ],
    ['annotation.delete', { id: 'a-1' }, { id: 'a-1' }],
    ['annotation.undoDelete', { id: 'a-1' }, { id: 'a-1' }],
    ['tab.page', { tabId: 0 }, { tabId: 0 }],
    [
      'page.open',
      { url: 'http://news.example/x', revealId: 'a-1' },
      { url: 'http://news.example/x', revealId: 'a-1' },
    ],
    ['story.headlines', { url: 'https://news.example/x' }, { url: 'https://news.example/x' }],
    ['settings.get', {}, {}],
    [
      'settings.set',
      { patch: { offSites: ['https://www.news.example/a', 'news.example'] } },
      { patch: { offSites: ['news.example'] } },
    ],
    ['library.deleteAll', {}, {}],
    [
      'pageNote.create',
      { pageUrl: 'https://news.example/x', pageTitle: 'A story', note: 'Worth it', tags: ['Ports', 'Ports'] },
      { pageUrl: 'https://news.example/x', pageTitle: 'A story', note: 'Worth it', tags: ['Ports'] },
    ],
    [
      'export.chunk',
      { format: 'markdown', offset: 0, generated: 1 },
      { format: 'markdown', offset: 0, generated: 1 },
    ],
    ['export.chunk', { format: 'csv', offset: 0, generated: 1 }, { format: 'csv', offset: 0, generated: 1 }],
    ['import.undo', { batchId: 'b-1' }, { batchId: 'b-1' }],
    ['library.pages', { offset: 0, limit: 40 }, { offset: 0, limit: 40 }],
    [
      'library.search',
      { text: 'clim', filters: { color: 'pink', tag: 'x', extra: 1 }, offset: 40, limit: 40 },
      { text: 'clim', filters: { color: 'pink', tag: 'x' }, offset: 40, limit: 40 },
    ],
    ['library.facets', { kind: 'tag' }, { kind: 'tag' }],
    [
      'export.chunk',
      { format: 'markdown', offset: 250, generated: 1 },
      { format: 'markdown', offset: 250, generated: 1 },
    ],
    [
      'import.chunk',
      { items: [{ any: 'thing' }], firstIndex: 5000, batchId: null },
      { items: [{ any: 'thing' }], firstIndex: 5000, batchId: null },
    ],
    [
      'annotations.setPageQuote',
      {
        changes: [
          { id: 'a-1', pageQuote: 'now reads', x: 1 },
          { id: 'a-2', pageQuote: null },
        ],
      },
      {
        changes: [
          { id: 'a-1', pageQuote: 'now reads' },
          { id: 'a-2', pageQuote: null },
        ],
      },
    ],
    ['tags.edit', { from: 'local', to: 'Local news' }, { from: 'local', to: 'Local news' }],
    ['tags.edit', { from: 'local', to: null }, { from: 'local', to: null }],
    ['library.ids', { text: 'vote', filters: { tag: 'x' } }, { text: 'vote', filters: { tag: 'x' } }],
    ['annotations.get', { ids: ['a-1', 'a-2'] }, { ids: ['a-1', 'a-2'] }],
    [
      'library.bulk',
      { ids: ['a-1'], action: { kind: 'tag', tag: 'later', extra: 1 }, batchId: null },
      { ids: ['a-1'], action: { kind: 'tag', tag: 'later' }, batchId: null },
    ],
    [
      'library.bulk',
      { ids: ['a-1'], action: { kind: 'delete' }, batchId: 'b-1' },
      { ids: ['a-1'], action: { kind: 'delete' }, batchId: 'b-1' },
    ],
    [
      'import.preview',
      { items: [{ any: 'thing' }], firstIndex: 0, batchId: 'ignored' },
      { items: [{ any: 'thing' }], firstIndex: 0 },
    ],
  ];

  it.each(cases)('%s', (type, fields, expected) => {
    // Unknown keys first, so a real field of the same name (tab.page's tabId) wins.
    const clean = accepted({ extra: 'dropped', sender: { id: 'spoofed' }, tabId: 99, type, ...fields });
    expect(clean).toEqual({ type, ...expected });
    expect(clean).not.toHaveProperty('extra');
    expect(clean).not.toHaveProperty('sender');
  });

  it('covers every request type the protocol knows', () => {
    expect(new Set(cases.map(([type]) => type))).toEqual(new Set(Object.keys(REQUESTS)));
  });

  it('grants each request to exactly one kind of sender, and content scripts only what a page needs', () => {
    const byKind: Record<SenderKind, string[]> = { content: [], editor: [], extension: [] };
    for (const [type, entry] of Object.entries(REQUESTS)) {
      expect(entry.from).toHaveLength(1);
      for (const kind of entry.from) byKind[kind].push(type);
    }
    expect(byKind.content.sort()).toEqual([
      'annotation.create',
      'annotations.setAnchored',
      'annotations.setPageQuote',
      'draft.create',
      'editor.issue',
      'editor.resume',
      'menu.point',
      'page.enter',
      'page.load',
      'page.undoDelete',
      'page.wake',
    ]);
    expect(byKind.editor.sort()).toEqual([
      'editor.close',
      'editor.delete',
      'editor.keep',
      'editor.open',
      'editor.preview',
      'editor.save',
    ]);
    expect(byKind.extension).toContain('annotation.update');
    expect(byKind.extension).toContain('export.chunk');
  });

  it('drops unknown fields nested in the page, draft, region, selectors and patch', () => {
    const clean = accepted({
      type: 'annotation.create',
      page: { ...PAGE, url: 'https://elsewhere.example/', cookie: 'secret' },
      draft: {
        ...DRAFT,
        id: 'forced-id',
        pageUrl: 'https://elsewhere.example/',
        note: 'not a field of a draft',
        region: { ...DRAFT.region, html: '<b>' },
        selectors: [{ ...QUOTE, evil: 1 }, POSITION],
      },
    });
    expect(clean).toEqual({ type: 'annotation.create', page: PAGE, draft: DRAFT });
    const update = accepted({
      type: 'annotation.update',
      id: 'a',
      patch: { note: 'x', id: 'b', pageUrl: 'https://elsewhere.example/', updatedAt: 0 },
      expectedUpdatedAt: 1,
    });
    expect(update).toEqual({
      type: 'annotation.update',
      id: 'a',
      patch: { note: 'x' },
      expectedUpdatedAt: 1,
    });
  });

  it('keeps hostile strings as plain text, unchanged', () => {
    const hostile = `<img src=x onerror="alert(1)"> \${process.env} \u202e"; DROP TABLE annotations; --`;
    const clean = accepted({
      type: 'annotation.create',
      page: { ...PAGE, title: hostile },
      draft: { ...DRAFT, quote: hostile, selectors: [{ type: 'TextQuoteSelector', exact: hostile }] },
    });
    expect(clean).toMatchObject({
      page: { title: hostile },
      draft: { quote: hostile, selectors: [{ exact: hostile }] },
    });
  });

  it('accepts fields at their limits', () => {
    const at = (n: number) => 'x'.repeat(n);
    accepted({ type: 'editor.keep', ticket: at(100), note: at(LIMITS.note), color: 'yellow', tags: [] });
    accepted({ type: 'page.load', page: { canonical: at(LIMITS.url), title: at(LIMITS.pageTitle) } });
    accepted({ type: 'draft.create', page: PAGE, draft: { ...DRAFT, quote: at(LIMITS.quote) } });
    accepted({ type: 'annotation.delete', id: at(100) });
    accepted({ type: 'annotations.search', query: at(500) });
    accepted({
      type: 'editor.keep',
      ticket: 't',
      note: '',
      color: 'yellow',
      tags: Array.from({ length: LIMITS.tags }, (_, i) => `${i}${at(LIMITS.tag - String(i).length)}`),
    });
    accepted(withSelectors(Array(LIMITS.selectors).fill(QUOTE)));
    accepted({ type: 'annotations.setAnchored', ids: Array(LIMITS.importItems).fill('a'), anchored: true });
  });
});

describe('parseRequest: prototype keys', () => {
  it('does not carry a __proto__ key from parsed JSON into the copy', () => {
    const raw = JSON.parse(
      '{"type":"page.load","page":{"canonical":null,"title":"t","__proto__":{"polluted":true}},"__proto__":{"admin":true}}',
    );
    const clean = accepted(raw);
    expect(clean).toEqual({ type: 'page.load', page: { canonical: null, title: 't' } });
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(clean.page)).toBe(Object.prototype);
    expect(clean.admin).toBeUndefined();
    expect((clean.page as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not take fields from a __proto__ key: they are not the message', () => {
    const raw = JSON.parse('{"type":"annotation.delete","__proto__":{"id":"a-1"}}');
    expect(refused(raw)).toMatch(/^annotation\.delete: id: /);
    const nestedProto = JSON.parse(
      `{"type":"draft.create","page":{"canonical":null,"title":"t"},"draft":{"__proto__":${JSON.stringify(DRAFT)}}}`,
    );
    expect(refused(nestedProto)).toMatch(/^draft\.create: draft\./);
  });

  it('drops __proto__, constructor and prototype keys inside selectors, regions and patches', () => {
    const clean = accepted(
      JSON.parse(
        JSON.stringify(withSelectors([QUOTE])).replace(
          '"exact":',
          '"__proto__":{"exact":"x"},"constructor":{"prototype":{"bad":1}},"exact":',
        ),
      ),
    );
    expect((clean.draft as { selectors: Selector[] }).selectors).toEqual([QUOTE]);
    const patch = accepted(
      JSON.parse(
        '{"type":"annotation.update","id":"a","expectedUpdatedAt":1,"patch":{"__proto__":{"note":"x"},"color":"pink"}}',
      ),
    );
    expect(patch.patch).toEqual({ color: 'pink' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'takes %s as a type for an unknown request',
    (type) => {
      expect(refused({ type })).toMatch(/^unknown request/);
    },
  );
});

describe('parseRequest: malformed messages are refused with a clear message', () => {
  const long = (n: number) => 'x'.repeat(n);
  const cases: [string, unknown, RegExp][] = [
    ['a string', 'page.load', /message must be an object/],
    ['null', null, /message must be an object/],
    ['undefined', undefined, /message must be an object/],
    ['a number', 42, /message must be an object/],
    ['an array', [{ type: 'page.load', page: PAGE }], /message must be an object/],
    ['unknown type', { type: 'annotations.dropAll' }, /^unknown request "annotations.dropAll"/],
    ['missing type', { page: PAGE }, /^unknown request of type undefined/],
    ['numeric type', { type: 7 }, /^unknown request of type number/],
    ['an old request type', { type: 'draft.commit', draftId: 'd' }, /^unknown request/],
    ['missing page', { type: 'page.load' }, /^page\.load: page: /],
    ['page not an object', { type: 'page.load', page: 'https://x.example/' }, /^page\.load: page: /],
    ['missing canonical', { type: 'page.load', page: { title: 't' } }, /page\.canonical: Invalid key/],
    ['canonical not a string', { type: 'page.load', page: { ...PAGE, canonical: 3 } }, /page\.canonical: /],
    ['title not a string', { type: 'page.load', page: { ...PAGE, title: ['t'] } }, /page\.title: /],
    [
      'oversize title',
      { type: 'page.load', page: { ...PAGE, title: long(LIMITS.pageTitle + 1) } },
      /page\.title: longer than 2000 characters/,
    ],
    [
      'oversize canonical',
      { type: 'page.load', page: { ...PAGE, canonical: long(LIMITS.url + 1) } },
      /page\.canonical: longer than/,
    ],
    ['missing draft', { type: 'annotation.create', page: PAGE }, /^annotation\.create: draft: /],
    [
      'empty quote',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, quote: '' } },
      /draft\.quote: must not be empty/,
    ],
    [
      'oversize quote',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, quote: long(LIMITS.quote + 1) } },
      /draft\.quote: longer than 10000/,
    ],
    [
      'unknown region',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, region: { kind: 'sidebar' } } },
      /draft\.region: .*kind: expected article, comment, page or story/,
    ],
    [
      'a highlight claiming to be a page note',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, region: { kind: 'story' } } },
      /draft\.region: .*whole story is written in the popup or the library/,
    ],
    [
      'comment author not a string',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, region: { kind: 'comment', author: 7 } } },
      /author: expected text/,
    ],
    [
      'region missing',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, region: undefined } },
      /region/,
    ],
    ['empty selectors', withSelectors([]), /selectors: .*expected 1 to 20 selectors, got 0/],
    ['selectors not a list', withSelectors(QUOTE), /selectors: .*expected a list of selectors/],
    [
      'too many selectors',
      withSelectors(Array(LIMITS.selectors + 1).fill(QUOTE)),
      /expected 1 to 20 selectors/,
    ],
    [
      'a selector nested too deep',
      withSelectors([nested(LIMITS.selectorDepth + 1)]),
      /nested more than 4 deep/,
    ],
    [
      'position end before start',
      withSelectors([{ type: 'TextPositionSelector', start: 9, end: 3 }]),
      /expected whole-number start <= end/,
    ],
    [
      'unknown selector type',
      withSelectors([{ type: 'FragmentSelector', value: 'x' }]),
      /unknown selector type/,
    ],
    ['missing ticket', { type: 'editor.open' }, /^editor\.open: ticket: /],
    ['empty ticket', { type: 'editor.open', ticket: '' }, /ticket: must not be empty/],
    ['oversize ticket', { type: 'editor.open', ticket: long(101) }, /ticket: longer than 100/],
    ['numeric ticket', { type: 'editor.open', ticket: 7 }, /ticket: /],
    ['keep without note', { type: 'editor.keep', ticket: 't', color: 'yellow', tags: [] }, /note: /],
    [
      'keep without tags',
      { type: 'editor.keep', ticket: 't', note: '', color: 'yellow' },
      /tags: Invalid key/,
    ],
    [
      'oversize note',
      { type: 'editor.keep', ticket: 't', note: long(LIMITS.note + 1), color: 'yellow', tags: [] },
      /note: longer than 100000 characters/,
    ],
    [
      'overwrite not a number',
      { type: 'editor.save', ticket: 't', note: '', color: 'yellow', tags: [], overwrite: '5' },
      /overwrite: /,
    ],
    [
      'negative overwrite',
      { type: 'editor.save', ticket: 't', note: '', color: 'yellow', tags: [], overwrite: -1 },
      /overwrite: /,
    ],
    ['close without discard', { type: 'editor.close', ticket: 't' }, /discard: /],
    ['discard not a boolean', { type: 'editor.close', ticket: 't', discard: 'yes' }, /discard: /],
    ['missing id', { type: 'annotation.delete' }, /^annotation\.delete: id: /],
    ['empty id', { type: 'annotation.delete', id: '' }, /id: must not be empty/],
    ['oversize id', { type: 'annotation.delete', id: long(101) }, /id: longer than 100/],
    ['numeric id', { type: 'annotation.delete', id: 3 }, /id: /],
    [
      'patch not an object',
      { type: 'annotation.update', id: 'a', patch: 'note', expectedUpdatedAt: 1 },
      /patch: Expected changes as an object/,
    ],
    [
      'update without patch',
      { type: 'annotation.update', id: 'a', expectedUpdatedAt: 1 },
      /patch: Invalid key/,
    ],
    [
      'update without version',
      { type: 'annotation.update', id: 'a', patch: { note: 'x' } },
      /expectedUpdatedAt: /,
    ],
    [
      'fractional version',
      { type: 'annotation.update', id: 'a', patch: { note: 'x' }, expectedUpdatedAt: 1.5 },
      /expectedUpdatedAt: /,
    ],
    [
      'empty patch',
      { type: 'annotation.update', id: 'a', patch: { foo: 1 }, expectedUpdatedAt: 1 },
      /patch: nothing to change/,
    ],
    [
      'patch anchored not a boolean',
      { type: 'annotation.update', id: 'a', patch: { anchored: 'yes' }, expectedUpdatedAt: 1 },
      /anchored: expected true or false/,
    ],
    [
      'patch with an oversize note',
      { type: 'annotation.update', id: 'a', patch: { note: long(LIMITS.note + 1) }, expectedUpdatedAt: 1 },
      /note: too long/,
    ],
    ['ids not a list', { type: 'annotations.setAnchored', ids: 'a', anchored: true }, /ids: /],
    ['anchored missing', { type: 'annotations.setAnchored', ids: ['a'] }, /anchored: /],
    [
      'an empty id in ids',
      { type: 'annotations.setAnchored', ids: ['a', ''], anchored: true },
      /ids\.1: must not be empty/,
    ],
    [
      'too many ids',
      { type: 'annotations.setAnchored', ids: Array(LIMITS.importItems + 1).fill('a'), anchored: true },
      /ids: /,
    ],
    ['forPage with a non-http URL', { type: 'annotations.forPage', pageUrl: 'about:blank' }, /http\(s\)/],
    [
      'forPage with javascript:',
      { type: 'annotations.forPage', pageUrl: 'javascript:alert(1)' },
      /http\(s\)/,
    ],
    [
      'page.open with a file URL',
      { type: 'page.open', url: 'file:///etc/passwd', revealId: 'a' },
      /http\(s\)/,
    ],
    ['page.open with a broken URL', { type: 'page.open', url: 'https://', revealId: 'a' }, /http\(s\)/],
    ['search not a string', { type: 'annotations.search', query: null }, /query: /],
    ['oversize search', { type: 'annotations.search', query: long(501) }, /query: longer than 500/],
    ['negative tab id', { type: 'tab.page', tabId: -1 }, /tabId: /],
    ['fractional tab id', { type: 'tab.page', tabId: 1.5 }, /tabId: Invalid integer/],
    ['string tab id', { type: 'tab.page', tabId: '4' }, /tabId: /],
    ['NaN tab id', { type: 'tab.page', tabId: Number.NaN }, /tabId: /],
    ['unknown export format', { type: 'export.chunk', format: 'pdf', offset: 0, generated: 1 }, /format: /],
    [
      'import without items',
      { type: 'import.chunk', firstIndex: 0, batchId: null },
      /^import.chunk: items: /,
    ],
    ['import.undo without batch', { type: 'import.undo' }, /batchId: /],
    ['library page too long', { type: 'library.pages', offset: 0, limit: 501 }, /limit: /],
    ['negative offset', { type: 'library.search', text: '', filters: {}, offset: -1, limit: 5 }, /offset: /],
    [
      'unknown region filter',
      { type: 'library.search', text: '', filters: { region: 'footer' }, offset: 0, limit: 5 },
      /filters\.region: /,
    ],
    ['import chunk without items', { type: 'import.chunk', firstIndex: 0, batchId: null }, /items: /],
    ['a setting Gloss has not', { type: 'settings.set', patch: { theme: 'dark' } }, /theme: not a setting/],
    ['no change to the settings', { type: 'settings.set', patch: {} }, /nothing to change/],
    [
      'an empty page note',
      { type: 'pageNote.create', pageUrl: 'https://news.example/x', pageTitle: '', note: '', tags: [] },
      /note: /,
    ],
    [
      'a page note for a file',
      { type: 'pageNote.create', pageUrl: 'file:///etc/passwd', pageTitle: '', note: 'x', tags: [] },
      /http\(s\)/,
    ],
    ['unknown facet', { type: 'library.facets', kind: 'color' }, /kind: /],
  ];

  it.each(cases)('%s', (_name, raw, message) => {
    expect(refused(raw)).toMatch(message);
  });

  it('quotes a hostile unknown type only briefly in the error', () => {
    const error = refused({ type: `<script>${'a'.repeat(500)}` });
    expect(error.length).toBeLessThan(100);
    expect(error).toContain('<script>');
  });

  // `{ type: { toString: 0 } }` is plain data that survives cloning and JSON; String() of it throws.
  it('refuses a type object without a usable toString instead of throwing', () => {
    expect(() => parseRequest({ type: { toString: 0 } })).not.toThrow();
    expect(refused({ type: { toString: 0 } })).toMatch(/^unknown request/);
  });
});

describe('parseRequest: colours and tags', () => {
  const keep = (fields: Record<string, unknown>) => ({
    type: 'editor.keep',
    ticket: 't',
    note: '',
    color: 'yellow',
    tags: [],
    ...fields,
  });

  it.each([
    'red',
    'Yellow',
    '#ff0',
    'rgb(255, 0, 0)',
    'url(x)',
    'yellow; background: url(x)',
    '',
    null,
    7,
    ['yellow'],
    { toString: 'yellow' },
  ])('refuses the colour %j wherever a colour goes', (color) => {
    expect(refused(keep({ color }))).toMatch(/color: .*expected one of yellow, green, blue, pink, purple/);
    expect(refused({ type: 'editor.preview', ticket: 't', color })).toMatch(/color: /);
    expect(refused({ type: 'draft.create', page: PAGE, draft: { ...DRAFT, color } })).toMatch(
      /draft\.color: /,
    );
    expect(refused({ type: 'annotation.update', id: 'a', patch: { color }, expectedUpdatedAt: 1 })).toMatch(
      /color: /,
    );
  });

  it.each([
    ['not a list', 'news', /tags: .*expected a list of tags/],
    ['an empty tag', ['ok', ''], /tags.*\[1\]: must not be empty/],
    ['a blank tag', ['  '], /must not be empty/],
    ['a number', ['ok', 3], /\[1\]: expected text/],
    ['a nested list', [['a']], /\[0\]: expected text/],
    ['an oversize tag', ['x'.repeat(LIMITS.tag + 1)], /too long/],
    ['too many tags', Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`), /too many tags/],
  ])('refuses tags that are %s', (_name, tags, message) => {
    expect(refused(keep({ tags }))).toMatch(message);
    expect(refused({ type: 'editor.save', ticket: 't', note: '', color: 'yellow', tags })).toMatch(message);
    expect(refused({ type: 'annotation.update', id: 'a', patch: { tags }, expectedUpdatedAt: 1 })).toMatch(
      message,
    );
  });
});

describe('parseRequest: selectors', () => {
  /** One selector through the schema, the way the background takes it: inside a draft. */
  function selector(raw: unknown): Selector {
    const clean = accepted(withSelectors([raw]));
    return (clean.draft as { selectors: Selector[] }).selectors[0] as Selector;
  }

  it('accepts every W3C selector type the extension writes, as a clean copy', () => {
    const range: Selector = {
      type: 'RangeSelector',
      startSelector: { type: 'XPathSelector', value: '/html/body/p[1]' },
      endSelector: { type: 'XPathSelector', value: '/html/body/p[2]' },
    };
    const css: Selector = {
      type: 'CssSelector',
      value: '#comment-7 > .body',
      refinedBy: { type: 'TextQuoteSelector', exact: 'hello', prefix: 'well ', suffix: '!' },
    };
    // Gloss's own terms on a quote: the width of a short page's context, the copies of a twinned quote.
    const twinned: Selector = { ...QUOTE, 'gloss:contextWidth': 509, 'gloss:copies': 7 };
    for (const s of [QUOTE, POSITION, range, css, twinned]) {
      expect(selector(JSON.parse(JSON.stringify({ ...s, junk: true })))).toEqual(s);
    }
  });

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(selector(nested(LIMITS.selectorDepth))).toEqual(nested(LIMITS.selectorDepth));
    expect(refused(withSelectors([nested(LIMITS.selectorDepth + 1)]))).toMatch(/nested more than 4 deep/);
  });

  it('refuses selectors nested 10,000 deep without recursing forever', () => {
    let range: Selector = QUOTE;
    for (let i = 0; i < 10_000; i++)
      range = { type: 'RangeSelector', startSelector: range, endSelector: QUOTE };
    expect(refused(withSelectors([range]))).toMatch(/nested more than 4 deep/);
    let css: Selector = QUOTE;
    for (let i = 0; i < 10_000; i++) css = { type: 'CssSelector', value: 'p', refinedBy: css };
    expect(refused(withSelectors([css]))).toMatch(/nested more than 4 deep/);
  });

  it.each([
    ['a string', 'TextQuoteSelector', /expected a selector object/],
    ['null', null, /expected a selector object/],
    ['a list', [QUOTE], /expected a selector object/],
    ['unknown type', { type: 'FragmentSelector', value: 'x' }, /unknown selector type "FragmentSelector"/],
    ['quote without exact', { type: 'TextQuoteSelector' }, /exact: expected text/],
    ['blank exact', { type: 'TextQuoteSelector', exact: ' ' }, /exact: must not be empty/],
    ['prefix not a string', { type: 'TextQuoteSelector', exact: 'a', prefix: 1 }, /prefix: expected text/],
    [
      'oversize exact',
      { type: 'TextQuoteSelector', exact: 'x'.repeat(LIMITS.selectorText + 1) },
      /exact: too long/,
    ],
    [
      'a negative context width',
      { ...QUOTE, 'gloss:contextWidth': -1 },
      /gloss:contextWidth: expected a whole number/,
    ],
    ['zero copies', { ...QUOTE, 'gloss:copies': 0 }, /gloss:copies: expected a whole number of copies/],
    ['position as strings', { type: 'TextPositionSelector', start: '1', end: '2' }, /start <= end/],
    ['negative start', { type: 'TextPositionSelector', start: -1, end: 2 }, /start <= end/],
    ['infinite end', { type: 'TextPositionSelector', start: 1, end: Infinity }, /start <= end/],
    ['fractional start', { type: 'TextPositionSelector', start: 0.5, end: 2 }, /start <= end/],
    ['empty CSS', { type: 'CssSelector', value: '' }, /value: must not be empty/],
    ['missing XPath', { type: 'XPathSelector' }, /value: expected text/],
    ['range without end', { type: 'RangeSelector', startSelector: QUOTE }, /expected a selector object/],
    [
      'bad refinement',
      { type: 'CssSelector', value: 'p', refinedBy: { type: 'TextQuoteSelector', exact: '' } },
      /exact: must not be empty/,
    ],
  ])('refuses %s', (_name, raw, message) => {
    expect(refused(withSelectors([raw]))).toMatch(message);
  });
});

describe('validatePageCommand', () => {
  it.each([
    [{ type: 'page.changed', pageUrl: 'https://news.example/x', junk: 1 }, { type: 'page.changed' }],
    [
      { type: 'page.scrollTo', id: 'a-1', junk: 1 },
      { type: 'page.scrollTo', id: 'a-1' },
    ],
    [{ type: 'page.highlightSelection', junk: 1 }, { type: 'page.highlightSelection' }],
    [
      { type: 'page.editHighlight', id: 'a-1', note: 'secret' },
      { type: 'page.editHighlight', id: 'a-1' },
    ],
    [
      { type: 'page.offerUndo', id: 'a-1', junk: 1 },
      { type: 'page.offerUndo', id: 'a-1' },
    ],
    [{ type: 'page.closeEditor' }, { type: 'page.closeEditor' }],
    [
      { type: 'page.closeEditor', deleted: 'a-1' },
      { type: 'page.closeEditor', deleted: 'a-1' },
    ],
    [
      { type: 'page.previewColor', color: 'pink', junk: 1 },
      { type: 'page.previewColor', color: 'pink' },
    ],
  ])('accepts %j as a clean copy', (raw, expected) => {
    expect(validatePageCommand(raw)).toEqual(expected);
  });

  it('carries nothing but its type for page.changed: no story, no note', () => {
    const command = validatePageCommand({ type: 'page.changed', note: 'secret', tags: ['t'] });
    expect(command).toEqual({ type: 'page.changed' });
    expect(Object.keys(command ?? {})).toEqual(['type']);
  });

  it.each([
    null,
    undefined,
    'page.changed',
    42,
    {},
    [],
    { type: 'page.delete' },
    { type: 'page.info' },
    { type: '__proto__' },
    { type: 'page.scrollTo' },
    { type: 'page.scrollTo', id: { $ne: null } },
    { type: 'page.editHighlight' },
    { type: 'page.offerUndo', id: 'x'.repeat(201) },
    { type: 'page.previewColor', color: 'red; background: url(x)' },
    { type: 'page.previewColor' },
    { type: 'page.closeEditor', deleted: { id: 'a-1' } },
    { type: 'page.closeEditor', deleted: 'x'.repeat(201) },
    // A background request sent to a tab is not a page command.
    { type: 'page.load', page: PAGE },
  ])('ignores %j', (raw) => {
    expect(validatePageCommand(raw)).toBeNull();
  });
});

describe('validateExtensionEvent', () => {
  it('accepts a change announcement as a clean copy', () => {
    const pageUrls = ['https://news.example/x', 'https://news.example/y'];
    expect(validateExtensionEvent({ type: 'annotations.changed', pageUrls, x: 1 })).toEqual({
      type: 'annotations.changed',
      pageUrls,
    });
  });

  it.each([
    null,
    undefined,
    'annotations.changed',
    { type: 'annotations.changed' },
    { type: 'annotations.changed', pageUrl: 'https://news.example/x' },
    { type: 'annotations.changed', pageUrls: 'https://news.example/x' },
    { type: 'annotations.changed', pageUrls: ['https://news.example/x', 3] },
    { type: 'annotations.changed', pageUrls: Array.from({ length: 10_001 }, () => 'u') },
    // Requests that other extension pages send to the background pass by the popup too: not events.
    { type: 'annotation.update', id: 'a', patch: {} },
    { type: 'pages.list' },
    { type: 'page.changed' },
  ])('ignores %j', (raw) => {
    expect(validateExtensionEvent(raw)).toBeNull();
  });
});
