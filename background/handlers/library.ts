import { i18n } from '#i18n';
import { GlossError } from '../../messaging/protocol';
import { ConflictError, toStorageError } from '../../storage/errors';
import { headlineHistory } from '../../storage/headlines';
import { undoImport } from '../../storage/import';
import { createPageNote } from '../../storage/page-note';
import {
  getAnnotation,
  listPageAnnotations,
  listPages,
  searchAnnotations,
  updateAnnotation,
} from '../../storage/repository';
import { normalizePageUrl } from '../../storage/url';
import { putBack, takeAway } from './page';
import type { HandlersOf } from './types';

const SEARCH_LIMIT = 200;

const gone = () => new GlossError('not-found', i18n.t('errors.highlightGone'));

/** Requests of the popup, the library tab and other extension pages: the reader's whole library. */
export const libraryHandlers: HandlersOf<
  | 'annotations.forPage'
  | 'annotations.search'
  | 'pages.list'
  | 'annotation.update'
  | 'annotation.delete'
  | 'annotation.undoDelete'
  | 'tab.page'
  | 'page.open'
  | 'story.headlines'
  | 'pageNote.create'
  | 'import.undo'
> = {
  'annotations.forPage': ({ pageUrl }, _from, s) => listPageAnnotations(s.db, pageUrl),
  'annotations.search': ({ query }, _from, s) => searchAnnotations(s.db, query, SEARCH_LIMIT),
  'pages.list': (_request, _from, s) => listPages(s.db),

  async 'annotation.update'({ id, patch, expectedUpdatedAt }, _from, s) {
    try {
      const annotation = await updateAnnotation(s.db, id, patch, expectedUpdatedAt);
      await s.changed(annotation.pageUrl);
      return { status: 'saved', value: annotation };
    } catch (e) {
      if (!(toStorageError(e) instanceof ConflictError)) throw e;
      const stored = await getAnnotation(s.db, id);
      if (!stored) throw gone();
      return { status: 'conflict', stored };
    }
  },

  async 'annotation.delete'({ id }, _from, s) {
    await takeAway(id, s);
    return { id };
  },

  async 'annotation.undoDelete'({ id }, _from, s) {
    const deleted = await s.deleted.get(id);
    if (!deleted) throw new GlossError('not-found', i18n.t('errors.cannotPutBack'));
    await putBack(deleted, s);
    return deleted;
  },

  async 'tab.page'({ tabId }, _from, s) {
    const known = await s.tabs.get(tabId);
    const tab = await s.deps.tabInfo(tabId);
    // The story the tab's content script loaded, while the tab still shows it.
    if (known?.pageUrl && (tab?.url === undefined || tab.url === known.tabUrl))
      return { pageUrl: known.pageUrl, title: tab?.title ?? known.title };
    let pageUrl: string | null = null;
    try {
      pageUrl = tab?.url ? normalizePageUrl(tab.url, null) : null;
    } catch {
      // Not a web page (a browser or extension page): nothing to list for it.
    }
    return { pageUrl, title: tab?.title ?? '' };
  },

  async 'page.open'({ url, revealId }, _from, s) {
    if (!(await getAnnotation(s.db, revealId))) throw gone();
    const tabId = await s.deps.openTab(url);
    await s.tabs.revealWhenLoaded(tabId, revealId);
    return null;
  },

  'story.headlines': ({ url }, _from, s) => headlineHistory(s.db, normalizePageUrl(url)),

  async 'pageNote.create'(input, _from, s) {
    const result = await createPageNote(s.db, input, s.now());
    if (!result.created) return { status: 'conflict', stored: result.stored };
    await s.changed(result.annotation.pageUrl);
    return { status: 'saved', value: result.annotation };
  },

  async 'import.undo'({ batchId }, _from, s) {
    const { pageUrls, alreadyUndone, ...counts } = await undoImport(s.db, batchId, s.now());
    if (alreadyUndone) throw new GlossError('invalid', i18n.t('errors.alreadyUndone'));
    for (const url of pageUrls) await s.changed(url);
    return counts;
  },
};
