import { render } from 'preact';
import { browser } from 'wxt/browser';
import { type PopupApi, PopupApp } from '../../components/PopupApp';
import { commandTab, onExtensionEvent, request } from '../../messaging/client';

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

function download(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
  async update(id, patch, expectedUpdatedAt) {
    const result = await request('annotation.update', { id, patch, expectedUpdatedAt });
    if (result.status === 'conflict') {
      const { note, color, tags, updatedAt } = result.stored;
      return { note, color, tags, updatedAt };
    }
  },
  async remove(id) {
    await request('annotation.delete', { id });
  },
  async undoDelete(id) {
    await request('annotation.undoDelete', { id });
  },
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
  async exportData(format) {
    const file = await request('export', { format });
    download(file.filename, file.mime, file.text);
  },
  importData: (text) => request('import', { text }),
  undoImport: (batchId) => request('import.undo', { batchId }),
  openPage(url) {
    void browser.tabs.create({ url });
  },
  openLibrary() {
    void browser.tabs.create({ url: browser.runtime.getURL('/library.html') });
  },
  async openAt(url, id) {
    await request('page.open', { url, revealId: id });
  },
  onChange: (listener) => onExtensionEvent(listener),
};

const initialView = new URLSearchParams(location.search).get('view') === 'all' ? 'all' : undefined;
render(<PopupApp api={api} initialView={initialView} />, document.getElementById('app') as HTMLElement);
