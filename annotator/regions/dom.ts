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

/** Gloss's own UI lives in custom elements named gloss-*; detection and watching ignore them. */
export function isGlossOwned(el: Element): boolean {
  return el.localName.startsWith('gloss-');
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
