import type { PagePrefs } from '../../storage/settings';

/**
 * Whether a selection the reader just made is offered the toolbar, as the reader set it in Options: on every
 * selection, only with Alt held, or never (the shortcut and the context menu still highlight). Before the
 * background has said (`prefs` null), as by default.
 */
export function offersToolbar(prefs: PagePrefs | null, altHeld: boolean): boolean {
  if (!prefs) return true;
  if (prefs.off || prefs.toolbar === 'never') return false;
  return prefs.toolbar === 'selection' || altHeld;
}
