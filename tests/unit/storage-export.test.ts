import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../storage/annotation';
import type { PageRow } from '../../storage/db';
import { exportMarkdown, exportW3C } from '../../storage/export';
import { parseImport } from '../../storage/import';
import { sampleAnnotation } from './storage-fixtures';

const GENERATED = new Date(Date.UTC(2024, 5, 1, 12, 0));

function variety(): Annotation[] {
  return [
    sampleAnnotation(),
    sampleAnnotation({
      id: '0f8e2d4c-6b1a-4f3e-8d2c-1a0b9c8d7e6f',
      region: { kind: 'article' },
      selectors: [{ type: 'TextQuoteSelector', exact: 'The council voted' }],
      quote: 'The council voted',
      note: '',
      color: 'yellow',
      tags: [],
      createdAt: Date.UTC(2024, 4, 6, 9, 0),
      updatedAt: Date.UTC(2024, 4, 6, 9, 0),
      anchored: true,
    }),
    sampleAnnotation({
      id: '7c6b5a49-3827-4165-9a0b-c1d2e3f40516',
      pageUrl: 'https://zeitung.example.de/artikel?id=7',
      pageTitle: '',
      region: { kind: 'comment', author: null, commentKey: null },
      quote: '  leading spaces\n\nand <script>alert(1)</script> "quotes" ✓ 東京',
      note: '   ',
      tags: ['<b>', 'ü'],
      anchored: true,
    }),
    sampleAnnotation({
      id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      region: { kind: 'page' },
      color: 'purple',
    }),
  ];
}

describe('exportW3C', () => {
  it('writes a W3C AnnotationCollection', () => {
    const [a] = variety();
    const out = exportW3C(a ? [a] : [], undefined, { generated: GENERATED });
    expect(out['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', { gloss: 'urn:gloss:terms:' }]);
    expect(out).toMatchObject({
      type: 'AnnotationCollection',
      total: 1,
      generated: '2024-06-01T12:00:00.000Z',
    });
    expect(out.first.items[0]).toEqual({
      id: 'urn:uuid:3b0c5a9e-8f1d-4c3e-9a57-2d6e1f0b7c41',
      type: 'Annotation',
      motivation: 'commenting',
      created: '2024-05-06T09:30:15.123Z',
      modified: '2024-05-07T18:02:00.999Z',
      body: [
        {
          type: 'TextualBody',
          value: 'Good question.\nFollow up with the council.',
          format: 'text/plain',
          purpose: 'commenting',
        },
        { type: 'TextualBody', value: 'local', purpose: 'tagging' },
        { type: 'TextualBody', value: 'libraries', purpose: 'tagging' },
      ],
      target: { source: a?.pageUrl, selector: a?.selectors },
      'gloss:pageTitle': 'Library to close after council vote',
      'gloss:quote': 'where will the kids go',
      'gloss:color': 'pink',
      'gloss:region': { kind: 'comment', author: 'Ada L.', commentKey: 'c-1842' },
      'gloss:anchored': false,
    });
  });

  it('writes a plain highlight without a body', () => {
    const item = exportW3C(variety().slice(1, 2)).first.items[0];
    expect(item?.motivation).toBe('highlighting');
    expect(item).not.toHaveProperty('body');
  });

  it('round-trips losslessly through JSON text and parseImport', () => {
    const annotations = variety();
    const text = JSON.stringify(exportW3C(annotations, [], { generated: GENERATED }), null, 2);
    const back = parseImport(text);
    expect(back.errors).toEqual([]);
    expect(back.annotations).toEqual(annotations);
    expect(parseImport(JSON.parse(text)).annotations).toEqual(annotations);
  });

  it('round-trips an empty collection', () => {
    expect(parseImport(exportW3C([]))).toEqual({ annotations: [], errors: [] });
  });
});

describe('exportMarkdown', () => {
  const pages: PageRow[] = [
    {
      url: 'https://news.example.com/2024/05/library-vote',
      title: 'Library to close after council vote',
      updatedAt: Date.UTC(2024, 4, 7),
      count: 3,
    },
    { url: 'https://zeitung.example.de/artikel?id=7', title: '', updatedAt: Date.UTC(2024, 4, 8), count: 1 },
  ];

  it('groups by page, then article and comments, with quotes, notes, colours and dates', () => {
    const md = exportMarkdown(variety(), pages, { generated: GENERATED });
    expect(
      md.startsWith('# Gloss annotations\n\nExported 2024-06-01 12:00 UTC · 4 annotations on 2 pages\n'),
    ).toBe(true);
    // Most recently updated page first; a page without a title is headed by its URL.
    const headings = md.split('\n').filter((l) => /^#+ /.test(l));
    expect(headings).toEqual([
      '# Gloss annotations',
      '## https://zeitung.example.de/artikel?id=7',
      '### Comments',
      '#### Comment',
      '## Library to close after council vote',
      '### Article',
      '### Comments',
      '#### Comment by Ada L.',
    ]);
    expect(md).toContain('<https://news.example.com/2024/05/library-vote>');
    expect(md).toContain(
      [
        '> where will the kids go',
        '> — [Open at this passage](<https://news.example.com/2024/05/library-vote#:~:text=where%20will%20the%20kids%20go,-%3F>)',
        '',
        'Good question.',
        'Follow up with the council.',
        '',
        '#local #libraries',
        '',
        '*Colour: pink · 2024-05-06 09:30 UTC · edited 2024-05-07 18:02 UTC · not found on the page at last visit*',
      ].join('\n'),
    );
    // A plain highlight: quote and metadata, no note paragraph.
    expect(md).toContain(
      '> The council voted\n> — [Open at this passage](<https://news.example.com/2024/05/library-vote#:~:text=The%20council%20voted>)\n\n*Colour: yellow · 2024-05-06 09:00 UTC*',
    );
    // Tags as Obsidian reads them; what is left of `<b>` is a word.
    expect(md).toContain('\n#b #ü\n');
    // The page-region annotation sits with the article, not the comments.
    const article = md.slice(md.indexOf('### Article'), md.lastIndexOf('### Comments'));
    expect(article).toContain('Colour: purple');
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });

  it('escapes page text so it cannot inject HTML, headings or links', () => {
    const md = exportMarkdown(
      [
        sampleAnnotation({
          pageTitle: '# Breaking [news](javascript:alert(1))',
          quote: '<img src=x onerror=alert(1)>\n- not a list\n1. not a list either',
          note: '## not a heading\n<script>alert(1)</script>',
          region: { kind: 'comment', author: '*bold* <b>', commentKey: null },
        }),
      ],
      [],
      { generated: GENERATED },
    );
    // The only raw `<` left are the page-address autolinks and the passage links' destinations.
    const withoutLinks = md
      .replace(/^<https?:\/\/[^\s<>]*>$/gm, '')
      .replace(/^> — \[Open at this passage\]\(<https?:\/\/[^\s<>]*>\)$/gm, '');
    expect(withoutLinks).not.toMatch(/(^|[^\\])</m);
    expect(md).toContain('## \\# Breaking \\[news\\](javascript:alert(1))');
    expect(md).toContain('> \\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('> \\- not a list');
    expect(md).toContain('> 1\\. not a list either');
    expect(md).toContain('\\#\\# not a heading\n\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('#### Comment by \\*bold\\* \\<b\\>');
  });

  it('says so when there is nothing to export', () => {
    expect(exportMarkdown([], [], { generated: GENERATED })).toBe(
      '# Gloss annotations\n\nExported 2024-06-01 12:00 UTC · 0 annotations on 0 pages\n',
    );
  });
});
