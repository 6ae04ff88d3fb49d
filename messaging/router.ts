import type { Annotation, HighlightColor } from '../storage/annotation';
import type { GlossDb } from '../storage/db';
import { toStorageError } from '../storage/errors';
import { exportMarkdown, exportW3C } from '../storage/export';
import { importAnnotations, parseImport } from '../storage/import';
import {
  createAnnotation,
  deleteAnnotation,
  describeStorageError,
  getAnnotation,
  listAllAnnotations,
  listPageAnnotations,
  listPages,
  StorageError,
  searchAnnotations,
  setAnchored,
  updateAnnotation,
} from '../storage/repository';
import { normalizePageUrl } from '../storage/url';
import {
  type BackgroundRequest,
  type Draft,
  type ErrorCode,
  fail,
  GlossError,
  ok,
  type PageIdentity,
  type Reply,
} from './protocol';
import { CONTENT_SCRIPT_REQUESTS, validateRequest } from './validate';

/** The parts of runtime.MessageSender the router relies on. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; title?: string };
  frameId?: number;
}

/** Browser capabilities the router needs, injected so it can be tested without an extension. */
export interface RouterDeps {
  db: GlossDb;
  extensionId: string;
  /** e.g. chrome-extension://ID/ — messages from URLs under it come from our own pages. */
  extensionOrigin: string;
  /** Tell every tab showing this page that its annotations changed. */
  notifyPageChanged(pageUrl: string): void;
  /** Tell open extension pages (popup, library) that a page's list changed, e.g. a highlight was orphaned. */
  notifyExtensionPages(pageUrl: string): void;
  /** Ask a tab's content scripts to close the note editor. */
  closeEditor(tabId: number, deleted?: string): void;
  /** Ask a tab's content scripts to show the passage being edited in this colour. */
  previewEditorColor(tabId: number, color: HighlightColor): void;
  /** Open a URL in a new tab; resolves with the tab's id. */
  openTab(url: string): Promise<number>;
  /** Page key and title of a tab, from its content script when it has one. */
  tabPage(tabId: number): Promise<{ pageUrl: string | null; title: string }>;
  now?: () => number;
}

const DRAFT_TTL_MS = 60 * 60 * 1000;
/** How long a deleted highlight can be put back. Kept in memory only: a browser restart ends it. */
const UNDO_TTL_MS = 10 * 60 * 1000;
const SEARCH_LIMIT = 200;

interface StoredDraft {
  draft: Draft;
  pageUrl: string;
  pageTitle: string;
  createdAt: number;
}

export function createRouter(deps: RouterDeps) {
  const now = deps.now ?? Date.now;
  const drafts = new Map<string, StoredDraft>();
  /** Page key per tab, from its top frame, so comments in a sub-frame are stored against the story. */
  const tabPages = new Map<number, { tabUrl: string; pageUrl: string; title: string }>();
  /**
   * Per tab, the frames in which each annotation is painted. Every frame of a story (the page and its
   * comment frames) tries all of the story's annotations, so one frame's miss must not orphan what another
   * frame shows.
   */
  const paintedIn = new Map<number, Map<string, Set<number>>>();
  const recentlyDeleted = new Map<string, { annotation: Annotation; at: number }>();
  /** Tabs the popup opened to show one highlight: the page learns which when it loads. */
  const revealIn = new Map<number, string>();

  function anchoredChanges(ids: string[], anchored: boolean, sender: Sender): string[] {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return ids;
    const frameId = sender.frameId ?? 0;
    const perTab = paintedIn.get(tabId) ?? new Map<string, Set<number>>();
    paintedIn.set(tabId, perTab);
    return ids.filter((id) => {
      const frames = perTab.get(id) ?? new Set<number>();
      perTab.set(id, frames);
      if (anchored) frames.add(frameId);
      else frames.delete(frameId);
      return anchored || frames.size === 0;
    });
  }

  function pageKey(page: PageIdentity, sender: Sender): { pageUrl: string; pageTitle: string } {
    const tabId = sender.tab?.id;
    if (sender.frameId === 0 || sender.frameId === undefined) {
      const pageUrl = normalizePageUrl(page.url, page.canonical);
      if (tabId !== undefined)
        tabPages.set(tabId, { tabUrl: sender.tab?.url ?? page.url, pageUrl, title: page.title });
      return { pageUrl, pageTitle: page.title };
    }
    const top = tabId === undefined ? undefined : tabPages.get(tabId);
    // Only while the tab still shows that story: after a navigation the old key must not catch new notes.
    if (top && top.tabUrl === sender.tab?.url) return { pageUrl: top.pageUrl, pageTitle: top.title };
    const tabUrl = sender.tab?.url;
    if (!tabUrl) throw new GlossError('invalid', 'a frame without a tab cannot hold annotations');
    return { pageUrl: normalizePageUrl(tabUrl, null), pageTitle: sender.tab?.title ?? '' };
  }

  function checkSender(type: BackgroundRequest['type'], sender: Sender): void {
    if (sender.id !== deps.extensionId) throw new GlossError('forbidden', 'message from another extension');
    const fromExtensionPage = sender.url?.startsWith(deps.extensionOrigin) ?? false;
    if (fromExtensionPage) return;
    if (!sender.tab || !CONTENT_SCRIPT_REQUESTS.has(type)) {
      throw new GlossError('forbidden', `${type} is not allowed from a web page`);
    }
  }

  function pruneDrafts(): void {
    const cutoff = now() - DRAFT_TTL_MS;
    for (const [key, d] of drafts) if (d.createdAt < cutoff) drafts.delete(key);
  }

  /** Stored annotations of a page changed: tabs repaint, open extension pages reload their lists. */
  async function undoDelete(id: string): Promise<Annotation> {
    const deleted = recentlyDeleted.get(id);
    if (!deleted || deleted.at < now() - UNDO_TTL_MS)
      throw new GlossError('not-found', 'This highlight can no longer be put back.');
    // Through the import path: one transaction, page counts recomputed, never over a newer copy.
    const result = await importAnnotations(deps.db, [deleted.annotation]);
    if (result.added !== 1) throw new GlossError('invalid', 'This highlight exists again already.');
    recentlyDeleted.delete(id);
    changed(deleted.annotation.pageUrl);
    return deleted.annotation;
  }

  function changed(pageUrl: string): void {
    deps.notifyPageChanged(pageUrl);
    deps.notifyExtensionPages(pageUrl);
  }

  async function create(
    draft: Draft,
    note: string,
    pageUrl: string,
    pageTitle: string,
    tags: string[] = [],
  ): Promise<Annotation> {
    const annotation = await createAnnotation(deps.db, { ...draft, note, tags, pageUrl, pageTitle });
    changed(pageUrl);
    return annotation;
  }

  async function dispatch(m: BackgroundRequest, sender: Sender): Promise<unknown> {
    switch (m.type) {
      case 'page.load': {
        const tabId = sender.tab?.id;
        const shownBefore = tabId === undefined ? undefined : tabPages.get(tabId)?.tabUrl;
        const { pageUrl } = pageKey(m.page, sender);
        // Another page in the tab's top frame: its frames report what they paint afresh. (A reload of the
        // same page after an edit is not one: the comment frames' reports must stand.)
        if (!sender.frameId && tabId !== undefined && shownBefore !== sender.tab?.url)
          paintedIn.delete(tabId);
        const annotations = await listPageAnnotations(deps.db, pageUrl);
        const reveal = tabId === undefined || sender.frameId ? undefined : revealIn.get(tabId);
        if (reveal === undefined) return { pageUrl, annotations };
        revealIn.delete(tabId as number);
        // Only a highlight of this page: a redirect to another story must not scroll to a stranger.
        return annotations.some((a) => a.id === reveal)
          ? { pageUrl, annotations, reveal }
          : { pageUrl, annotations };
      }
      case 'annotation.create': {
        const { pageUrl, pageTitle } = pageKey(m.page, sender);
        return create(m.draft, m.note, pageUrl, pageTitle);
      }
      case 'draft.create': {
        pruneDrafts();
        const { pageUrl, pageTitle } = pageKey(m.page, sender);
        const draftId = crypto.randomUUID();
        drafts.set(draftId, { draft: m.draft, pageUrl, pageTitle, createdAt: now() });
        return { draftId };
      }
      case 'draft.get': {
        const stored = drafts.get(m.draftId);
        if (!stored) throw new GlossError('not-found', 'This note draft has expired. Select the text again.');
        return stored.draft;
      }
      case 'draft.commit': {
        const stored = drafts.get(m.draftId);
        if (!stored) throw new GlossError('not-found', 'This note draft has expired. Select the text again.');
        const annotation = await create(
          { ...stored.draft, color: m.color },
          m.note,
          stored.pageUrl,
          stored.pageTitle,
          m.tags,
        );
        drafts.delete(m.draftId);
        return annotation;
      }
      case 'annotation.get': {
        const annotation = await getAnnotation(deps.db, m.id);
        if (!annotation) throw new GlossError('not-found', 'This highlight no longer exists.');
        return annotation;
      }
      case 'annotation.update': {
        const annotation = await updateAnnotation(deps.db, m.id, m.patch);
        changed(annotation.pageUrl);
        return annotation;
      }
      case 'annotation.delete': {
        const existing = await getAnnotation(deps.db, m.id);
        if (!existing) throw new GlossError('not-found', 'This highlight no longer exists.');
        await deleteAnnotation(deps.db, m.id);
        const cutoff = now() - UNDO_TTL_MS;
        for (const [key, d] of recentlyDeleted) if (d.at < cutoff) recentlyDeleted.delete(key);
        recentlyDeleted.set(m.id, { annotation: existing, at: now() });
        changed(existing.pageUrl);
        return { id: m.id };
      }
      case 'annotation.undoDelete':
        return undoDelete(m.id);
      case 'page.undoDelete': {
        // A tab may put back only its own story's highlights (the one it was told it could undo).
        const tabId = sender.tab?.id;
        const shown = tabId === undefined ? undefined : tabPages.get(tabId);
        const deleted = recentlyDeleted.get(m.id);
        if (!shown || !deleted || deleted.annotation.pageUrl !== shown.pageUrl)
          throw new GlossError('not-found', 'This highlight can no longer be put back.');
        await undoDelete(m.id);
        return null;
      }
      case 'annotations.setAnchored': {
        const ids = anchoredChanges(m.ids, m.anchored, sender);
        if (ids.length > 0) {
          const touched = await setAnchored(deps.db, ids, m.anchored);
          for (const pageUrl of touched) deps.notifyExtensionPages(pageUrl);
        }
        return null;
      }
      case 'annotations.forPage':
        return listPageAnnotations(deps.db, m.pageUrl);
      case 'annotations.search':
        return searchAnnotations(deps.db, m.query, SEARCH_LIMIT);
      case 'pages.list':
        return listPages(deps.db);
      case 'tab.page':
        return deps.tabPage(m.tabId);
      case 'page.open': {
        const annotation = await getAnnotation(deps.db, m.revealId);
        if (!annotation) throw new GlossError('not-found', 'This highlight no longer exists.');
        const tabId = await deps.openTab(m.url);
        revealIn.set(tabId, m.revealId);
        return null;
      }
      case 'export': {
        const [annotations, pages] = await Promise.all([listAllAnnotations(deps.db), listPages(deps.db)]);
        const date = new Date(now()).toISOString().slice(0, 10);
        return m.format === 'w3c'
          ? {
              filename: `gloss-${date}.json`,
              mime: 'application/json',
              text: JSON.stringify(exportW3C(annotations, pages), null, 2),
            }
          : { filename: `gloss-${date}.md`, mime: 'text/markdown', text: exportMarkdown(annotations, pages) };
      }
      case 'import': {
        let json: unknown;
        try {
          json = JSON.parse(m.text);
        } catch {
          throw new GlossError('invalid', 'This file is not JSON. Import takes a Gloss JSON export.');
        }
        const parsed = parseImport(json);
        const counts = await importAnnotations(deps.db, parsed.annotations);
        for (const url of new Set(parsed.annotations.map((a) => a.pageUrl))) changed(url);
        return { ...counts, errors: parsed.errors };
      }
      case 'editor.close':
        if (sender.tab?.id !== undefined) deps.closeEditor(sender.tab.id, m.deleted);
        return null;
      case 'editor.preview':
        if (sender.tab?.id !== undefined) deps.previewEditorColor(sender.tab.id, m.color);
        return null;
    }
  }

  /** Answers one raw message; never throws, every failure becomes a Reply the caller shows. */
  return async function handleMessage(raw: unknown, sender: Sender): Promise<Reply<unknown>> {
    try {
      const message = validateRequest(raw);
      checkSender(message.type, sender);
      return ok(await dispatch(message, sender));
    } catch (e) {
      return toFailure(e);
    }
  };
}

export function toFailure(e: unknown): Reply<never> {
  if (e instanceof GlossError) return fail(e.code, e.message);
  const unwrapped = toStorageError(e);
  if (unwrapped instanceof StorageError) {
    const code: ErrorCode =
      unwrapped.code === 'validation' || unwrapped.code === 'conflict'
        ? 'invalid'
        : unwrapped.code === 'not-found' || unwrapped.code === 'quota'
          ? unwrapped.code
          : 'storage';
    return fail(code, unwrapped.message);
  }
  return fail('storage', describeStorageError(e));
}
