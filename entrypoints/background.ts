import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { i18n } from '#i18n';
import { createBackground } from '../background/app';
import { showLibrary } from '../background/library-tab';
import { memoryArea, type SessionArea } from '../background/session';
import { frameWaker } from '../background/wake';
import { announce, commandTab } from '../messaging/client';
import { pageShortcuts } from '../messaging/commands';
import { REQUEST_PORT } from '../messaging/port';
import { MAX_ANNOUNCED_URLS } from '../messaging/validate';
import { openGlossDb, requestPersistentStorage } from '../storage/db';
import { contentScriptRunning, HANDOFF_KEY } from './content/handoff';

const HIGHLIGHT_MENU_ID = 'gloss-highlight-selection';
const LIBRARY_MENU_ID = 'gloss-open-library';
const NOTE_MENU_ID = 'gloss-add-note';
/** On a highlight (the content script says when the pointer is on one): its note, or deleting it. */
const EDIT_MENU_ID = 'gloss-edit-highlight';
const DELETE_MENU_ID = 'gloss-delete-highlight';
const HIGHLIGHT_ITEMS = [EDIT_MENU_ID, DELETE_MENU_ID];
/** Gloss's content script (entrypoints/content/), started by the background only in frames that need it. */
const CONTENT_SCRIPT = '/content-scripts/content.js';
/** The icon's ink (assets/icon.svg). */
const BADGE_COLOR = '#1f2430';

/** `storage.session` outlives a stopped worker; a browser without it still works, with memory only. */
function sessionArea(): SessionArea {
  const area = browser.storage.session;
  if (!area) return memoryArea();
  return {
    get: (keys) => area.get(keys),
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
}

const wake = frameWaker({
  isRunning: async (target) => {
    const [check] = await browser.scripting.executeScript({
      target,
      func: contentScriptRunning,
      args: [HANDOFF_KEY],
      injectImmediately: true,
    });
    return check?.result === true;
  },
  start: async (target) => {
    // At once: the loader asks only once the page is parsed, and the default (document_idle) can wait for
    // the page's images and scripts.
    await browser.scripting.executeScript({ target, files: [CONTENT_SCRIPT], injectImmediately: true });
  },
});

export default defineBackground(() => {
  const db = openGlossDb();
  /** Stories changed since the last announcement went out. */
  const announced = new Set<string>();
  void requestPersistentStorage();

  const background = createBackground({
    db,
    session: sessionArea(),
    extensionId: browser.runtime.id,
    wake,
    sendToTab(tabId, command, frameId) {
      const { type, ...payload } = command;
      commandTab(tabId, type, payload as never, frameId).catch(() => {});
    },
    announce(pageUrl) {
      announced.add(pageUrl);
      // One message for all the stories a task changed (an import chunk's hundreds), sent when it ends.
      if (announced.size === 1) {
        setTimeout(() => {
          const pageUrls = [...announced];
          announced.clear();
          for (let i = 0; i < pageUrls.length; i += MAX_ANNOUNCED_URLS) {
            announce('annotations.changed', { pageUrls: pageUrls.slice(i, i + MAX_ANNOUNCED_URLS) });
          }
        }, 0);
      }
    },
    async shortcuts() {
      return pageShortcuts(await browser.commands.getAll());
    },
    showHighlightMenu(visible) {
      for (const id of HIGHLIGHT_ITEMS) browser.contextMenus.update(id, { visible }).catch(() => {});
      // Firefox can redraw a menu already open (the reader's press came first); Chrome has no such call.
      (browser.contextMenus as { refresh?: () => Promise<void> }).refresh?.().catch(() => {});
    },
    showCount(tabId, highlights) {
      // A tab gone meanwhile (closed as its page loaded) has no badge to set.
      browser.action.setBadgeText({ tabId, text: highlights > 0 ? String(highlights) : '' }).catch(() => {});
    },
    async openTab(url) {
      const tab = await browser.tabs.create({ url });
      if (tab.id === undefined) throw new Error('the browser opened no tab');
      return tab.id;
    },
    async tabInfo(tabId) {
      try {
        const tab = await browser.tabs.get(tabId);
        return { url: tab.url, title: tab.title };
      } catch {
        return null;
      }
    },
  });

  // Every request comes on a port of its own (messaging/client.ts request): one message, one reply.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== REQUEST_PORT) return;
    port.onMessage.addListener(async (message: unknown) => {
      const reply = await background.handleMessage(message, port.sender ?? {});
      try {
        port.postMessage(reply);
      } catch {
        // The asker went away (its page closed): nobody to answer.
      }
    });
  });
  browser.tabs.onRemoved.addListener((tabId) => void background.forgetTab(tabId));

  /**
   * A selection the reader made has started Gloss in its frame already (entrypoints/loader.ts); the frame is
   * started here in case the reader's shortcut or menu click came before the loader's request.
   */
  async function actOnSelection(
    tabId: number | undefined,
    command: 'page.highlightSelection' | 'page.addNote',
    frameId?: number,
  ): Promise<void> {
    if (tabId === undefined) return;
    await wake(tabId, frameId ?? 0);
    commandTab(tabId, command, {}, frameId).catch(() => {});
  }

  const openLibrary = () =>
    showLibrary(browser.tabs, browser.runtime.getURL('/library.html'), (windowId) =>
      browser.windows.update(windowId, { focused: true }),
    );

  // The badge's colour is the icon's ink, so the count reads as part of Gloss's mark.
  browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR }).catch(() => {});
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: HIGHLIGHT_MENU_ID,
      title: i18n.t('contextMenu.highlight'),
      contexts: ['selection'],
    });
    browser.contextMenus.create({
      id: NOTE_MENU_ID,
      title: i18n.t('contextMenu.addNote'),
      contexts: ['selection'],
    });
    // Hidden until the reader points at a highlight; a highlight may be a link's text, or selected.
    browser.contextMenus.create({
      id: EDIT_MENU_ID,
      title: i18n.t('contextMenu.editNote'),
      contexts: ['page', 'link', 'selection'],
      visible: false,
    });
    browser.contextMenus.create({
      id: DELETE_MENU_ID,
      title: i18n.t('contextMenu.deleteHighlight'),
      contexts: ['page', 'link', 'selection'],
      visible: false,
    });
    // The toolbar button's own menu.
    browser.contextMenus.create({
      id: LIBRARY_MENU_ID,
      title: i18n.t('contextMenu.openLibrary'),
      contexts: ['action'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === HIGHLIGHT_MENU_ID)
      void actOnSelection(tab?.id, 'page.highlightSelection', info.frameId);
    else if (info.menuItemId === NOTE_MENU_ID) void actOnSelection(tab?.id, 'page.addNote', info.frameId);
    else if (info.menuItemId === LIBRARY_MENU_ID) void openLibrary();
    else if (
      tab?.id !== undefined &&
      (info.menuItemId === EDIT_MENU_ID || info.menuItemId === DELETE_MENU_ID)
    )
      background
        .highlightMenuChosen(info.menuItemId === EDIT_MENU_ID ? 'edit' : 'delete', tab.id, info.frameId ?? 0)
        // Deleted meanwhile (in the popup, say): nothing is left to act on.
        .catch(() => {});
  });
  browser.commands.onCommand.addListener(async (command) => {
    if (command === 'open-library') return openLibrary();
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    if (command === 'highlight-selection') await actOnSelection(tab.id, 'page.highlightSelection');
    else if (command === 'add-note') await actOnSelection(tab.id, 'page.addNote');
    else if (command === 'toggle-highlights') {
      // Only a tab where Gloss paints has highlights to show or hide: nothing is started for it.
      commandTab(tab.id, 'page.toggleHighlights', {}).catch(() => {});
    }
  });
});
