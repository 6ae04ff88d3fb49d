import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { citation } from '../../storage/citation';
import { exportMarkdown, exportW3C } from '../../storage/export';
import { csvRows } from '../../storage/export-csv';
import { importAnnotations, parseImport } from '../../storage/import';
import { createPageNote, pageNoteId } from '../../storage/page-note';
import {
  deleteAnnotation,
  getAnnotation,
  listPages,
  restoreAnnotation,
  updateAnnotation,
} from '../../storage/repository';
import { searchLibrary } from '../../storage/search/query';
import { validateAnnotation } from '../../storage/validate';
import { freshDb, sampleAnnotation } from './storage-fixtures';

const NOW = Date.UTC(2025, 5, 1);
const STORY = 'https://news.example.com/2024/05/library-vote';
const NOTE = {
  pageUrl: STORY,
  pageTitle: 'Library to close',
  note: 'The vote was 5 to 4.',
  tags: ['council'],
};

describe('a page note', () => {
  it('is one per story, with an id from its address; a second gets the first back', async () => {
    const db = freshDb();
    const first = await createPageNote(db, NOTE, NOW);
    if (!first.created) throw new Error('not created');
    expect(first.annotation).toMatchObject({
      id: pageNoteId(STORY),
      region: { kind: 'story' },
      selectors: [],
      quote: '',
      note: 'The vote was 5 to 4.',
      tags: ['council'],
      createdAt: NOW,
      anchored: true,
    });
    const second = await createPageNote(db, { ...NOTE, note: 'Another take' }, NOW + 1);
    expect(second).toEqual({ created: false, stored: first.annotation });
    expect(pageNoteId(STORY)).not.toBe(pageNoteId('https://news.example.com/other'));
    // Its story is listed in the library even without a highlight.
    expect((await listPages(db)).map((p) => [p.url, p.count])).toEqual([[STORY, 1]]);
  });

  it('must say something, of a web page', async () => {
    const db = freshDb();
    await expect(createPageNote(db, { ...NOTE, note: '   ' }, NOW)).rejects.toThrow(/note: /);
    await expect(createPageNote(db, { ...NOTE, pageUrl: 'file:///etc' }, NOW)).rejects.toThrow(/pageUrl: /);
    const made = await createPageNote(db, NOTE, NOW);
    if (!made.created) throw new Error('not created');
    await expect(
      updateAnnotation(db, made.annotation.id, { note: '' }, made.annotation.updatedAt),
    ).rejects.toThrow(/A page note needs some text/);
    const edited = await updateAnnotation(db, made.annotation.id, { note: 'Recount asked' });
    expect(edited.note).toBe('Recount asked');
  });

  it('is found by search and by the page-note filter, and only by it among regions', async () => {
    const db = freshDb();
    await importAnnotations(db, [sampleAnnotation({ region: { kind: 'article' } })], NOW);
    await createPageNote(db, { ...NOTE, note: 'Recount requested by the mayor' }, NOW);
    const byWord = await searchLibrary(db, { text: 'recount', filters: {} }, 0, 10);
    expect(byWord.items.map((a) => a.region.kind)).toEqual(['story']);
    const byRegion = await searchLibrary(db, { text: '', filters: { region: 'story' } }, 0, 10);
    expect(byRegion.items.map((a) => a.id)).toEqual([pageNoteId(STORY)]);
    const articles = await searchLibrary(db, { text: '', filters: { region: 'article' } }, 0, 10);
    expect(articles.items.map((a) => a.region.kind)).toEqual(['article']);
  });

  it('is deleted and put back as any annotation is', async () => {
    const db = freshDb();
    const made = await createPageNote(db, NOTE, NOW);
    if (!made.created) throw new Error('not created');
    const deleted = await deleteAnnotation(db, made.annotation.id);
    expect(await listPages(db)).toEqual([]);
    expect(await restoreAnnotation(db, deleted, NOW)).toBe(true);
    expect(await getAnnotation(db, made.annotation.id)).toEqual(made.annotation);
  });

  it('has no passage: one with selectors or a quote is refused', () => {
    const note = { ...sampleAnnotation(), region: { kind: 'story' }, selectors: [], quote: '' };
    expect(validateAnnotation(note, NOW).region).toEqual({ kind: 'story' });
    expect(() => validateAnnotation({ ...note, quote: 'a quote' }, NOW)).toThrow(
      /quote: a note on the whole story has no quote/,
    );
    expect(() =>
      validateAnnotation({ ...note, selectors: [{ type: 'TextQuoteSelector', exact: 'x' }] }, NOW),
    ).toThrow(/selectors: a note on the whole story has no selectors/);
    // And a passage still needs both.
    expect(() => validateAnnotation({ ...note, region: { kind: 'article' } }, NOW)).toThrow(/selectors: /);
  });
});

describe('a page note in exports', () => {
  const pageNote = sampleAnnotation({
    id: pageNoteId(STORY),
    region: { kind: 'story' },
    selectors: [],
    quote: '',
    note: 'The vote was 5 to 4.',
    tags: ['council'],
  });
  const highlight = sampleAnnotation({ region: { kind: 'article' }, createdAt: pageNote.createdAt - 1 });

  it('is a W3C annotation of the page itself, and comes back as it was', () => {
    const doc = exportW3C([pageNote, highlight]);
    const [item] = doc.first.items;
    expect(item?.target).toEqual({ source: STORY });
    expect(item).not.toHaveProperty('gloss:quote');
    expect(parseImport(doc, NOW)).toEqual({ annotations: [pageNote, highlight], errors: [] });
  });

  it('comes first in Markdown, under its own heading, and first in CSV with its note as the highlight', () => {
    const md = exportMarkdown([highlight, pageNote], [], { generated: new Date(NOW) });
    expect(md.indexOf('### Page note')).toBeGreaterThan(-1);
    expect(md.indexOf('### Page note')).toBeLessThan(md.indexOf('### Article'));
    expect(md).toContain('### Page note\n\nThe vote was 5 to 4.\n\n#council\n');
    expect(md).not.toContain('> \n');
    const [first, second] = csvRows([highlight, pageNote]).split('\r\n');
    expect(first).toMatch(/^The vote was 5 to 4\.,Library to close after council vote,/);
    expect(first).toContain(`,${STORY},`);
    expect(first).toContain('(a note on the whole story)');
    expect(second?.startsWith(highlight.quote)).toBe(true);
  });

  it('is copied as its note, with its story', () => {
    const { text, html } = citation(pageNote);
    expect(text.split('\n')).toEqual([
      'The vote was 5 to 4.',
      '— Library to close after council vote (news.example.com)',
      STORY,
    ]);
    expect(html.startsWith('<p>The vote was 5 to 4.</p>')).toBe(true);
  });
});
