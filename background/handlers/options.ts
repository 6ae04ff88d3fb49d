import { deleteEverything } from '../../storage/repository';
import { getSettings, updateSettings } from '../../storage/settings-store';
import type { Services } from '../app';
import type { HandlersOf } from './types';

/** Every tab with a story loads it again: what it paints, and how, follows what just changed. */
async function reloadTabs(s: Services): Promise<void> {
  for (const tabId of await s.tabs.all()) s.deps.sendToTab(tabId, { type: 'page.changed' });
}

/** Options: the reader's settings, and deleting everything. */
export const optionsHandlers: HandlersOf<'settings.get' | 'settings.set' | 'library.deleteAll'> = {
  'settings.get': (_payload, _from, s) => getSettings(s.db),

  async 'settings.set'({ patch }, _from, s) {
    const settings = await updateSettings(s.db, patch);
    await reloadTabs(s);
    return settings;
  },

  async 'library.deleteAll'(_payload, _from, s) {
    const { deleted, pageUrls } = await deleteEverything(s.db);
    await reloadTabs(s);
    for (const url of pageUrls) s.deps.announce(url);
    return { deleted };
  },
};
