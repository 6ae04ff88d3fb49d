import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { findItems, ImportFormatError, parseImport } from '../../storage/import-format';

const NOW = Date.UTC(2026, 5, 1);
const w3c = (over: Record<string, unknown> = {}) => ({
  '@context': 'http://www.w3.org/ns/anno.jsonld',
  type: 'Annotation',
  id: 'https://annotations.example/anno/1',
  created: '2025-03-04T05:06:07Z',
  target: {
    source: 'https://news.example/story',
    selector: { type: 'TextQuoteSelector', exact: 'the council voted', prefix: 'Yesterday ', suffix: ' to' },
  },
  body: [
    { type: 'TextualBody', value: 'Check the minutes.', purpose: 'commenting' },
    { type: 'TextualBody', value: 'council', purpose: 'tagging' },
  ],
  ...over,
});

/** One Hypothesis annotation as its API and export write it. */
const hypothesis = (over: Record<string, unknown> = {}) => ({
  id: 'kJ3r9Hb8Ee6aXw',
  created: '2025-02-01T10:20:30.123456+00:00',
  updated: '2025-02-02T08:00:00.000000+00:00',
  user: 'acct:reader@hypothes.is',
  uri: 'https://news.example/story?utm_source=feed',
  text: 'Compare with **last year**.',
  tags: ['budget', 'city hall'],
  group: '__world__',
  permissions: { read: ['group:__world__'] },
  target: [
    {
      source: 'https://news.example/story?utm_source=feed',
      selector: [
        {
          type: 'RangeSelector',
          endOffset: 42,
          startOffset: 0,
          endContainer: '/main[1]/p[3]',
          startContainer: '/main[1]/p[3]',
        },
        { type: 'TextPositionSelector', end: 1242, start: 1200 },
        { type: 'TextQuoteSelector', exact: 'the library closes in June', prefix: 'said ', suffix: '.' },
      ],
    },
  ],
  document: { title: ['Library to close after council vote'] },
  links: { html: 'https://hypothes.is/a/kJ3r9Hb8Ee6aXw' },
  user_info: { display_name: 'A Reader' },
  ...over,
});

const hypothesisExport = (annotations: unknown[]) => ({
  export_date: '2025-03-01T00:00:00.000Z',
  export_userid: 'acct:reader@hypothes.is',
  client_version: '1.1400.0',
  annotations,
});

describe('import file shapes', () => {
  it('reads one Annotation, a list, a page and a collection whose pages are inline', () => {
    const [a, b, c] = [w3c(), w3c({ id: 'urn:x:2' }), w3c({ id: 'urn:x:3' })];
    expect(findItems(a).items).toEqual([a]);
    expect(findItems([a, b]).items).toEqual([a, b]);
    expect(findItems({ type: 'AnnotationPage', items: [a] }).items).toEqual([a]);
    const collection = {
      type: 'AnnotationCollection',
      total: 3,
      first: {
        type: 'AnnotationPage',
        items: [a],
        next: { type: 'AnnotationPage', items: [b], next: { items: [c] } },
      },
    };
    expect(findItems(collection).items).toEqual([a, b, c]);
    expect(findItems({ type: ['AnnotationCollection'], items: [a] }).items).toEqual([a]);
  });

  it('takes every kind of W3C body: text, an IRI, a resource, a Choice; tags by purpose, marks add nothing', () => {
    const result = parseImport(
      w3c({
        body: [
          { type: 'TextualBody', value: 'See the minutes.', purpose: 'commenting' },
          'https://notes.example/n/1',
          { id: 'https://img.example/chart.png', type: 'Image', purpose: 'describing' },
          { type: 'SpecificResource', source: 'https://docs.example/report#p4', purpose: 'linking' },
          {
            type: 'Choice',
            items: [{ type: 'Video' }, { type: 'TextualBody', value: 'La mairie a voté.', language: 'fr' }],
          },
          { type: 'TextualBody', value: 'council', purpose: 'tagging' },
          { type: 'TextualBody', value: 'Budget', purpose: 'classifying' },
          { type: 'TextualBody', value: 'yellow', purpose: 'highlighting' },
          { purpose: 'bookmarking' },
        ],
      }),
      NOW,
    );
    expect(result.errors).toEqual([]);
    expect(result.annotations[0]?.note).toBe(
      [
        'See the minutes.',
        'https://notes.example/n/1',
        'https://img.example/chart.png',
        'https://docs.example/report#p4',
        'La mairie a voté.',
      ].join('\n\n'),
    );
    expect(result.annotations[0]?.tags).toEqual(['council', 'Budget']);
  });

  it('refuses, with the reason, a body that holds nothing Gloss can keep', () => {
    for (const [body, reason] of [
      [{ type: 'Image' }, /body\[0\]: a body with no value and no address/],
      [{ type: 'Choice', items: [{ type: 'Audio' }] }, /body\[0\]: a Choice with no form Gloss can keep/],
      [42, /body\[0\]: expected a body object or an IRI, got number/],
      [{ type: 'TextualBody', value: 'x', purpose: 7 }, /body\[0\]\.purpose: expected text/],
    ] as const) {
      const result = parseImport(w3c({ body: [body] }), NOW);
      expect(result.annotations).toEqual([]);
      expect(result.errors.join()).toMatch(reason);
    }
  });

  it('names a collection that continues elsewhere, or is not one at all', () => {
    const elsewhere = {
      type: 'AnnotationCollection',
      first: { items: [w3c()], next: 'https://x.example/p2' },
    };
    expect(() => findItems(elsewhere)).toThrow(/at another address/);
    expect(() => findItems({ type: 'AnnotationCollection', first: 'https://x.example/p1' })).toThrow(
      ImportFormatError,
    );
    expect(() => findItems({ type: 'AnnotationPage', items: 'nope' })).toThrow(/not a list/);
    expect(() => findItems({ hello: 'world' })).toThrow(/not a Gloss export/);
    expect(() => findItems('text')).toThrow(/not a Gloss export/);
    let page: Record<string, unknown> = { items: [] };
    for (let i = 0; i < 10_001; i++) page = { items: [], next: page };
    expect(() => findItems({ type: 'AnnotationPage', ...page })).toThrow(/do not end/);
  });

  it('gives an annotation with an IRI id the same Gloss id on every import, and distinct IRIs distinct ids', () => {
    const first = parseImport([w3c()], NOW).annotations[0];
    const again = parseImport([w3c()], NOW).annotations[0];
    const other = parseImport([w3c({ id: 'https://annotations.example/anno/2' })], NOW).annotations[0];
    expect(first?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again?.id).toBe(first?.id);
    expect(other?.id).not.toBe(first?.id);
    const bare = parseImport([w3c({ id: '3B0C5A9E-8F1D-4C3E-9A57-2D6E1F0B7C41' })], NOW).annotations[0];
    expect(bare?.id).toBe('3b0c5a9e-8f1d-4c3e-9a57-2d6e1f0b7c41');
    expect(parseImport([w3c({ id: 42 })], NOW).errors[0]).toMatch(/^Item 1: id: expected an IRI/);
  });

  it('takes an annotation without id or date as made now, with an id from its page and quote', () => {
    const { id: _id, created: _c, ...bare } = w3c();
    const [a] = parseImport([bare], NOW).annotations;
    expect(a).toMatchObject({
      pageUrl: 'https://news.example/story',
      quote: 'the council voted',
      note: 'Check the minutes.',
      tags: ['council'],
      createdAt: NOW,
      updatedAt: NOW,
      region: { kind: 'page' },
    });
    expect(parseImport([bare], NOW).annotations[0]?.id).toBe(a?.id);
  });

  it('reads a Hypothesis export: quote, position, note, tags, title and dates; a stable id', () => {
    const parsed = parseImport(hypothesisExport([hypothesis()]), NOW);
    expect(parsed.errors).toEqual([]);
    expect(parsed.annotations).toEqual([
      expect.objectContaining({
        pageUrl: 'https://news.example/story',
        pageTitle: 'Library to close after council vote',
        quote: 'the library closes in June',
        selectors: [
          { type: 'TextPositionSelector', start: 1200, end: 1242 },
          { type: 'TextQuoteSelector', exact: 'the library closes in June', prefix: 'said ', suffix: '.' },
        ],
        note: 'Compare with **last year**.',
        tags: ['budget', 'city hall'],
        createdAt: Date.UTC(2025, 1, 1, 10, 20, 30, 123),
        updatedAt: Date.UTC(2025, 1, 2, 8),
      }),
    ]);
    const fromApi = parseImport({ total: 1, rows: [hypothesis()] }, NOW).annotations;
    expect(fromApi[0]?.id).toBe(parsed.annotations[0]?.id);
    expect(parseImport([hypothesis()], NOW).annotations[0]?.id).toBe(parsed.annotations[0]?.id);
  });

  it('refuses, with the reason, Hypothesis replies, unreadable passages and what is not a web page', () => {
    const reply = hypothesis({
      id: 'reply1',
      references: ['kJ3r9Hb8Ee6aXw'],
      target: [{ source: 'https://news.example/story' }],
    });
    const unreadable = hypothesis({
      id: 'fragment1',
      target: [
        { source: 'https://news.example/story', selector: [{ type: 'FragmentSelector', value: 'p3' }] },
      ],
    });
    const pdf = hypothesis({
      id: 'pdf1',
      uri: 'urn:x-pdf:abc',
      target: [{ source: 'urn:x-pdf:abc', selector: hypothesis().target[0]?.selector }],
    });
    const found = findItems(hypothesisExport([hypothesis(), reply, unreadable, pdf]));
    expect(found.refused).toEqual([
      'Hypothesis annotation reply1 is a reply in a discussion, not a quote; not imported.',
      'Hypothesis annotation fragment1 points at its passage in no way Gloss can read; not imported.',
    ]);
    expect(found.items).toHaveLength(2);
    const parsed = parseImport(hypothesisExport([hypothesis(), reply, unreadable, pdf]), NOW);
    expect(parsed.annotations).toHaveLength(1);
    expect(parsed.errors).toHaveLength(3);
    expect(parsed.errors[2]).toMatch(/^Item 2: target.source: /);
  });

  it("takes a Hypothesis page note (no selector) as the story's page note", () => {
    const pageNote = hypothesis({ id: 'note1', target: [{ source: 'https://news.example/story' }] });
    const parsed = parseImport(hypothesisExport([pageNote]), NOW);
    expect(parsed.errors).toEqual([]);
    expect(parsed.annotations).toEqual([
      expect.objectContaining({
        pageUrl: 'https://news.example/story',
        region: { kind: 'story' },
        selectors: [],
        quote: '',
        note: 'Compare with **last year**.',
        tags: ['budget', 'city hall'],
      }),
    ]);
  });
});

describe('parseImport: notes on a whole page', () => {
  const pageNote = (over: Record<string, unknown> = {}) =>
    w3c({ target: { source: 'https://news.example/story' }, ...over });

  it('reads a target without a selector, or a bare IRI, as a page note', () => {
    for (const target of [
      { source: 'https://news.example/story' },
      'https://news.example/story',
      ['https://news.example/story'],
    ]) {
      const parsed = parseImport([pageNote({ target })], NOW);
      expect(parsed.errors).toEqual([]);
      expect(parsed.annotations[0]).toMatchObject({
        region: { kind: 'story' },
        selectors: [],
        quote: '',
        note: 'Check the minutes.',
        tags: ['council'],
      });
    }
  });

  it('refuses one with nothing to keep, and a region that contradicts its target', () => {
    const empty = parseImport([pageNote({ body: undefined })], NOW);
    expect(empty.annotations).toEqual([]);
    expect(empty.errors[0]).toMatch(/^Item 1: target: no selector and no note: nothing to keep/);
    const passageAsStory = parseImport([w3c({ 'gloss:region': { kind: 'story' } })], NOW);
    expect(passageAsStory.errors[0]).toMatch(/gloss:region: a passage cannot be about the whole story/);
    const storyAsArticle = parseImport([pageNote({ 'gloss:region': { kind: 'article' } })], NOW);
    expect(storyAsArticle.errors[0]).toMatch(/gloss:region: expected story for a target without a selector/);
  });
});
