/**
 * The page's reading text as one normalised string, with an exact map back to DOM text nodes.
 *
 * Matching works on this string: whitespace runs collapse to one space (re-flowed markup must not change
 * the quote), block boundaries and <br> count as whitespace (so "end of para.Start of next" is not glued),
 * and text the reader cannot see (script, style, hidden elements, Gloss's own UI) is left out so it can never
 * anchor a highlight.
 *
 * The text is the composed tree's (annotator/composed-tree.ts): open shadow roots are read where their host is,
 * as the reader sees them.
 */
import { endInTreeOf, hostOf, nextInComposedTree, openShadowRoot, shownChildren } from './composed-tree';

/** Elements whose whole subtree is never reading text. */
const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  // A textarea's children are its default value, not what the reader sees after typing; select/option
  // text is UI chrome; their text cannot be selected as a passage anyway.
  'TEXTAREA',
  'SELECT',
  'IFRAME',
  'OBJECT',
  'CANVAS',
  // SVG on news pages is icons; their <title> text ("Share", "Close") would pose as page text.
  'SVG',
  'svg',
  'HEAD',
  'TITLE',
]);

/** Elements that start a new line of reading text. */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'IMG',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
  'VIDEO',
  'AUDIO',
  'PICTURE',
  'BODY',
]);

const HIDDEN_STYLE =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!important\s*)?(?:;|$)/i;

/** Whitespace for matching purposes; includes no-break and typographic spaces, which re-flowing swaps. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0x1680 ||
    c === 0xfeff
  );
}

/**
 * A character isSpaceCode or isIgnoredCode counts other than the plain space, or two spaces in a row: a text
 * node without any maps to the index one to one.
 */
const NEEDS_NORMALISING = /[\t-\r\u00a0\u00ad\u1680\u2000-\u200d\u202f\u205f\u3000\ufeff]| {2}/;

/** Zero-width characters that CMSs sprinkle in and out of text; they are invisible, so they do not count. */
function isIgnoredCode(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0xad;
}

/**
 * Collapses whitespace the same way the index does, for strings that come from stored selectors. `trim: false`
 * keeps one leading/trailing space, which a stored prefix or suffix relies on.
 */
export function normalizeText(s: string, trim = true): string {
  let out = '';
  let lastSpace = trim;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isIgnoredCode(c)) continue;
    if (isSpaceCode(c)) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
    } else {
      out += s[i];
      lastSpace = false;
    }
  }
  return trim && out.endsWith(' ') ? out.slice(0, -1) : out;
}

export interface TextIndex {
  root: Element;
  /** Normalised reading text. */
  text: string;
  /** Indexed text nodes, in document order. */
  nodes: Text[];
  /** For each node, the index in `text` of its first character (or where it would be if it has none). */
  nodeStarts: Int32Array;
  /** For each character of `text`: index into `nodes`, or -1 for a space that stands for a block boundary. */
  charNode: Int32Array;
  /** For each character of `text`: offset within its text node. */
  charOffset: Int32Array;
  /**
   * 1 for each space of `text` that stands at a block boundary, also where the page's own whitespace already
   * collapsed into it (charNode is -1 only for spaces added for the boundary).
   */
  blockEdge?: Uint8Array;
  /** The open shadow roots whose text is in `text`, in the order read; empty on most pages. */
  shadowRoots: ShadowRoot[];
  /** Each node's place in `nodes`, made when first needed (see textOffsetOf). */
  nodeNumbers?: Map<Text, number>;
}

export interface BuildOptions {
  /**
   * Also drop elements the browser does not render (computed display:none and the like). Off in jsdom and
   * happy-dom, which have no layout and would answer from incomplete style information.
   */
  useComputedStyle?: boolean;
}

function hasLayout(): boolean {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  return (
    typeof Element !== 'undefined' &&
    typeof (Element.prototype as { checkVisibility?: unknown }).checkVisibility === 'function' &&
    !/jsdom|happydom|happy-dom/i.test(ua)
  );
}

/** True for elements whose subtree never contributes reading text. */
export function isSkippedElement(el: Element, useComputedStyle = false): boolean {
  const tag = el.tagName;
  if (SKIPPED_TAGS.has(tag) || SKIPPED_TAGS.has(tag.toUpperCase())) return true;
  // Gloss's own elements (toolbar, highlights' helpers) are not the page's text.
  if (tag.length > 6 && tag.slice(0, 6).toUpperCase() === 'GLOSS-') return true;
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  if (style && HIDDEN_STYLE.test(style)) return true;
  if (useComputedStyle) {
    const check = (el as { checkVisibility?: (o?: object) => boolean }).checkVisibility;
    if (check && !check.call(el, { visibilityProperty: true })) return true;
  }
  return false;
}

/** Builds the index; O(size of the subtree). Prefer `getTextIndex`, which caches. */
export function buildTextIndex(root: Element, options: BuildOptions = {}): TextIndex {
  const useComputedStyle = options.useComputedStyle ?? hasLayout();
  const parts: string[] = [];
  let length = 0;
  let cap = 1024;
  let charNode = new Int32Array(cap);
  let charOffset = new Int32Array(cap);
  const nodes: Text[] = [];
  const starts: number[] = [];
  const shadowRoots: ShadowRoot[] = [];
  // Leading whitespace of the page is dropped, like the trailing one below.
  let lastSpace = true;

  /** Makes room for `extra` more characters in the maps. */
  const reserve = (extra: number) => {
    if (length + extra <= cap) return;
    while (cap < length + extra) cap *= 2;
    const n = new Int32Array(cap);
    n.set(charNode);
    charNode = n;
    const o = new Int32Array(cap);
    o.set(charOffset);
    charOffset = o;
  };
  /** Maps the next character of the text to (node, offset); its character goes into `parts` separately. */
  const record = (node: number, offset: number) => {
    reserve(1);
    charNode[length] = node;
    charOffset[length] = offset;
    length++;
  };
  const push = (ch: string, node: number, offset: number) => {
    record(node, offset);
    parts.push(ch);
  };
  const edges: number[] = [];
  const boundary = () => {
    if (!lastSpace) {
      push(' ', -1, 0);
      lastSpace = true;
    }
    if (length > 0) edges.push(length - 1);
  };

  const TEXT = 3;
  const ELEMENT = 1;
  const visitNode = (child: Node) => {
    const type = child.nodeType;
    if (type === TEXT) {
      const node = child as Text;
      const data = node.data;
      const ni = nodes.length;
      nodes.push(node);
      starts.push(length);
      // A text node adds at most one character per character of its own: room is made once, and the maps
      // are written in place (this sees every character of the page).
      reserve(data.length);
      if (!NEEDS_NORMALISING.test(data)) {
        // Printable text and single spaces map one to one: the node goes in whole.
        let from = 0;
        if (lastSpace) while (from < data.length && data.charCodeAt(from) === 32) from++;
        const n = data.length - from;
        if (n === 0) return;
        charNode.fill(ni, length, length + n);
        for (let k = 0; k < n; k++) charOffset[length + k] = from + k;
        length += n;
        parts.push(from === 0 ? data : data.slice(from));
        lastSpace = data.charCodeAt(data.length - 1) === 32;
        return;
      }
      // Runs of kept characters go into `parts` as one slice each: one string per run, not per character.
      let run = -1;
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        // Printable ASCII other than the space: most of any page, and never ignored or whitespace.
        const kept = (c > 32 && c < 127) || !(isIgnoredCode(c) || isSpaceCode(c));
        if (kept) {
          if (run < 0) run = i;
          charNode[length] = ni;
          charOffset[length] = i;
          length++;
          lastSpace = false;
          continue;
        }
        if (run >= 0) {
          parts.push(data.slice(run, i));
          run = -1;
        }
        if (isIgnoredCode(c) || lastSpace) continue;
        charNode[length] = ni;
        charOffset[length] = i;
        length++;
        parts.push(' ');
        lastSpace = true;
      }
      if (run >= 0) parts.push(data.slice(run));
    } else if (type === ELEMENT) {
      const el = child as Element;
      if (isSkippedElement(el, useComputedStyle)) return;
      const block = BLOCK_TAGS.has(el.tagName.toUpperCase());
      if (block) boundary();
      visit(el);
      if (block) boundary();
    }
  };
  const visit = (parent: Node) => {
    const shown = shownChildren(parent);
    if (shown) {
      const shadow = openShadowRoot(parent);
      if (shadow) shadowRoots.push(shadow);
      for (let i = 0; i < shown.length; i++) visitNode(shown[i] as Node);
    } else for (let child = parent.firstChild; child; child = child.nextSibling) visitNode(child);
  };
  visit(root);

  // A trailing space is only ever a boundary or collapsed whitespace; dropping it keeps "text" stable.
  let text = parts.join('');
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    length--;
  }
  const nodeStarts = Int32Array.from(starts, (s) => Math.min(s, length));
  const blockEdge = new Uint8Array(length);
  for (const e of edges) if (e < length) blockEdge[e] = 1;
  return {
    blockEdge,
    shadowRoots,
    root,
    text,
    nodes,
    nodeStarts,
    charNode: charNode.subarray(0, length),
    charOffset: charOffset.subarray(0, length),
  };
}

const FOLLOWING = 4;
const CONTAINED_BY = 16;

/** Index of the first indexed node at or after the given node (itself or its descendants included). */
function firstNodeAtOrAfter(index: TextIndex, ref: Node): number {
  let lo = 0;
  let hi = index.nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const n = index.nodes[mid] as Node;
    const atOrAfter = n === ref || (ref.compareDocumentPosition(n) & (FOLLOWING | CONTAINED_BY)) !== 0;
    if (atOrAfter) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first indexed node after the whole subtree of `ref`. */
function firstNodeAfterSubtree(index: TextIndex, ref: Node): number {
  let lo = 0;
  let hi = index.nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const n = index.nodes[mid] as Node;
    const pos = ref.compareDocumentPosition(n);
    const after = n !== ref && (pos & FOLLOWING) !== 0 && (pos & CONTAINED_BY) === 0;
    if (after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function startOfNode(index: TextIndex, ni: number): number {
  return ni < index.nodes.length ? (index.nodeStarts[ni] as number) : index.text.length;
}

/** Offset in the text of the first character at or past `offset` in the indexed node `ni`. */
function offsetInNode(index: TextIndex, ni: number, offset: number): number {
  const start = index.nodeStarts[ni] as number;
  const end = startOfNode(index, ni + 1);
  // Characters of this node occupy [start, end) except boundary spaces; find the first at or past offset.
  for (let i = start; i < end; i++) {
    if (index.charNode[i] === ni && (index.charOffset[i] as number) >= offset) return i;
  }
  return end;
}

function nodeNumbers(index: TextIndex): Map<Text, number> {
  index.nodeNumbers ??= new Map(index.nodes.map((n, i) => [n, i]));
  return index.nodeNumbers;
}

/** Start of the first indexed text node at `from` or after it in composed-tree order. */
function startOfFirstFrom(index: TextIndex, from: Node | null): number {
  const numbers = nodeNumbers(index);
  for (let n = from; n; n = nextInComposedTree(n, index.root)) {
    const ni = numbers.get(n as Text);
    if (ni !== undefined) return startOfNode(index, ni);
  }
  return index.text.length;
}

/**
 * textOffsetOf where the index holds shadow content: document order (compareDocumentPosition) does not
 * place nodes of different trees, so the point is found by walking the composed tree to the next indexed node.
 */
function composedTextOffsetOf(index: TextIndex, container: Node, offset: number): number {
  if (container.nodeType === 3) {
    const ni = nodeNumbers(index).get(container as Text);
    if (ni !== undefined) return offsetInNode(index, ni, offset);
    return startOfFirstFrom(index, container);
  }
  const children = container.childNodes;
  if (offset < children.length) return startOfFirstFrom(index, children[offset] as Node);
  // The end of a shadow root is where its host ends.
  const ended = hostOf(container) ?? container;
  return startOfFirstFrom(index, nextInComposedTree(ended, index.root, true));
}

/**
 * Maps a DOM boundary point to an offset in the normalised text: the number of normalised characters before
 * it. Works for text and element containers, and for points inside skipped (hidden) content.
 */
export function textOffsetOf(index: TextIndex, container: Node, offset: number): number {
  if (index.shadowRoots.length > 0) return composedTextOffsetOf(index, container, offset);
  if (container.nodeType === 3) {
    const ni = firstNodeAtOrAfter(index, container);
    if (index.nodes[ni] === container) return offsetInNode(index, ni, offset);
    return startOfNode(index, ni);
  }
  if (offset < container.childNodes.length) {
    const child = container.childNodes[offset] as Node;
    return startOfNode(index, firstNodeAtOrAfter(index, child));
  }
  return startOfNode(index, firstNodeAfterSubtree(index, container));
}

/**
 * Normalised [start, end) without the spaces and block breaks at its ends, which no page character (or only
 * whitespace) stands behind; null when nothing is left.
 */
export function pageTextSpan(index: TextIndex, start: number, end: number): [number, number] | null {
  const { charNode } = index;
  let s = Math.max(0, start);
  let e = Math.min(end, index.text.length);
  while (s < e && (charNode[s] === -1 || index.text.charCodeAt(s) === 32)) s++;
  while (e > s && (charNode[e - 1] === -1 || index.text.charCodeAt(e - 1) === 32)) e--;
  return s < e ? [s, e] : null;
}

/** Text-node range for normalised [start, end); null when the span holds no page character. */
export function domRangeOf(index: TextIndex, start: number, end: number): Range | null {
  const { charNode, charOffset, nodes } = index;
  const span = pageTextSpan(index, start, end);
  if (!span) return null;
  const [s, e] = span;
  const startNode = nodes[charNode[s] as number] as Text;
  const endNode = nodes[charNode[e - 1] as number] as Text;
  // A span read across a shadow root's edge ends where the tree it starts in does: a Range holds one tree.
  const [endIn, endOffset] = endInTreeOf(startNode, endNode, (charOffset[e - 1] as number) + 1);
  return rangeBetween(startNode, charOffset[s] as number, endIn, endOffset);
}

/**
 * A Range from start to end (start must not come after end). Collapsing onto the start node first keeps
 * jsdom's boundary checks short: it compares points by walking the document forward from one to the other,
 * which from a fresh range's (document, 0) costs a walk over the whole page.
 */
export function rangeBetween(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range {
  const range = (startNode.ownerDocument as Document).createRange();
  range.selectNodeContents(startNode);
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  return range;
}

interface CacheEntry {
  index: TextIndex;
  observer: MutationObserver;
  generation: number;
}

const cache = new WeakMap<Element, CacheEntry>();
// A WeakMap cannot be enumerated, so "invalidate everything" bumps a generation that every entry checks.
let generation = 0;

function isGlossNode(node: Node | null): boolean {
  for (let n = node; n; n = n.parentNode) {
    if (n.nodeType === 1 && (n as Element).tagName.toUpperCase().startsWith('GLOSS-')) return true;
  }
  return false;
}

/** Gloss's own toolbar coming and going must not throw away the index of a long page. */
function touchesPageText(records: MutationRecord[]): boolean {
  for (const r of records) {
    if (!isGlossNode(r.target)) {
      if (r.type !== 'childList') return true;
      for (const n of r.addedNodes) if (!isGlossNode(n)) return true;
      for (const n of r.removedNodes) if (!isGlossNode(n)) return true;
    }
  }
  return false;
}

function dropEntry(root: Element, entry: CacheEntry): void {
  entry.observer.disconnect();
  if (cache.get(root) === entry) cache.delete(root);
}

/**
 * Cached index for `root`. Pending mutation records are pulled synchronously (takeRecords) on every call, so
 * a caller that changes the DOM and anchors in the same task never works on a stale index.
 */
export function getTextIndex(root: Element): TextIndex {
  const entry = cache.get(root);
  if (entry) {
    const pending = entry.observer.takeRecords();
    if (entry.generation === generation && (pending.length === 0 || !touchesPageText(pending))) {
      return entry.index;
    }
    dropEntry(root, entry);
  }
  const useComputedStyle = hasLayout();
  const index = buildTextIndex(root, { useComputedStyle });
  const view = root.ownerDocument?.defaultView as (Window & typeof globalThis) | null | undefined;
  const Observer = view?.MutationObserver ?? globalThis.MutationObserver;
  // Without MutationObserver nothing would tell us when the index goes stale: do not cache.
  if (!Observer) return index;
  const fresh: CacheEntry = { index, observer: null as unknown as MutationObserver, generation };
  fresh.observer = new Observer((records) => {
    if (touchesPageText(records)) dropEntry(root, fresh);
  });
  const watched: MutationObserverInit = {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    // Class changes only matter when computed style decides visibility; pages toggle classes constantly.
    attributeFilter: useComputedStyle ? ['style', 'hidden', 'class'] : ['style', 'hidden'],
  };
  // Each shadow root is a tree of its own: the root's observer does not see into it.
  for (const tree of [root, ...index.shadowRoots]) fresh.observer.observe(tree, watched);
  cache.set(root, fresh);
  return index;
}

/** Drops cached indexes: for one root, or for every root when called without one. */
export function invalidateTextIndex(root?: Element): void {
  if (!root) {
    generation++;
    return;
  }
  const entry = cache.get(root);
  if (entry) dropEntry(root, entry);
}
