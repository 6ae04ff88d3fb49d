/** What the reader has selected, when it is page text Gloss may highlight. */
import { composedContains, endInTreeOf, hostOf, openShadowRoot, shadowRootsAround } from './composed-tree';
import { rangeBetween } from './text-index';

// Any contenteditable value but "false" makes text editable ("", "true", "plaintext-only", in any case).
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false" i])';

function elementOf(node: Node): Element | null {
  return node.nodeType === 1 ? (node as Element) : (hostOf(node) ?? node.parentElement);
}

type ComposedSelection = Selection & {
  getComposedRanges?: (options: { shadowRoots: ShadowRoot[] }) => StaticRange[];
};

/** Shadow roots nest this deep at most before Gloss stops looking further in (widgets nest one or two). */
const MAX_SHADOW_DEPTH = 8;

/** Open shadow roots of the hosts beside a boundary point: where a selection inside them shows from outside. */
function rootsBeside(container: Node, offset: number): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  for (const child of [container.childNodes[offset - 1], container.childNodes[offset]]) {
    const root = child ? openShadowRoot(child) : null;
    if (root) roots.push(root);
  }
  return roots;
}

/**
 * The selection as one range of the tree it starts in. A selection made inside an open shadow root (a comment
 * widget) shows to the page as collapsed at its host (Chromium) or as the nodes themselves (Firefox); its
 * composed range, given the shadow roots it lies in, names the text. The roots are found from the selection's
 * ends and then from the hosts its composed range stands beside, one level of nesting at a time. The range is
 * cut where the tree the reader started in ends, since a range cannot span two trees.
 */
function selectedRange(selection: ComposedSelection): Range | null {
  if (selection.rangeCount === 0) return null;
  const own = selection.getRangeAt(0);
  const { anchorNode, focusNode } = selection;
  if (!selection.getComposedRanges || !anchorNode || !focusNode) return own.cloneRange();
  const shadowRoots = new Set([...shadowRootsAround(anchorNode), ...shadowRootsAround(focusNode)]);
  let composed: StaticRange | undefined;
  for (let depth = 0; depth <= MAX_SHADOW_DEPTH; depth++) {
    composed = selection.getComposedRanges({ shadowRoots: [...shadowRoots] })[0];
    if (!composed) return null;
    const known = shadowRoots.size;
    for (const root of rootsBeside(composed.startContainer, composed.startOffset)) shadowRoots.add(root);
    for (const root of rootsBeside(composed.endContainer, composed.endOffset)) shadowRoots.add(root);
    if (shadowRoots.size === known) break;
  }
  if (!composed) return null;
  const [end, endOffset] = endInTreeOf(composed.startContainer, composed.endContainer, composed.endOffset);
  return rangeBetween(composed.startContainer, composed.startOffset, end, endOffset);
}

/**
 * The current selection as a range, or null when there is nothing worth highlighting: collapsed or
 * whitespace-only, inside a form field or editable area, or inside something `isOwnUi` says is Gloss's.
 */
export function highlightableSelection(doc: Document, isOwnUi: (el: Element) => boolean): Range | null {
  const selection = doc.getSelection();
  const range = selection ? selectedRange(selection) : null;
  if (!range || range.collapsed || range.toString().trim().length === 0) return null;
  const container = elementOf(range.commonAncestorContainer);
  if (!container || !doc.body || !composedContains(doc.body, container)) return null;
  for (const end of [range.startContainer, range.endContainer]) {
    const el = elementOf(end);
    if (!el || el.closest(EDITABLE) || isOwnUi(el)) return null;
  }
  return range;
}

/** True when a click on this element does something of its own (follow a link, press a button, ...). */
export function isInteractive(el: Element | null): boolean {
  return !!el?.closest(
    'a[href], button, input, textarea, select, label, summary, [role="button"], [contenteditable]',
  );
}
