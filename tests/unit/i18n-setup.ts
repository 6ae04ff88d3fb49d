import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * fakeBrowser has no i18n: this gives it the browser's, over the English messages as the build writes them
 * (_locales/en/messages.json), so components render, and tests assert, the text a reader sees in English.
 */

const UI_LANGUAGE = 'en';

const messages = new Map(
  Object.entries(
    generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml'))),
  ).map(([name, m]) => [name.toLowerCase(), m]),
);

/** `i18n.getMessage` as Chrome and Firefox do it: names ignore case, `$1`…`$9` take substitutions, `$$` is `$`. */
function getMessage(name: string, substitutions?: string | (string | number)[]): string {
  if (name === '@@ui_locale') return UI_LANGUAGE;
  const message = messages.get(name.toLowerCase());
  if (!message) return '';
  const subs = substitutions === undefined ? [] : [substitutions].flat().map(String);
  let text = message.message;
  for (const [placeholder, { content }] of Object.entries(message.placeholders ?? {}))
    text = text.replaceAll(new RegExp(`\\$${placeholder}\\$`, 'gi'), content);
  return text.replace(/\$(\$|[1-9])/g, (_, which: string) =>
    which === '$' ? '$' : (subs[Number(which) - 1] ?? ''),
  );
}

fakeBrowser.i18n.getMessage = getMessage;
fakeBrowser.i18n.getUILanguage = () => UI_LANGUAGE;
