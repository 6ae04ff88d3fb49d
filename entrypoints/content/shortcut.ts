/** Gloss's highlight key in the page (the manifest's `highlight-selection` command suggests the same). */
const SHORTCUT = { key: 'h', altKey: true, shiftKey: true };

export function isHighlightShortcut(e: KeyboardEvent): boolean {
  return (
    e.key.toLowerCase() === SHORTCUT.key && e.altKey === SHORTCUT.altKey && e.shiftKey === SHORTCUT.shiftKey
  );
}
