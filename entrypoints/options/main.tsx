import { render } from 'preact';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { localizePage } from '../../components/localize-page';
import { type OptionsApi, OptionsApp } from '../../components/options/OptionsApp';
import { request } from '../../messaging/client';
import { transferClient } from '../../messaging/transfer-client';

/** Chrome's page for extension shortcuts; Firefox opens its own through the commands API. */
const CHROME_SHORTCUTS = 'chrome://extensions/shortcuts';

const api: OptionsApi = {
  ...transferClient,
  settings: () => request('settings.get', {}),
  saveSettings: (patch) => request('settings.set', { patch }),
  async shortcuts() {
    const commands = await browser.commands.getAll();
    return commands.flatMap((c) =>
      c.name && c.description
        ? [{ name: c.name, description: c.description, shortcut: c.shortcut ?? '' }]
        : [],
    );
  },
  async openShortcutSettings() {
    const commands = browser.commands as typeof browser.commands & {
      openShortcutSettings?: () => Promise<void>;
    };
    if (commands.openShortcutSettings) await commands.openShortcutSettings();
    else await browser.tabs.create({ url: CHROME_SHORTCUTS });
  },
  async usage() {
    const [stories, all] = await Promise.all([
      request('library.pages', { offset: 0, limit: 0 }),
      request('library.search', { text: '', filters: {}, offset: 0, limit: 0 }),
    ]);
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    return { highlights: all.total, stories: stories.total, bytes: estimate?.usage ?? null };
  },
  deleteAll: () => request('library.deleteAll', {}),
};

localizePage(i18n.t('options.title'));
render(<OptionsApp api={api} />, document.getElementById('app') as HTMLElement);
