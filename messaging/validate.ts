import { HIGHLIGHT_COLORS, type HighlightColor } from '../storage/annotation';
import type { ExtensionEvent, PageCommand } from './protocol';

type Obj = Record<string, unknown>;

/** Stories one announcement names at most: an import chunk's (8,192 items) and then some. */
export const MAX_ANNOUNCED_URLS = 10_000;

const isColor = (value: unknown): value is HighlightColor =>
  typeof value === 'string' && (HIGHLIGHT_COLORS as readonly string[]).includes(value);

/**
 * A command from the background to a content script, or null for anything else. Only the extension can send
 * these (runtime messages never come from the page), but a content script still takes nothing on trust.
 */
export function validatePageCommand(raw: unknown): PageCommand | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Obj;
  switch (m.type) {
    case 'page.changed':
      return { type: m.type };
    case 'page.scrollTo':
    case 'page.editHighlight':
    case 'page.offerUndo':
      return typeof m.id === 'string' && m.id.length <= 200 ? { type: m.type, id: m.id } : null;
    case 'page.highlightSelection':
    case 'page.addNote':
    case 'page.toggleHighlights':
      return { type: m.type };
    case 'page.closeEditor':
      if (m.deleted === undefined) return { type: m.type };
      return typeof m.deleted === 'string' && m.deleted.length <= 200
        ? { type: m.type, deleted: m.deleted }
        : null;
    case 'page.previewColor':
      return isColor(m.color) ? { type: m.type, color: m.color } : null;
    default:
      return null;
  }
}

/** An announcement from the background, or null for anything else (e.g. requests meant for the background). */
export function validateExtensionEvent(raw: unknown): ExtensionEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Obj;
  if (
    m.type === 'annotations.changed' &&
    Array.isArray(m.pageUrls) &&
    m.pageUrls.length <= MAX_ANNOUNCED_URLS &&
    m.pageUrls.every((u) => typeof u === 'string')
  )
    return { type: m.type, pageUrls: [...m.pageUrls] };
  return null;
}
