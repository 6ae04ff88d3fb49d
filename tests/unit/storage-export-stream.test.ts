import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { GlossDb } from '../../storage/db';
import { exportMarkdown, exportW3C } from '../../storage/export';
import { ExportAssembler } from '../../storage/export-assembler';
import { exportChunk, type StreamFormat } from '../../storage/export-stream';
import { importAnnotations, parseImport } from '../../storage/import';
import { createAnnotation, listPages } from '../../storage/repository';
import { freshDb, newInput } from './storage-fixtures';

const GENERATED = new Date(Date.UTC(2024, 5, 1));
/** Small chunks, so a handful of stories spans several. */
const STORIES_PER_CHUNK = 2;

async function streamed(db: GlossDb, format: StreamFormat): Promise<{ text: string; chunks: number }> {
  const file = new ExportAssembler();
  let offset: number | null = 0;
  let chunks = 0;
  while (offset !== null) {
    const chunk = await exportChunk(db, format, offset, GENERATED, STORIES_PER_CHUNK);
    file.add(chunk);
    offset = chunk.next;
    chunks++;
  }
  return { text: file.finish().join(''), chunks };
}

async function library(): Promise<GlossDb> {
  const db = freshDb();
  for (let story = 0; story < 5; story++) {
    for (let i = 0; i < 3; i++) {
      await createAnnotation(
        db,
        newInput({
          pageUrl: `https://news.example.com/story-${story}`,
          pageTitle: `Story ${story}`,
          quote: `quote ${story}.${i}`,
          note: i === 1 ? `note ${story}` : '',
          region: i === 2 ? { kind: 'comment', author: 'Bo', commentKey: null } : { kind: 'article' },
        }),
      );
    }
  }
  return db;
}

async function everything(db: GlossDb) {
  const pages = await listPages(db);
  const annotations = [];
  for (const page of pages) {
    const rows = await db.annotations
      .where('[pageUrl+createdAt]')
      .between([page.url, 0], [page.url, Infinity])
      .toArray();
    annotations.push(...rows);
  }
  return { pages, annotations: annotations.map(({ words: _w, doc: _d, ...a }) => a) };
}

describe('streamed export', () => {
  it('writes the same W3C document as a one-piece export, in several chunks', async () => {
    const db = await library();
    const { text, chunks } = await streamed(db, 'w3c');
    expect(chunks).toBe(3);
    const { pages, annotations } = await everything(db);
    expect(JSON.parse(text)).toEqual(exportW3C(annotations, pages, { generated: GENERATED }));
  });

  it('writes the same Markdown as a one-piece export', async () => {
    const db = await library();
    const { pages, annotations } = await everything(db);
    expect((await streamed(db, 'markdown')).text).toBe(
      exportMarkdown(annotations, pages, { generated: GENERATED }),
    );
  });

  it('writes one CSV header and one row per annotation, whatever the chunks', async () => {
    const db = await library();
    const { text, chunks } = await streamed(db, 'csv');
    expect(chunks).toBe(3);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Highlight,Title,Author,URL,Note,Location,Date');
    expect(lines.at(-1)).toBe('');
    expect(text.match(/,\d+,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\r\n/g)).toHaveLength(15);
  });

  it('round-trips: export, import into an empty database, export again gives the same document', async () => {
    const db = await library();
    const first = (await streamed(db, 'w3c')).text;
    const target = freshDb();
    const parsed = parseImport(first);
    expect(parsed.errors).toEqual([]);
    expect(await importAnnotations(target, parsed.annotations)).toMatchObject({ added: 15 });
    expect((await streamed(target, 'w3c')).text).toBe(first);
  });

  it('exports an empty library as an empty collection', async () => {
    const { text, chunks } = await streamed(freshDb(), 'w3c');
    expect(chunks).toBe(1);
    expect(parseImport(text)).toEqual({ annotations: [], errors: [] });
  });

  it('refuses to hand out a file before its last chunk', () => {
    const file = new ExportAssembler();
    file.add({ head: '[', body: '1', separator: ',', next: 2, pages: 4 });
    expect(() => file.finish()).toThrow('not complete');
  });
});
