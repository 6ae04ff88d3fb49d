import { i18n } from '#i18n';

/**
 * An extension page's title and language as the reader's browser shows them. The HTML says English, for the
 * moment before this runs; `lang` is the messages' own language (`meta.lang`), so a screen reader reads a
 * page that fell back to English as English.
 */
export function localizePage(title: string): void {
  document.documentElement.lang = i18n.t('meta.lang');
  document.title = title;
}
