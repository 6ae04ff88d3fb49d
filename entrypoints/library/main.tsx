import { render } from 'preact';
import type { LibraryApi } from '../../components/library/api';
import { LibraryApp } from '../../components/library/LibraryApp';
import { parseView, viewSearch } from '../../components/library/view-state';
import { onExtensionEvent, request } from '../../messaging/client';

/** Revoked after the download has surely started; the browser keeps its own copy. */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

const api: LibraryApi = {
  stories: (offset, limit) => request('library.pages', { offset, limit }),
  search: (text, filters, offset, limit) => request('library.search', { text, filters, offset, limit }),
  facets: (kind) => request('library.facets', { kind }),
  storyAnnotations: (pageUrl) => request('annotations.forPage', { pageUrl }),
  async openAt(pageUrl, id) {
    await request('page.open', { url: pageUrl, revealId: id });
  },
  importChunk: (chunk, batchId) =>
    request('import.chunk', { items: chunk.items, firstIndex: chunk.firstIndex, batchId }),
  undoImport: (batchId) => request('import.undo', { batchId }),
  exportChunk: (format, offset, generated) => request('export.chunk', { format, offset, generated }),
  save(filename, mime, parts) {
    const url = URL.createObjectURL(new Blob(parts, { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
  },
  onChange: (listener) => onExtensionEvent(() => listener()),
  showView(view, push) {
    const url = `${location.pathname}${viewSearch(view)}`;
    if (push) history.pushState(view, '', url);
    else history.replaceState(view, '', url);
  },
};

const initial = parseView(location.search);
history.replaceState(initial, '', location.href);
render(<LibraryApp api={api} initial={initial} />, document.getElementById('app') as HTMLElement);
