import type { GlossDb } from './db';
import { exportW3C, markdownHeading, markdownPage, toW3C } from './export';
import { listPageAnnotations } from './repository';

/**
 * Export a page of stories at a time, so no message carries the whole library (a runtime message stops at
 * 64 MiB; a 100,000-annotation export is several times that). The caller writes `head`, then each chunk's
 * `body` (non-empty bodies joined by `separator`), then `tail`: the same document exportW3C or
 * exportMarkdown would make of the whole library at once, stories newest activity first.
 */

export type StreamFormat = 'w3c' | 'markdown';

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

async function headOf(db: GlossDb, format: StreamFormat, pages: number, generated: Date): Promise<string> {
  const total = await db.annotations.count();
  if (format === 'markdown') return `${markdownHeading(total, pages, generated)}\n`;
  const empty = JSON.stringify({ ...exportW3C([], [], { generated }), total });
  // `first.items` is the collection's last member: the document is its text up to the items' bracket.
  if (!empty.endsWith(W3C_ITEMS_PLACEHOLDER)) throw new Error('unexpected W3C collection layout');
  return empty.slice(0, -W3C_ITEMS_PLACEHOLDER.length + '"items":['.length);
}

export async function exportChunk(
  db: GlossDb,
  format: StreamFormat,
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
    const parts: string[] = [];
    for (const story of stories) {
      const annotations = await listPageAnnotations(db, story.url);
      if (annotations.length === 0) continue;
      parts.push(
        format === 'w3c'
          ? annotations.map((a) => JSON.stringify(toW3C(a))).join(',')
          : markdownPage(story.url, annotations, story),
      );
    }
    const separator = format === 'w3c' ? ',' : '\n';
    const end = offset + stories.length >= pages;
    return {
      ...(offset === 0 ? { head: await headOf(db, format, pages, generated) } : {}),
      body: parts.join(separator),
      separator,
      ...(end ? { tail: format === 'w3c' ? ']}}' : '' } : {}),
      next: end ? null : offset + stories.length,
      pages,
    };
  });
}
