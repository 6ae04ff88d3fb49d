import type { PageAction, PageShortcuts } from '../../messaging/commands';

/**
 * Whether a key press is a shortcut as the browser reports its binding: `Alt+Shift+H`, `Ctrl+Shift+Y`, or on
 * a Mac `⌥⇧H` / `Command+Shift+Y`. Matched on the key's place (`KeyH`), as the browser matches commands, so
 * Alt turning H into another character (a Mac's `Ó`) does not matter. An empty binding matches nothing.
 */

interface Binding {
  code: string;
  alt: boolean;
  shift: boolean;
  ctrl: boolean;
  meta: boolean;
}

const SYMBOLS: Record<string, string> = { '⌥': 'Alt', '⇧': 'Shift', '⌃': 'MacCtrl', '⌘': 'Command' };

function keyCode(key: string): string | null {
  if (/^[A-Z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  if (/^F([1-9]|1[0-2])$/.test(key)) return key;
  return null;
}

const parsed = new Map<string, Binding | null>();

function parse(binding: string): Binding | null {
  const parts = binding
    .replace(/[⌥⇧⌃⌘]/g, (s) => `${SYMBOLS[s]}+`)
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  const key = parts.pop();
  const code = key ? keyCode(key) : null;
  if (!code) return null;
  const has = (...names: string[]) => parts.some((p) => names.includes(p));
  return {
    code,
    alt: has('Alt'),
    shift: has('Shift'),
    ctrl: has('Ctrl', 'MacCtrl'),
    meta: has('Command'),
  };
}

export function matchesShortcut(e: KeyboardEvent, binding: string): boolean {
  if (!binding) return false;
  if (!parsed.has(binding)) parsed.set(binding, parse(binding));
  const b = parsed.get(binding);
  return (
    !!b &&
    e.code === b.code &&
    e.altKey === b.alt &&
    e.shiftKey === b.shift &&
    e.ctrlKey === b.ctrl &&
    e.metaKey === b.meta
  );
}

/** The page action whose key this press is, among the reader's bindings; null for none. */
export function shortcutAction(e: KeyboardEvent, keys: PageShortcuts): PageAction | null {
  for (const action of Object.keys(keys) as PageAction[]) if (matchesShortcut(e, keys[action])) return action;
  return null;
}
