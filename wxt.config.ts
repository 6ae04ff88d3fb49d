import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';

/**
 * Chrome refuses a content script holding some raw code points (Dexie's "\uffff" max key, which Vite 8's
 * minifier writes unescaped): "It isn't UTF-8 encoded", and then the whole extension fails to load.
 * Escaping every non-ASCII code unit in emitted JS keeps the bundles plain ASCII.
 */
function asciiOnly(): Plugin {
  return {
    name: 'gloss-ascii-only-output',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') {
          chunk.code = chunk.code.replace(
            /[\u0080-\uffff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          );
        }
      }
    },
  };
}

export default defineConfig({
  imports: false,
  // Declaring data_collection_permissions made Firefox ESR 153 install the add-on without running its
  // content script (seen in tests/e2e/firefox-smoke.mjs); Gloss collects nothing, so the warning is moot.
  suppressWarnings: { firefoxDataCollection: true },
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Gloss',
    description:
      'Highlight quotes in news stories and reader comments, keep private notes, review them later.',
    permissions: ['storage', 'unlimitedStorage', 'tabs', 'contextMenus'],
    // The note editor is an extension page framed on news pages, so the page's scripts cannot read notes.
    web_accessible_resources: [{ resources: ['note.html'], matches: ['http://*/*', 'https://*/*'] }],
    commands: {
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Highlight the selected text',
      },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'gloss@gloss.invalid' } } } : {}),
  }),
  vite: () => ({
    plugins: [preact(), asciiOnly()],
  }),
});
