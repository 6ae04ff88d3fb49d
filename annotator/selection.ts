/** What the reader has selected, when it is page text Gloss may highlight. */

// Any contenteditable value but "false" makes text editable ("", "true", "plaintext-only", in any case).
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false" i])';

function elementOf(node: Node): Element | null {
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

/**
 * The current selection as a range, or null when there is nothing worth highlighting: collapsed or
 * whitespace-only, inside a form field or editable area, or inside something `isOwnUi` says is Gloss's.
 */
export function highlightableSelection(doc: Document, isOwnUi: (el: Element) => boolean): Range | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (range.toString().trim().length === 0) return null;
  const container = elementOf(range.commonAncestorContainer);
  if (!container || !doc.body?.contains(container)) return null;
  for (const end of [range.startContainer, range.endContainer]) {
    const el = elementOf(end);
    if (!el || el.closest(EDITABLE) || isOwnUi(el)) return null;
  }
  return range.cloneRange();
}

/** True when a click on this element does something of its own (follow a link, press a button, ...). */
export function isInteractive(el: Element | null): boolean {
  return !!el?.closest(
    'a[href], button, input, textarea, select, label, summary, [role="button"], [contenteditable]',
  );
}
