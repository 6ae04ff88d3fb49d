import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../background/app';
import { memoryArea, type SessionArea } from '../background/session';
import { announce, commandTab, REQUEST_PORT } from '../messaging/client';
import { openGlossDb, requestPersistentStorage } from '../storage/db';

const HIGHLIGHT_MENU_ID = 'gloss-highlight-selection';

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

export default defineBackground(() => {
  const db = openGlossDb();
  void requestPersistentStorage();

  const background = createBackground({
    db,
    session: sessionArea(),
    extensionId: browser.runtime.id,
    sendToTab(tabId, command, frameId) {
      const { type, ...payload } = command;
      commandTab(tabId, type, payload as never, frameId).catch(() => {});
    },
    announce(pageUrl) {
      announce('annotations.changed', { pageUrl });
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
