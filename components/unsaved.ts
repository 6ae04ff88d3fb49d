import { HIGHLIGHT_COLORS, type HighlightColor } from '../storage/annotation';

/**
 * What a reader is typing into a card or a page note in the popup or the library, kept as it is typed: the
 * popup closes the moment the reader clicks elsewhere, and that must not throw their words away. Kept in the
 * extension page's own localStorage (the extension's origin, never the page's), which is synchronous, so the
 * last keystroke is written before the popup can go; cleared on Save or Cancel.
 */

export interface UnsavedEdit {
  note: string;
  color: HighlightColor;
  /** The tags field as typed (commas and all), not yet parsed. */
  tagText: string;
  /** The stored version the edit started from (null for a page note not written yet): a save checks it. */
  base: number | null;
}

const PREFIX = 'gloss:unsaved:';

/** Where a piece of work is kept: an annotation's id, or the story's address for a page note not yet written. */
export type UnsavedKey = { annotation: string } | { newPageNote: string };

function storageKey(key: UnsavedKey): string {
  return 'annotation' in key
    ? `${PREFIX}annotation:${key.annotation}`
    : `${PREFIX}page-note:${key.newPageNote}`;
}

function store(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // A browser set to refuse site data throws on access: the edit is then kept only while the page is open.
    return null;
  }
}

function isUnsavedEdit(v: unknown): v is UnsavedEdit {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.note === 'string' &&
    (HIGHLIGHT_COLORS as readonly unknown[]).includes(e.color) &&
    typeof e.tagText === 'string' &&
    (e.base === null || typeof e.base === 'number')
  );
}

export function keepUnsaved(key: UnsavedKey, edit: UnsavedEdit): void {
  try {
    store()?.setItem(storageKey(key), JSON.stringify(edit));
  } catch {
    // Full: the edit is still on screen, and Save still works.
  }
}

/** The kept edit, or null; anything unreadable (another version's shape) counts as none. */
export function readUnsaved(key: UnsavedKey): UnsavedEdit | null {
  const raw = store()?.getItem(storageKey(key));
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isUnsavedEdit(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function forgetUnsaved(key: UnsavedKey): void {
  store()?.removeItem(storageKey(key));
}
