import { bulkEdit } from '../../storage/bulk';
import { exportChunk } from '../../storage/export-stream';
import { importAnnotations, parseItems, previewImport } from '../../storage/import';
import { fromRow } from '../../storage/repository';
import { retag } from '../../storage/retag';
import { listFacet } from '../../storage/search/facets';
import { searchLibrary, searchLibraryIds } from '../../storage/search/query';
import type { HandlersOf } from './types';

/**
 * The library page's requests: its stories and search results a page at a time, filter values, and import
 * and export a chunk at a time, so that no message carries the whole library.
 */
export const notebookHandlers: HandlersOf<
  | 'library.pages'
  | 'library.search'
  | 'library.facets'
  | 'export.chunk'
  | 'import.chunk'
  | 'import.preview'
  | 'tags.edit'
  | 'library.ids'
  | 'annotations.get'
  | 'library.bulk'
> = {
  async 'library.pages'({ offset, limit }, _from, s) {
    return s.db.transaction('r', s.db.pages, async () => ({
      total: await s.db.pages.count(),
      offset,
      pages: await s.db.pages.orderBy('updatedAt').reverse().offset(offset).limit(limit).toArray(),
    }));
  },

  'library.search': ({ text, filters, offset, limit }, _from, s) =>
    searchLibrary(s.db, { text, filters }, offset, limit),

  'library.facets': ({ kind }, _from, s) => listFacet(s.db, kind),

  'export.chunk': ({ format, offset, generated }, _from, s) =>
    exportChunk(s.db, format, offset, new Date(generated)),

  /**
   * One chunk of a file, in one transaction, into the import `batchId` names (the first chunk's), so the
   * whole file is undone as one. Stateless between chunks: a worker stopped mid-import loses nothing
   * committed, and the library can go on or offer Undo.
   *
   * The library sends the next chunk before this one is answered (components/transfer.ts): chunks are
   * written in the order they come, since each opens its transaction before it first waits on anything,
   * and IndexedDB runs write transactions over the same tables in the order they were opened.
   */
  async 'import.chunk'({ items, firstIndex, batchId }, _from, s) {
    const parsed = parseItems(items, s.now(), firstIndex);
    const { rejected, ...counts } = await importAnnotations(s.db, parsed.annotations, s.now(), batchId);
    await s.changedMany(parsed.annotations.map((a) => a.pageUrl));
    return { ...counts, batchId: counts.batchId ?? batchId, errors: [...parsed.errors, ...rejected] };
  },

  async 'import.preview'({ items, firstIndex }, _from, s) {
    const parsed = parseItems(items, s.now(), firstIndex);
    const { rejected, ...counts } = await previewImport(s.db, parsed.annotations, s.now());
    return { ...counts, errors: [...parsed.errors, ...rejected] };
  },

  async 'tags.edit'({ from, to }, _from, s) {
    const { pageUrls, ...result } = await retag(s.db, from, to, s.now());
    await s.changedMany(pageUrls);
    return result;
  },

  'library.ids': ({ text, filters }, _from, s) => searchLibraryIds(s.db, { text, filters }),

  async 'annotations.get'({ ids }, _from, s) {
    const rows = await s.db.annotations.bulkGet(ids);
    return rows.flatMap((row) => (row ? [fromRow(row)] : []));
  },

  async 'library.bulk'({ ids, action, batchId }, _from, s) {
    const { pageUrls, ...result } = await bulkEdit(s.db, ids, action, s.now(), batchId);
    await s.changedMany(pageUrls);
    return result;
  },
};
