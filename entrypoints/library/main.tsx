import { render } from 'preact';
import { i18n } from '#i18n';
import type { LibraryApi } from '../../components/library/api';
import { LibraryApp } from '../../components/library/LibraryApp';
import { parseView, viewSearch } from '../../components/library/view-state';
import { localizePage } from '../../components/localize-page';
import { onExtensionEvent, request } from '../../messaging/client';
import { notesClient } from '../../messaging/notes-client';
import { transferClient } from '../../messaging/transfer-client';

const api: LibraryApi = {
  stories: (offset, limit) => request('library.pages', { offset, limit }),
  search: (text, filters, offset, limit) => request('library.search', { text, filters, offset, limit }),
  facets: (kind) => request('library.facets', { kind }),
  storyAnnotations: (pageUrl) => request('annotations.forPage', { pageUrl }),
  headlines: (pageUrl) => request('story.headlines', { url: pageUrl }),
  editTag: (from, to) => request('tags.edit', { from, to }),
  resultIds: (text, filters) => request('library.ids', { text, filters }),
  getAnnotations: (ids) => request('annotations.get', { ids }),
  bulk: (ids, action, batchId) => request('library.bulk', { ids, action, batchId }),
  async openAt(pageUrl, id) {
    await request('page.open', { url: pageUrl, revealId: id });
  },
  ...transferClient,
  ...notesClient,
  onChange: (listener) => onExtensionEvent(() => listener()),
  showView(view, push) {
    const url = `${location.pathname}${viewSearch(view)}`;
    if (push) history.pushState(view, '', url);
    else history.replaceState(view, '', url);
  },
};

localizePage(i18n.t('library.title'));
const initial = parseView(location.search);
history.replaceState(initial, '', location.href);
render(<LibraryApp api={api} initial={initial} />, document.getElementById('app') as HTMLElement);
