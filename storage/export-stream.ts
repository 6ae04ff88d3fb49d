import type { Annotation } from './annotation';
import type { GlossDb, PageRow } from './db';
import { exportW3C, markdownHeading, markdownPage, toW3C } from './export';
import { csvHeader, csvRows } from './export-csv';
import type { ExportFormat } from './export-formats';
import { listPageAnnotations } from './repository';

/**
 * Export a page of stories at a time, so no message carries the whole library (a runtime message stops at
 * 64 MiB; a 100,000-annotation export is several times that). The caller writes `head`, then each chunk's
 * `body` (non-empty bodies joined by `separator`), then `tail`: the same document exportW3C or
 * exportMarkdown would make of the whole library at once, stories newest activity first.
 */

export type { ExportFormat as StreamFormat } from './export-formats';

interface StreamShape {
  head(db: GlossDb, pages: number, generated: Date): Promise<string>;
  story(url: string, annotations: Annotation[], page: PageRow): string;
  separator: string;
  tail: string;
}

export interface ExportChunk {
  /** Written before the first body; given with the chunk at offset 0 only. */
  head?: string;
  body: string;
  /** Between two non-empty bodies. */
  separator: string;
  /** Written after the last body; given with the last chunk only. */
  tail?: string;
  /** The offset of the next chunk, or null when this was the last. */
  next: number | null;
  /** Stories in the library, for progress. */
  pages: number;
}

/** Stories per chunk: about 5,000 annotations, a few MiB of JSON. */
export const EXPORT_PAGES_PER_CHUNK = 250;

const W3C_ITEMS_PLACEHOLDER = '"items":[]}}';

const SHAPES: Record<ExportFormat, StreamShape> = {
  w3c: {
    async head(db, _pages, generated) {
      const total = await db.annotations.count();
      const empty = JSON.stringify({ ...exportW3C([], [], { generated }), total });
      // `first.items` is the collection's last member: the document is its text up to the items' bracket.
      if (!empty.endsWith(W3C_ITEMS_PLACEHOLDER)) throw new Error('unexpected W3C collection layout');
      return empty.slice(0, -W3C_ITEMS_PLACEHOLDER.length + '"items":['.length);
    },
    story: (_url, annotations) => annotations.map((a) => JSON.stringify(toW3C(a))).join(','),
    separator: ',',
    tail: ']}}',
  },
  markdown: {
    head: async (db, pages, generated) =>
      `${markdownHeading(await db.annotations.count(), pages, generated)}\n`,
    story: markdownPage,
    separator: '\n',
    tail: '',
  },
  csv: {
    head: async () => csvHeader(),
    story: (_url, annotations, page) => csvRows(annotations, page),
    separator: '',
    tail: '',
  },
};

export async function exportChunk(
  db: GlossDb,
  format: ExportFormat,
  offset: number,
  generated: Date,
  pagesPerChunk = EXPORT_PAGES_PER_CHUNK,
): Promise<ExportChunk> {
  return db.transaction('r', [db.annotations, db.pages], async () => {
    const pages = await db.pages.count();
    const stories = await db.pages
      .orderBy('updatedAt')
      .reverse()
      .offset(offset)
      .limit(pagesPerChunk)
      .toArray();
    const shape = SHAPES[format];
    // All the chunk's reads at once: IndexedDB answers them in one go instead of one await each.
    const lists = await Promise.all(stories.map((story) => listPageAnnotations(db, story.url)));
    const parts: string[] = [];
    stories.forEach((story, i) => {
      const annotations = lists[i] as Annotation[];
      if (annotations.length > 0) parts.push(shape.story(story.url, annotations, story));
    });
    const end = offset + stories.length >= pages;
    return {
      ...(offset === 0 ? { head: await shape.head(db, pages, generated) } : {}),
      body: parts.join(shape.separator),
      separator: shape.separator,
      ...(end ? { tail: shape.tail } : {}),
      next: end ? null : offset + stories.length,
      pages,
    };
  });
}
