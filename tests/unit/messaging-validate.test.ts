import { describe, expect, it } from 'vitest';
import type { Selector } from '../../annotator/selectors';
import { type BackgroundRequestType, GlossError } from '../../messaging/protocol';
import {
  CONTENT_SCRIPT_REQUESTS,
  validateExtensionEvent,
  validatePageCommand,
  validateRequest,
} from '../../messaging/validate';

const PAGE = { url: 'https://news.example/2024/05/story?id=7', canonical: null, title: 'A story' };
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

/** Runs `fn` and returns the GlossError it threw, failing the test when it threw nothing or something else. */
function invalidError(fn: () => unknown): GlossError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GlossError);
    expect((e as GlossError).code).toBe('invalid');
    return e as GlossError;
  }
  throw new Error('expected the message to be rejected');
}

/** A CssSelector refined `levels` times, the innermost a quote. */
function nested(levels: number): Selector {
  let s: Selector = { type: 'TextQuoteSelector', exact: 'deep' };
  for (let i = 0; i < levels; i++) s = { type: 'CssSelector', value: `#n${i}`, refinedBy: s };
  return s;
}

describe('validateRequest: valid messages of every type come back as a clean copy', () => {
  // [input, expected clean copy]; every input also carries fields the protocol does not know.
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['page.load', { page: PAGE }, { page: PAGE }],
    [
      'annotation.create',
      { page: PAGE, draft: DRAFT, note: 'my note' },
      { page: PAGE, draft: DRAFT, note: 'my note' },
    ],
    ['draft.create', { page: PAGE, draft: DRAFT }, { page: PAGE, draft: DRAFT }],
    ['draft.get', { draftId: 'd-1' }, { draftId: 'd-1' }],
    [
      'draft.commit',
      { draftId: 'd-1', note: 'n', color: 'blue' },
      { draftId: 'd-1', note: 'n', color: 'blue', tags: [] },
    ],
    [
      'draft.commit',
      { draftId: 'd-1', note: 'n', color: 'blue', tags: ['local', 'local', 'budget'] },
      { draftId: 'd-1', note: 'n', color: 'blue', tags: ['local', 'budget'] },
    ],
    ['annotation.get', { id: 'a-1' }, { id: 'a-1' }],
    ['annotation.delete', { id: 'a-1' }, { id: 'a-1' }],
    [
      'annotation.update',
      { id: 'a-1', patch: { note: 'x', color: 'pink', tags: ['t'], anchored: false } },
      { id: 'a-1', patch: { note: 'x', color: 'pink', tags: ['t'], anchored: false } },
    ],
    [
      'annotations.setAnchored',
      { ids: ['a-1', 'a-2'], anchored: true },
      { ids: ['a-1', 'a-2'], anchored: true },
    ],
    ['annotations.forPage', { pageUrl: 'https://news.example/x' }, { pageUrl: 'https://news.example/x' }],
    ['annotations.search', { query: 'council' }, { query: 'council' }],
    ['pages.list', {}, {}],
    ['tab.page', { tabId: 12 }, { tabId: 12 }],
    ['export', { format: 'w3c' }, { format: 'w3c' }],
    ['export', { format: 'markdown' }, { format: 'markdown' }],
    ['import', { text: '{"type":"AnnotationCollection"}' }, { text: '{"type":"AnnotationCollection"}' }],
    ['editor.close', {}, {}],
    ['editor.close', { deleted: 'a-1' }, { deleted: 'a-1' }],
    ['page.undoDelete', { id: 'a-1' }, { id: 'a-1' }],
    ['editor.preview', { color: 'blue' }, { color: 'blue' }],
    ['annotation.undoDelete', { id: 'a-1' }, { id: 'a-1' }],
    [
      'page.open',
      { url: 'https://news.example/x', revealId: 'a-1' },
      { url: 'https://news.example/x', revealId: 'a-1' },
    ],
  ];

  it.each(cases)('%s', (type, fields, expected) => {
    const raw = { type, ...fields, extra: 'dropped', sender: { id: 'spoofed' } };
    const clean = validateRequest(raw);
    expect(clean).toEqual({ type, ...expected });
    expect(clean).not.toHaveProperty('extra');
    expect(clean).not.toHaveProperty('sender');
  });

  it('covers every request type the protocol knows', () => {
    // A new request type fails to compile here until it is listed, and then fails below until it has a case.
    const all: Record<BackgroundRequestType, true> = {
      'page.load': true,
      'annotation.create': true,
      'draft.create': true,
      'draft.get': true,
      'draft.commit': true,
      'annotation.get': true,
      'annotation.update': true,
      'annotation.delete': true,
      'annotations.setAnchored': true,
      'annotations.forPage': true,
      'annotations.search': true,
      'pages.list': true,
      'tab.page': true,
      export: true,
      import: true,
      'editor.close': true,
      'editor.preview': true,
      'page.open': true,
      'annotation.undoDelete': true,
      'page.undoDelete': true,
    };
    expect(new Set(cases.map(([type]) => type))).toEqual(new Set(Object.keys(all)));
  });

  it('lets content scripts send only what a web page needs', () => {
    expect([...CONTENT_SCRIPT_REQUESTS].sort()).toEqual([
      'annotation.create',
      'annotations.setAnchored',
      'draft.create',
      'page.load',
      'page.undoDelete',
    ]);
  });

  it('drops unknown fields nested in the page, draft, region and patch', () => {
    const clean = validateRequest({
      type: 'annotation.create',
      page: { ...PAGE, cookie: 'secret' },
      draft: {
        ...DRAFT,
        id: 'forced-id',
        region: { ...DRAFT.region, html: '<b>' },
        selectors: [{ ...QUOTE, evil: 1 }],
      },
      note: 'n',
    });
    expect(clean).toEqual({
      type: 'annotation.create',
      page: PAGE,
      draft: { ...DRAFT, selectors: [QUOTE] },
      note: 'n',
    });
    const update = validateRequest({ type: 'annotation.update', id: 'a', patch: { note: 'x', id: 'b' } });
    expect(update).toEqual({ type: 'annotation.update', id: 'a', patch: { note: 'x' } });
  });

  it('fills defaults the protocol allows to be missing', () => {
    expect(validateRequest({ type: 'page.load', page: { url: PAGE.url } })).toEqual({
      type: 'page.load',
      page: { url: PAGE.url, canonical: null, title: '' },
    });
    const created = validateRequest({ type: 'annotation.create', page: PAGE, draft: DRAFT });
    expect(created).toMatchObject({ note: '' });
    const article = validateRequest({
      type: 'draft.create',
      page: PAGE,
      draft: { ...DRAFT, region: { kind: 'comment' } },
    });
    expect(article).toMatchObject({ draft: { region: { kind: 'comment', author: null, commentKey: null } } });
  });

  it('keeps hostile strings as plain text, unchanged', () => {
    const hostile = `<img src=x onerror="alert(1)"> \${process.env} \u202e"; DROP TABLE annotations; --`;
    const clean = validateRequest({
      type: 'annotation.create',
      page: { ...PAGE, title: hostile },
      draft: { ...DRAFT, quote: hostile, selectors: [{ type: 'TextQuoteSelector', exact: hostile }] },
      note: hostile,
    });
    expect(clean).toMatchObject({
      page: { title: hostile },
      note: hostile,
      draft: { quote: hostile, selectors: [{ exact: hostile }] },
    });
  });

  it('does not carry a __proto__ key from parsed JSON into the copy', () => {
    const raw = JSON.parse(
      `{"type":"page.load","page":{"url":"${PAGE.url}","title":"t","__proto__":{"polluted":true}},"__proto__":{"admin":true}}`,
    );
    const clean = validateRequest(raw) as Record<string, unknown>;
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(clean.admin).toBeUndefined();
    expect((clean.page as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validateRequest: malformed messages are rejected with a clear message', () => {
  const long = (n: number) => 'x'.repeat(n);
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'page.load', /message must be an object/],
    ['null', null, /message must be an object/],
    ['an array', [{ type: 'page.load' }], /message must be an object/],
    ['unknown type', { type: 'annotations.dropAll' }, /unknown request "annotations.dropAll"/],
    ['missing type', { page: PAGE }, /unknown request/],
    ['prototype name as type', { type: 'constructor' }, /unknown request/],
    ['missing page', { type: 'page.load' }, /page must be an object/],
    ['page URL not a string', { type: 'page.load', page: { ...PAGE, url: 42 } }, /page URL must be a string/],
    ['empty page URL', { type: 'page.load', page: { ...PAGE, url: '' } }, /page URL must not be empty/],
    ['page URL not a URL', { type: 'page.load', page: { ...PAGE, url: 'news' } }, /page URL is not a URL/],
    [
      'javascript: page URL',
      { type: 'page.load', page: { ...PAGE, url: 'javascript:alert(1)' } },
      /page URL must be an http\(s\) URL/,
    ],
    [
      'extension page URL',
      { type: 'page.load', page: { ...PAGE, url: 'chrome-extension://abc/popup.html' } },
      /http\(s\)/,
    ],
    ['file: page URL', { type: 'page.load', page: { ...PAGE, url: 'file:///etc/passwd' } }, /http\(s\)/],
    [
      'title not a string',
      { type: 'page.load', page: { ...PAGE, title: ['t'] } },
      /page title must be a string/,
    ],
    [
      'oversize title',
      { type: 'page.load', page: { ...PAGE, title: long(1_001) } },
      /page title is longer than 1000/,
    ],
    [
      'canonical not a string',
      { type: 'page.load', page: { ...PAGE, canonical: {} } },
      /canonical URL must be a string/,
    ],
    ['missing draft', { type: 'annotation.create', page: PAGE, note: '' }, /draft must be an object/],
    [
      'oversize note',
      { type: 'annotation.create', page: PAGE, draft: DRAFT, note: long(100_001) },
      /note is longer than 100000 characters/,
    ],
    [
      'note not a string',
      { type: 'annotation.create', page: PAGE, draft: DRAFT, note: 5 },
      /note must be a string/,
    ],
    [
      'invalid colour',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, color: 'red' } },
      /colour: expected one of yellow, green, blue, pink, purple/,
    ],
    [
      'CSS colour value',
      { type: 'draft.commit', draftId: 'd', note: '', color: '#ff0' },
      /colou?r: expected one of/,
    ],
    [
      'empty quote',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, quote: '' } },
      /(exact|quote): must not be empty|quote must not be empty/,
    ],
    [
      'oversize quote',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, quote: long(10_001) } },
      /quote is longer than 10000/,
    ],
    [
      'unknown region',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, region: { kind: 'sidebar' } } },
      /region.kind: expected article, comment or page/,
    ],
    [
      'comment author not a string',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, region: { kind: 'comment', author: 7 } } },
      /region.author: expected text/,
    ],
    [
      'empty selectors',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, selectors: [] } },
      /selectors: expected (1 to 20 selectors|a list of selectors)/,
    ],
    [
      'selectors not a list',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, selectors: QUOTE } },
      /selectors: expected (1 to 20 selectors|a list of selectors)/,
    ],
    [
      'too many selectors',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, selectors: Array(21).fill(QUOTE) } },
      /expected 1 to 20 selectors/,
    ],
    [
      'deeply nested selectors',
      { type: 'draft.create', page: PAGE, draft: { ...DRAFT, selectors: [nested(5)] } },
      /nested more than 4 deep/,
    ],
    [
      'position end before start',
      {
        type: 'draft.create',
        page: PAGE,
        draft: { ...DRAFT, selectors: [{ type: 'TextPositionSelector', start: 9, end: 3 }] },
      },
      /expected whole-number start <= end/,
    ],
    ['missing draft id', { type: 'draft.get' }, /id must be a string/],
    ['empty draft id', { type: 'draft.get', draftId: '' }, /id must not be empty/],
    ['oversize id', { type: 'annotation.get', id: long(101) }, /id is longer than 100/],
    ['numeric id', { type: 'annotation.delete', id: 3 }, /id must be a string/],
    ['commit without note', { type: 'draft.commit', draftId: 'd', color: 'yellow' }, /note must be a string/],
    [
      'commit with an empty tag',
      { type: 'draft.commit', draftId: 'd', note: '', color: 'yellow', tags: ['ok', ''] },
      /tags\[1\]/,
    ],
    [
      'commit with tags not a list',
      { type: 'draft.commit', draftId: 'd', note: '', color: 'yellow', tags: 'news' },
      /tags: expected a list/,
    ],
    ['update without patch', { type: 'annotation.update', id: 'a' }, /Expected changes as an object/],
    ['empty patch', { type: 'annotation.update', id: 'a', patch: { foo: 1 } }, /nothing to change/],
    [
      'patch with bad colour',
      { type: 'annotation.update', id: 'a', patch: { color: 'black' } },
      /colou?r: expected one of/,
    ],
    [
      'patch tags not a list',
      { type: 'annotation.update', id: 'a', patch: { tags: 'news' } },
      /tags: expected a list/,
    ],
    [
      'patch anchored not a boolean',
      { type: 'annotation.update', id: 'a', patch: { anchored: 'yes' } },
      /anchored: expected true or false/,
    ],
    ['ids not a list', { type: 'annotations.setAnchored', ids: 'a', anchored: true }, /ids must be a list/],
    ['anchored missing', { type: 'annotations.setAnchored', ids: ['a'] }, /anchored must be true or false/],
    [
      'an empty id in ids',
      { type: 'annotations.setAnchored', ids: ['a', ''], anchored: true },
      /id must not be empty/,
    ],
    ['forPage with non-http URL', { type: 'annotations.forPage', pageUrl: 'about:blank' }, /http\(s\)/],
    ['search not a string', { type: 'annotations.search', query: null }, /search must be a string/],
    ['oversize search', { type: 'annotations.search', query: long(501) }, /search is longer than 500/],
    ['negative tab id', { type: 'tab.page', tabId: -1 }, /tab id must be a non-negative integer/],
    ['fractional tab id', { type: 'tab.page', tabId: 1.5 }, /tab id must be a non-negative integer/],
    ['string tab id', { type: 'tab.page', tabId: '4' }, /tab id must be a non-negative integer/],
    ['unknown export format', { type: 'export', format: 'csv' }, /export format must be w3c or markdown/],
    ['import without text', { type: 'import' }, /import file must be a string/],
  ];

  it.each(cases)('%s', (_name, raw, message) => {
    const error = invalidError(() => validateRequest(raw));
    expect(error.message).toMatch(message);
  });

  it('quotes a hostile unknown type only briefly in the error', () => {
    const error = invalidError(() => validateRequest({ type: `<script>${'a'.repeat(500)}` }));
    expect(error.message.length).toBeLessThan(100);
    expect(error.message).toContain('<script>');
  });
});

/** Validates one selector the way the background does: inside a draft's selector list. */
function validateSelector(selector: unknown): Selector {
  const request = validateRequest({
    type: 'draft.create',
    page: PAGE,
    draft: { ...DRAFT, selectors: [selector] },
  });
  if (request.type !== 'draft.create') throw new Error('unexpected request type');
  return request.draft.selectors[0] as Selector;
}

describe('selectors in requests', () => {
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
      expect(validateSelector(JSON.parse(JSON.stringify({ ...s, junk: true })))).toEqual(s);
    }
  });

  it('accepts nesting up to the limit and rejects one level more', () => {
    expect(validateSelector(nested(4))).toEqual(nested(4));
    expect(invalidError(() => validateSelector(nested(5))).message).toMatch(/nested more than 4 deep/);
  });

  it('rejects deeply nested range selectors without recursing forever', () => {
    let s: Selector = QUOTE;
    for (let i = 0; i < 10_000; i++) s = { type: 'RangeSelector', startSelector: s, endSelector: QUOTE };
    expect(invalidError(() => validateSelector(s)).message).toMatch(/nested more than 4 deep/);
  });

  it('accepts an empty-width position and zero offsets', () => {
    expect(validateSelector({ type: 'TextPositionSelector', start: 0, end: 0 })).toEqual({
      type: 'TextPositionSelector',
      start: 0,
      end: 0,
    });
  });

  it.each([
    ['a string', 'TextQuoteSelector', /expected a selector object/],
    ['unknown type', { type: 'FragmentSelector', value: 'x' }, /unknown selector type "FragmentSelector"/],
    ['quote without exact', { type: 'TextQuoteSelector' }, /exact: expected text/],
    [
      'empty exact',
      { type: 'TextQuoteSelector', exact: '' },
      /(exact|quote): must not be empty|quote must not be empty/,
    ],
    ['prefix not a string', { type: 'TextQuoteSelector', exact: 'a', prefix: 1 }, /prefix: expected text/],
    [
      'position as strings',
      { type: 'TextPositionSelector', start: '1', end: '2' },
      /expected whole-number start <= end/,
    ],
    [
      'negative start',
      { type: 'TextPositionSelector', start: -1, end: 2 },
      /expected whole-number start <= end/,
    ],
    [
      'infinite end',
      { type: 'TextPositionSelector', start: 1, end: Infinity },
      /expected whole-number start <= end/,
    ],
    [
      'end before start',
      { type: 'TextPositionSelector', start: 5, end: 4 },
      /expected whole-number start <= end/,
    ],
    ['empty CSS', { type: 'CssSelector', value: '' }, /value: must not be empty/],
    ['missing XPath', { type: 'XPathSelector' }, /value: expected text/],
    ['range without end', { type: 'RangeSelector', startSelector: QUOTE }, /expected a selector object/],
    [
      'bad refinement',
      { type: 'CssSelector', value: 'p', refinedBy: { type: 'TextQuoteSelector', exact: '' } },
      /(exact|quote): must not be empty|quote must not be empty/,
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(invalidError(() => validateSelector(raw)).message).toMatch(message);
  });
});

describe('validatePageCommand', () => {
  it.each([
    [
      { type: 'page.changed', pageUrl: 'https://news.example/x', junk: 1 },
      { type: 'page.changed', pageUrl: 'https://news.example/x' },
    ],
    [
      { type: 'page.scrollTo', id: 'a-1', junk: 1 },
      { type: 'page.scrollTo', id: 'a-1' },
    ],
    [{ type: 'page.highlightSelection', junk: 1 }, { type: 'page.highlightSelection' }],
    [{ type: 'page.closeEditor' }, { type: 'page.closeEditor' }],
    [
      { type: 'page.closeEditor', deleted: 'a-1' },
      { type: 'page.closeEditor', deleted: 'a-1' },
    ],
    [{ type: 'page.info' }, { type: 'page.info' }],
    [
      { type: 'page.previewColor', color: 'pink', junk: 1 },
      { type: 'page.previewColor', color: 'pink' },
    ],
  ])('accepts %j as a clean copy', (raw, expected) => {
    expect(validatePageCommand(raw)).toEqual(expected);
  });

  it.each([
    null,
    'page.info',
    42,
    {},
    { type: 'page.delete' },
    { type: 'page.changed' },
    { type: 'page.changed', pageUrl: 5 },
    { type: 'page.scrollTo', id: { $ne: null } },
    { type: 'page.previewColor', color: 'red; background: url(x)' },
    { type: 'page.previewColor' },
    { type: 'page.closeEditor', deleted: { id: 'a-1' } },
    // A background request sent to a tab is not a page command.
    { type: 'page.load', page: PAGE },
  ])('ignores %j', (raw) => {
    expect(validatePageCommand(raw)).toBeNull();
  });
});

describe('validateExtensionEvent', () => {
  it('accepts a change announcement as a clean copy', () => {
    expect(
      validateExtensionEvent({ type: 'annotations.changed', pageUrl: 'https://news.example/x', x: 1 }),
    ).toEqual({ type: 'annotations.changed', pageUrl: 'https://news.example/x' });
  });

  it.each([
    null,
    'annotations.changed',
    { type: 'annotations.changed' },
    { type: 'annotations.changed', pageUrl: 3 },
    // Requests that other extension pages send to the background pass by the popup too: not events.
    { type: 'annotation.update', id: 'a', patch: {} },
    { type: 'pages.list' },
  ])('ignores %j', (raw) => {
    expect(validateExtensionEvent(raw)).toBeNull();
  });
});
