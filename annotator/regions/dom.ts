/** DOM facts shared by the region detectors. No browser globals are read at module load. */

/** Content a reader never sees as text. */
export const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'SVG',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'SELECT',
  'TEXTAREA',
  'INPUT',
  'BUTTON',
]);

/** Elements that do not start a new block of text: their text belongs to the nearest block ancestor. */
export const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'BIG',
  'BR',
  'CITE',
  'CODE',
  'DATA',
  'DEL',
  'DFN',
  'EM',
  'FONT',
  'I',
  'IMG',
  'INS',
  'KBD',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRIKE',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'TT',
  'U',
  'VAR',
  'WBR',
  'NOBR',
]);

export function tagOf(el: Element): string {
  // Foreign elements (svg) and XHTML documents report lower-case tag names.
  return el.tagName.toUpperCase();
}

export function isHiddenElement(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  return style !== null && style.length > 7 && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Class and id as one lower-case string, for naming heuristics. */
export function nameOf(el: Element): string {
  const cls = el.getAttribute('class');
  const id = el.id;
  if (!cls) return id ? id.toLowerCase() : '';
  return id ? `${cls} ${id}`.toLowerCase() : cls.toLowerCase();
}

/** Gloss's own UI lives in custom elements named gloss-*; detection and watching ignore them. */
export function isGlossOwned(el: Element): boolean {
  return el.localName.startsWith('gloss-');
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Ancestor in the composed tree: crosses from a shadow root to its host. */
export function composedParent(node: Node): Node | null {
  if (node.parentNode) {
    // A ShadowRoot is a DocumentFragment (nodeType 11) with a host.
    const parent = node.parentNode;
    if (parent.nodeType === 11 && (parent as ShadowRoot).host) return (parent as ShadowRoot).host;
    return parent;
  }
  return null;
}

export function composedContains(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = composedParent(n)) if (n === ancestor) return true;
  return false;
}

/** Document order across shadow boundaries (hosts stand for their shadow content). */
export function compareComposed(a: Node, b: Node): number {
  if (a === b) return 0;
  const chain = (n: Node): Node[] => {
    const out: Node[] = [];
    for (let c: Node | null = n; c; c = composedParent(c)) out.push(c);
    return out.reverse();
  };
  const ca = chain(a);
  const cb = chain(b);
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  const x = ca[i];
  const y = cb[i];
  if (!x) return -1; // a is an ancestor of b
  if (!y) return 1;
  // DOCUMENT_POSITION_FOLLOWING = 4
  return x.compareDocumentPosition(y) & 4 ? -1 : 1;
}
