import type { Annotation, NewAnnotation } from '../../storage/annotation';
import { type GlossDb, openGlossDb } from '../../storage/db';
import { inWriteTransaction } from '../../storage/repository';
import { putAnnotations } from '../../storage/search/writer';

let dbCounter = 0;

/** A fresh, empty database per call: tests never see each other's rows. */
export function freshDb(): GlossDb {
  dbCounter += 1;
  return openGlossDb(`gloss-test-${dbCounter}-${Math.random().toString(36).slice(2)}`);
}

export function newInput(overrides: Partial<NewAnnotation> = {}): NewAnnotation {
  const quote = overrides.quote ?? 'The council voted to close the library';
  return {
    pageUrl: 'https://news.example.com/2024/05/library-vote',
    pageTitle: 'Library to close after council vote',
    region: { kind: 'article' },
    selectors: [
      { type: 'TextQuoteSelector', exact: quote, prefix: 'On Monday, ', suffix: ' by a narrow margin.' },
      { type: 'TextPositionSelector', start: 120, end: 120 + quote.length },
    ],
    quote,
    note: '',
    color: 'yellow',
    ...overrides,
  };
}

/** A complete annotation as storage returns it, for export/import tests that bypass the database. */
export function sampleAnnotation(overrides: Partial<Annotation> = {}): Annotation {
  return {
    id: '3b0c5a9e-8f1d-4c3e-9a57-2d6e1f0b7c41',
    pageUrl: 'https://news.example.com/2024/05/library-vote',
    pageTitle: 'Library to close after council vote',
    region: { kind: 'comment', author: 'Ada L.', commentKey: 'c-1842' },
    selectors: [
      {
        type: 'CssSelector',
        value: '#comment-1842 > .body',
        refinedBy: {
          type: 'TextQuoteSelector',
          exact: 'where will the kids go',
          prefix: 'But ',
          suffix: '?',
        },
      },
      {
        type: 'RangeSelector',
        startSelector: { type: 'XPathSelector', value: '/html/body/div[2]/p[1]' },
        endSelector: { type: 'XPathSelector', value: '/html/body/div[2]/p[2]' },
      },
      { type: 'TextPositionSelector', start: 4, end: 26 },
    ],
    quote: 'where will the kids go',
    note: 'Good question.\nFollow up with the council.',
    color: 'pink',
    tags: ['local', 'libraries'],
    createdAt: Date.UTC(2024, 4, 6, 9, 30, 15, 123),
    updatedAt: Date.UTC(2024, 4, 7, 18, 2, 0, 999),
    anchored: false,
    ...overrides,
  };
}

/**
 * Stores `annotation` exactly as given, index included, bypassing validation and page rows: a row written
 * before dates were checked, or by an older version.
 */
export async function storeRaw(db: GlossDb, annotation: Annotation): Promise<void> {
  await inWriteTransaction(db, () => putAnnotations(db, [annotation]));
}
