import { render } from 'preact';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { showLibrary } from '../../background/library-tab';
import { localizePage } from '../../components/localize-page';
import { type PopupApi, PopupApp } from '../../components/PopupApp';
import { commandTab, onExtensionEvent, request } from '../../messaging/client';
import { notesClient } from '../../messaging/notes-client';
import { transferClient } from '../../messaging/transfer-client';

/**
 * The popup shows the active tab's page. Opened as a tab of its own (or with ?tabId=N, which the browser
 * tests use) it shows the library of all pages, or the given tab's page.
 */
async function targetTabId(): Promise<number | null> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isSafeInteger(fromQuery) && fromQuery > 0) return fromQuery;
  if (await browser.tabs.getCurrent()) {
    document.body.classList.add('in-tab');
    return null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

const tabIdPromise = targetTabId();

const api: PopupApi = {
  async currentPage() {
    const tabId = await tabIdPromise;
    return tabId === null ? { pageUrl: null, title: '' } : request('tab.page', { tabId });
  },
  pageAnnotations: (pageUrl) => request('annotations.forPage', { pageUrl }),
  pages: () => request('pages.list', {}),
  search: (query) => request('annotations.search', { query }),
  async jump(id) {
    const tabId = await tabIdPromise;
    if (tabId === null) return false;
    try {
      const { found } = await commandTab(tabId, 'page.scrollTo', { id });
      if (found) await browser.tabs.update(tabId, { active: true });
      return found;
    } catch {
      return false;
    }
  },
  ...transferClient,
  ...notesClient,
  openPage(url) {
    void browser.tabs.create({ url });
  },
  settings: () => request('settings.get', {}),
  saveSettings: (patch) => request('settings.set', { patch }),
  openOptions() {
    void browser.runtime.openOptionsPage();
  },
  reloadTab() {
    void tabIdPromise.then((tabId) => {
      if (tabId !== null) void browser.tabs.reload(tabId);
    });
  },
  openLibrary() {
    void showLibrary(browser.tabs, browser.runtime.getURL('/library.html'));
  },
  async openAt(url, id) {
    await request('page.open', { url, revealId: id });
  },
  onChange: (listener) => onExtensionEvent(listener),
};

localizePage(i18n.t('extension.name'));
const initialView = new URLSearchParams(location.search).get('view') === 'all' ? 'all' : undefined;
render(<PopupApp api={api} initialView={initialView} />, document.getElementById('app') as HTMLElement);
