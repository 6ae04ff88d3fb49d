import { i18n } from '#i18n';
import type { PageShortcuts } from '../messaging/commands';
import { GlossError, ok, type PageCommand, type Reply } from '../messaging/protocol';
import {
  type BackgroundRequest,
  type BackgroundRequestType,
  parseRequest,
  REQUESTS,
} from '../messaging/schema';
import type { GlossDb } from '../storage/db';
import { countHighlights } from '../storage/repository';
import { budgetFor, fitsBudget, RateLimiter, TAB_WRITES } from './budget';
import { toFailure } from './failure';
import { editorHandlers } from './handlers/editor';
import { libraryHandlers } from './handlers/library';
import { notebookHandlers } from './handlers/notebook';
import { optionsHandlers } from './handlers/options';
import { pageHandlers, takeAway } from './handlers/page';
import type { Handlers } from './handlers/types';
import { HighlightMenu } from './highlight-menu';
import { classifySender, type Sender } from './senders';
import type { SessionArea } from './session';
import { Tabs } from './tabs';
import { Tickets } from './tickets';
import { RecentlyDeleted } from './undo';

/** Browser capabilities the background needs, injected so it can be tested without an extension. */
export interface BackgroundDeps {
  db: GlossDb;
  /** `storage.session` in the browser; state that must outlive a stopped service worker. */
  session: SessionArea;
  extensionId: string;
  /**
   * Starts Gloss's content script in one frame of a tab (the page loader runs everywhere; the rest only where
   * it is needed). Starting it twice is harmless; a frame gone is not an error.
   */
  wake(tabId: number, frameId: number): Promise<void>;
  /** Sends a command to a tab's content scripts (one frame, or all); failures are ignored. */
  sendToTab(tabId: number, command: PageCommand, frameId?: number): void;
  /** Tells open extension pages (popup, library) that a page's annotations changed. */
  announce(pageUrl: string): void;
  /** The keys the reader bound Gloss's page commands to (commands.getAll). */
  shortcuts(): Promise<PageShortcuts>;
  /** The toolbar button's badge in a tab: how many highlights its story has (0 shows none). */
  showCount(tabId: number, highlights: number): void;
  /** Shows the context menu's Edit note and Delete (the reader points at a highlight) or hides them. */
  showHighlightMenu(visible: boolean): void;
  /** Opens a URL in a new tab; resolves with the tab's id. */
  openTab(url: string): Promise<number>;
  /** The browser's own record of a tab, for a tab whose content script never loaded. */
  tabInfo(tabId: number): Promise<{ url?: string; title?: string } | null>;
  now?: () => number;
}

/** What every handler may use. */
export interface Services {
  db: GlossDb;
  tabs: Tabs;
  tickets: Tickets;
  deleted: RecentlyDeleted;
  menu: HighlightMenu;
  deps: BackgroundDeps;
  now: () => number;
  /**
   * Stored annotations of a story changed: the tabs showing it repaint, extension pages reload their lists.
   * `paintedIn` is a tab that already shows the change (its content script made the highlight): it is not
   * asked to load the story again.
   */
  changed(pageUrl: string, paintedIn?: number): Promise<void>;
  /** `changed` for many stories at once (an import chunk): one read of the tabs, one repaint per tab. */
  changedMany(pageUrls: Iterable<string>): Promise<void>;
}

/**
 * Requests that write, made by a content script: it runs next to the page's scripts, so a bug there (or a page
 * that found a way to drive it) must not flood the database. Each spends its tab's budget. The note editor's
 * requests do not: it is Gloss's own page, and keeping the note as the reader types must never be refused.
 */
const CONTENT_WRITES: ReadonlySet<BackgroundRequestType> = new Set([
  'annotation.create',
  'draft.create',
  'editor.issue',
  'editor.resume',
  'page.undoDelete',
]);

export function createBackground(deps: BackgroundDeps) {
  const now = deps.now ?? Date.now;
  const tabs = new Tabs(deps.session);
  const services: Services = {
    db: deps.db,
    tabs,
    tickets: new Tickets(deps.session, now),
    deleted: new RecentlyDeleted(deps.session, now),
    menu: new HighlightMenu((visible) => deps.showHighlightMenu(visible)),
    deps,
    now,
    async changed(pageUrl, paintedIn) {
      const showing = await tabs.showing(pageUrl);
      // The tab that painted the change reloads nothing, so its badge is set here, as every other tab's.
      const count = showing.length > 0 ? await countHighlights(deps.db, pageUrl) : 0;
      for (const tabId of showing) {
        deps.showCount(tabId, count);
        if (tabId !== paintedIn) deps.sendToTab(tabId, { type: 'page.changed' });
      }
      deps.announce(pageUrl);
    },
    async changedMany(pageUrls) {
      const urls = new Set(pageUrls);
      if (urls.size === 0) return;
      for (const tabId of await tabs.showingAny(urls)) deps.sendToTab(tabId, { type: 'page.changed' });
      for (const url of urls) deps.announce(url);
    },
  };
  const handlers: Handlers = {
    ...pageHandlers,
    ...editorHandlers,
    ...libraryHandlers,
    ...notebookHandlers,
    ...optionsHandlers,
  };
  const writes = new RateLimiter(TAB_WRITES, now);

  async function dispatch(raw: unknown, sender: Sender): Promise<unknown> {
    if (sender.id !== deps.extensionId) throw new GlossError('forbidden', 'message from another extension');
    const type = (raw as { type?: unknown } | null)?.type;
    if (!fitsBudget(raw, budgetFor(type))) throw new GlossError('too-large', i18n.t('errors.tooLarge'));
    const parsed = parseRequest(raw);
    if (!parsed.ok) throw new GlossError('invalid', parsed.error);
    const request = parsed.request;
    const from = classifySender(sender);
    if (!from || !REQUESTS[request.type].from.includes(from.kind as never))
      throw new GlossError('forbidden', `${request.type} is not allowed from this sender`);
    if (from.kind === 'content' && CONTENT_WRITES.has(request.type) && !writes.take(from.tabId))
      throw new GlossError('rate-limited', i18n.t('errors.rateLimited'));
    const handle = handlers[request.type] as (
      request: BackgroundRequest,
      from: NonNullable<ReturnType<typeof classifySender>>,
      services: Services,
    ) => Promise<unknown>;
    return handle(request, from, services);
  }

  return {
    /** Answers one raw message; never throws, every failure becomes a Reply the caller shows. */
    async handleMessage(raw: unknown, sender: Sender): Promise<Reply<unknown>> {
      try {
        return ok(await dispatch(raw, sender));
      } catch (e) {
        return toFailure(e);
      }
    },
    /**
     * The reader chose Edit note or Delete in the context menu of a frame: acts on the highlight that frame
     * last said was under the pointer, if any. Deleting happens here, not in the page, and the page offers Undo.
     */
    async highlightMenuChosen(action: 'edit' | 'delete', tabId: number, frameId: number): Promise<void> {
      const id = services.menu.targetOf(tabId, frameId);
      if (!id) return;
      if (action === 'edit') {
        deps.sendToTab(tabId, { type: 'page.editHighlight', id }, frameId);
        return;
      }
      await takeAway(id, services);
      deps.sendToTab(tabId, { type: 'page.offerUndo', id }, frameId);
      services.menu.point(tabId, frameId, null);
    },
    /** A tab closed: what the background kept for it goes. */
    async forgetTab(tabId: number): Promise<void> {
      writes.forget(tabId);
      services.menu.forgetTab(tabId);
      await Promise.all([tabs.forget(tabId), services.tickets.forgetTab(tabId)]);
    },
  };
}

export type Background = ReturnType<typeof createBackground>;
