import { i18n } from '#i18n';

/**
 * Numbers, dates and counted phrases in the language of the text around them. Formatters are made on first
 * use, not at import: extension modules must not call browser APIs as they load.
 */

interface Formats {
  count: Intl.NumberFormat;
  size: Intl.NumberFormat;
  day: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
}

let formats: Formats | undefined;

/**
 * The browser's UI language (`i18n.getUILanguage()`, which `@@ui_locale` spells `en_US`), so that `en-GB`
 * keeps its own dates; but the messages' own language when they are in another one, so a date never reads
 * in a language the page is not in: Gloss has no messages for the UI language and shows English, or
 * (headless Chromium) `--lang` chose the messages but not the UI language.
 */
export function formatLanguage(): string {
  const shown = i18n.t('meta.lang');
  const ui = i18n.t('@@ui_locale').replace('_', '-');
  return ui.split('-')[0]?.toLowerCase() === shown.split('-')[0] ? ui : shown;
}

function made(): Formats {
  if (formats) return formats;
  const lang = formatLanguage();
  formats = {
    count: new Intl.NumberFormat(lang),
    size: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }),
    day: new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }),
    time: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }),
  };
  return formats;
}

export function formatCount(n: number): string {
  return made().count.format(n);
}

export function formatDay(ms: number): string {
  return made().day.format(new Date(ms));
}

export function formatTime(ms: number): string {
  return made().time.format(new Date(ms));
}

export function formatBytes(bytes: number): string {
  const MB = 1024 * 1024;
  const { size } = made();
  return bytes >= MB ? `${size.format(bytes / MB)} MB` : `${size.format(bytes / 1024)} KB`;
}

/** "1 highlight", "3 highlights": the counted phrase messages use as `{highlights}`. */
export function highlightCount(n: number): string {
  return i18n.t('common.highlightCount', n, { count: formatCount(n) });
}

/** "1 story", "3 stories": the counted phrase messages use as `{stories}`. */
export function storyCount(n: number): string {
  return i18n.t('common.storyCount', n, { count: formatCount(n) });
}
