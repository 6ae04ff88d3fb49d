import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { COMMANDS } from './messaging/commands';

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
  // Messages live in locales/<lang>.yml; the module writes _locales/*/messages.json and the typed `#i18n`.
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  manifest: ({ browser }) => ({
    default_locale: 'en',
    name: '__MSG_extension_name__',
    description: '__MSG_extension_description__',
    permissions: ['storage', 'unlimitedStorage', 'tabs', 'contextMenus', 'scripting'],
    // Every page gets only the small loader (entrypoints/loader.ts); the background starts Gloss's content script
    // (entrypoints/content/, `registration: 'runtime'`) in the frames that need it. Declared here rather than
    // as a WXT content script so that it carries none of WXT's content-script runtime or the polyfill.
    content_scripts: [
      {
        matches: ['http://*/*', 'https://*/*'],
        all_frames: true,
        run_at: 'document_start',
        js: ['loader.js'],
      },
    ],
    // The note editor is an extension page framed on news pages, so the page's scripts cannot read notes.
    // It does nothing without a ticket the background issued (background/tickets.ts); in Chrome its address
    // also changes every session (`use_dynamic_url`), so a page cannot even tell Gloss is installed from it.
    web_accessible_resources: [
      {
        resources: ['note.html'],
        matches: ['http://*/*', 'https://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    // The toolbar's icon, drawn at its own sizes (npm run icons); WXT adds the popup and the `icons` list.
    action: { default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' } },
    commands: Object.fromEntries(
      Object.entries(COMMANDS).map(([name, c]) => [
        name,
        { suggested_key: { default: c.suggested }, description: c.description },
      ]),
    ),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Gloss sends nothing anywhere: notes stay in the browser's extension storage.
            gecko: { id: 'gloss@gloss.invalid', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
  // The Firefox package's sources archive (for the add-on store's review) holds what builds it, not test output.
  zip: { excludeSources: ['test-results/**'] },
  vite: () => ({
    plugins: [preact(), asciiOnly()],
    // Readable function names in a CPU profile of the content script (GLOSS_NO_MINIFY=1 npx wxt build).
    ...(process.env.GLOSS_NO_MINIFY ? { build: { minify: false } } : {}),
  }),
});
