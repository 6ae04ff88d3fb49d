/**
 * Gloss's keyboard commands, declared once: the manifest's `commands` are built from this (wxt.config.ts), the
 * background runs them when the browser reports one, and pages honour the keys the reader bound them to.
 */

/** What a page does for a command. */
export type PageAction = 'highlight' | 'addNote' | 'toggleHighlights';

export interface GlossCommand {
  /**
   * Shown in the browser's shortcut settings and in Options: a `__MSG_<key>__` reference, which the browser
   * resolves from _locales in the reader's language (the manifest cannot call i18n).
   */
  description: `__MSG_${string}__`;
  /** The key the manifest suggests; the reader may bind another, or none. */
  suggested: string;
  /** What the page does, for a command acted on in the page; none for one the background runs alone. */
  page: PageAction | null;
}

export const COMMANDS = {
  'highlight-selection': {
    description: '__MSG_commands_highlightSelection__',
    suggested: 'Alt+Shift+H',
    page: 'highlight',
  },
  'add-note': { description: '__MSG_commands_addNote__', suggested: 'Alt+Shift+M', page: 'addNote' },
  'toggle-highlights': {
    description: '__MSG_commands_toggleHighlights__',
    suggested: 'Alt+Shift+G',
    page: 'toggleHighlights',
  },
  'open-library': {
    description: '__MSG_commands_openLibrary__',
    suggested: 'Alt+Shift+L',
    page: null,
  },
} as const satisfies Record<string, GlossCommand>;

export type CommandName = keyof typeof COMMANDS;

/** The keys a page listens for, per action, as the browser binds them now ('' for none). */
export type PageShortcuts = Record<PageAction, string>;

/** As the manifest suggests them: what a page listens for until the background says otherwise. */
export const SUGGESTED_SHORTCUTS: PageShortcuts = {
  highlight: COMMANDS['highlight-selection'].suggested,
  addNote: COMMANDS['add-note'].suggested,
  toggleHighlights: COMMANDS['toggle-highlights'].suggested,
};

/** The page's keys from the browser's list of commands (commands.getAll). */
export function pageShortcuts(bound: readonly { name?: string; shortcut?: string }[]): PageShortcuts {
  const keys: PageShortcuts = { highlight: '', addNote: '', toggleHighlights: '' };
  for (const { name, shortcut } of bound) {
    const command = name && name in COMMANDS ? COMMANDS[name as CommandName] : undefined;
    if (command?.page) keys[command.page] = shortcut ?? '';
  }
  return keys;
}
