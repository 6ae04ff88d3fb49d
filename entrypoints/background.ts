import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { announce, commandTab } from '../messaging/client';
import { createRouter } from '../messaging/router';
import { openGlossDb, requestPersistentStorage } from '../storage/db';
import { normalizePageUrl } from '../storage/url';

const HIGHLIGHT_MENU_ID = 'gloss-highlight-selection';

export default defineBackground(() => {
  const db = openGlossDb();
  void requestPersistentStorage();

  const router = createRouter({
    db,
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    notifyPageChanged(pageUrl) {
      // Every tab showing the story repaints, including one opened twice; tabs without Gloss just refuse.
      void browser.tabs.query({}).then((tabs) => {
        for (const tab of tabs) {
          if (tab.id !== undefined) commandTab(tab.id, 'page.changed', { pageUrl }).catch(() => {});
        }
      });
    },
    notifyExtensionPages(pageUrl) {
      announce('annotations.changed', { pageUrl });
    },
    closeEditor(tabId, deleted) {
      commandTab(tabId, 'page.closeEditor', deleted ? { deleted } : {}).catch(() => {});
    },
    previewEditorColor(tabId, color) {
      commandTab(tabId, 'page.previewColor', { color }).catch(() => {});
    },
    async openTab(url) {
      const tab = await browser.tabs.create({ url });
      if (tab.id === undefined) throw new Error('the browser opened no tab');
      return tab.id;
    },
    async tabPage(tabId) {
      try {
        return await commandTab(tabId, 'page.info', {}, 0);
      } catch {
        const tab = await browser.tabs.get(tabId);
        let pageUrl: string | null = null;
        try {
          pageUrl = tab.url ? normalizePageUrl(tab.url, null) : null;
        } catch {
          // Not a web page (a browser or extension page): nothing to list for it.
        }
        return { pageUrl, title: tab.title ?? '' };
      }
    },
  });

  browser.runtime.onMessage.addListener((message, sender) => router(message, sender));

  function highlightInTab(tabId: number | undefined, frameId?: number): void {
    if (tabId === undefined) return;
    commandTab(tabId, 'page.highlightSelection', {}, frameId).catch(() => {});
  }

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: HIGHLIGHT_MENU_ID,
      title: 'Highlight with Gloss',
      contexts: ['selection'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === HIGHLIGHT_MENU_ID) highlightInTab(tab?.id, info.frameId);
  });
  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'highlight-selection') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    highlightInTab(tab?.id);
  });
});
