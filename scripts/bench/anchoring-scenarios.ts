/**
 * Annotations and page changes for the anchoring benchmark.
 *
 * An annotation is made on the pristine page; each scenario then changes a fresh copy of that page and says
 * where the passage is now. The passage's endpoints are tracked as (text node, offset) pairs: moves keep node
 * identity, and every text edit goes through Tracker.replace so offsets stay exact.
 */
import {
  buildTextIndex,
  domRangeOf,
  isSpaceCode,
  type TextIndex,
  textOffsetOf,
} from '../../annotator/text-index';
import { type Rng, seededRandom } from './random';

export type { Rng };

/** A seeded random source from a string (FNV-1a), so runs are reproducible. */
export function rngFor(seed: string): Rng {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return seededRandom(h);
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

export type AnnotationKind = 'single-node' | 'across-inline' | 'across-blocks' | 'repeated-phrase';
export const KINDS: AnnotationKind[] = ['single-node', 'across-inline', 'across-blocks', 'repeated-phrase'];

export type ScenarioName =
  | 'identical'
  | 'whitespace'
  | 'inserted'
  | 'removed-elsewhere'
  | 'wrapped'
  | 'edit-inside'
  | 'edit-around'
  | 'duplicate-earlier'
  | 'deleted'
  | 'reordered';
export const SCENARIOS: ScenarioName[] = [
  'identical',
  'whitespace',
  'inserted',
  'removed-elsewhere',
  'wrapped',
  'edit-inside',
  'edit-around',
  'duplicate-earlier',
  'deleted',
  'reordered',
];

/** A boundary point located by child indexes from body, so it can be found again in a copy of the page. */
export interface PortablePoint {
  path: number[];
  offset: number;
}

export interface Annotation {
  kind: AnnotationKind;
  start: PortablePoint;
  end: PortablePoint;
  /** Region the selection was made in, as a path from body (null: none). */
  scopePath: number[] | null;
}

function pathOf(body: Element, node: Node): number[] {
  const path: number[] = [];
  for (let n: Node = node; n !== body; n = n.parentNode as Node) {
    path.unshift(Array.prototype.indexOf.call((n.parentNode as Node).childNodes, n));
  }
  return path;
}

export function nodeAt(body: Element, path: number[]): Node {
  let n: Node = body;
  for (const i of path) n = n.childNodes[i] as Node;
  return n;
}

const BLOCKS = new Set([
  'P',
  'LI',
  'DIV',
  'BLOCKQUOTE',
  'H1',
  'H2',
  'H3',
  'H4',
  'TD',
  'DD',
  'ARTICLE',
  'SECTION',
]);
const INLINE = new Set(['A', 'B', 'I', 'EM', 'STRONG', 'SPAN', 'CODE', 'SMALL', 'U', 'MARK', 'CITE', 'ABBR']);

/** Region heuristic for the benchmark: a comment-like element with an id, else the nearest <article>. */
function scopeFor(node: Node): Element | null {
  let article: Element | null = null;
  for (let el = node.parentElement; el && el.tagName !== 'BODY'; el = el.parentElement) {
    const tag = `${el.id} ${el.getAttribute('class') ?? ''}`;
    if (el.id && /comment/i.test(tag)) return el;
    if (!article && (el.tagName === 'ARTICLE' || el.tagName === 'MAIN')) article = el;
  }
  return article;
}

function wordBoundaries(s: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.length; i++) if (s[i - 1] === ' ' && s[i] !== ' ') out.push(i);
  return out;
}

/** Text nodes that are reading text (present in the index) with enough letters to quote. */
function readingTextNodes(index: TextIndex, minLength: number): Text[] {
  return index.nodes.filter((n) => n.data.replace(/\s+/g, ' ').trim().length >= minLength);
}

/** A word-aligned slice [a, b) inside a text node's data, at least minLen long. */
function sliceInNode(rng: Rng, data: string, minLen: number, maxLen: number): [number, number] | null {
  const starts = [0, ...wordBoundaries(data)].filter((i) => data[i] !== ' ' && data[i] !== undefined);
  if (starts.length === 0) return null;
  for (let attempt = 0; attempt < 6; attempt++) {
    const a = pick(rng, starts);
    const ends = [...wordBoundaries(data).map((i) => i - 1), data.length].filter(
      (e) => e - a >= minLen && e - a <= maxLen,
    );
    if (ends.length > 0) return [a, pick(rng, ends)];
  }
  return null;
}

function visibleLength(data: string): number {
  return data.replace(/\s+/g, ' ').trim().length;
}

/** Picks annotations of each kind on the pristine page (fewer when the page lacks the structure). */
export function makeAnnotations(body: Element, rng: Rng, perKind: number): Annotation[] {
  const index = buildTextIndex(body, { useComputedStyle: false });
  const out: Annotation[] = [];
  const portable = (sn: Node, so: number, en: Node, eo: number, kind: AnnotationKind): Annotation => {
    const scope = scopeFor(sn);
    return {
      kind,
      start: { path: pathOf(body, sn), offset: so },
      end: { path: pathOf(body, en), offset: eo },
      scopePath: scope?.contains(en) ? pathOf(body, scope as Element) : null,
    };
  };

  const long = readingTextNodes(index, 40);
  for (let i = 0, tries = 0; i < perKind && tries < 50 && long.length > 0; tries++) {
    const node = pick(rng, long);
    const s = sliceInNode(rng, node.data, 15, 90);
    // Words are cut at ASCII spaces only: a run of other whitespace (ideographic spaces, new lines) is no quote.
    if (!s || visibleLength(node.data.slice(s[0], s[1])) === 0) continue;
    out.push(portable(node, s[0], node, s[1], 'single-node'));
    i++;
  }

  const indexed = new Set<Node>(index.nodes);
  const inlines = index.nodes
    .map((n) => n.parentElement)
    .filter((el): el is HTMLElement => {
      if (!el || !INLINE.has(el.tagName)) return false;
      const prev = el.previousSibling;
      const next = el.nextSibling;
      return (
        prev?.nodeType === 3 &&
        next?.nodeType === 3 &&
        indexed.has(prev as Text) &&
        visibleLength((prev as Text).data) >= 12 &&
        visibleLength((next as Text).data) >= 12
      );
    });
  for (let i = 0, tries = 0; i < perKind && tries < 50 && inlines.length > 0; tries++) {
    const el = pick(rng, inlines);
    const prev = el.previousSibling as Text;
    const next = el.nextSibling as Text;
    const a = wordBoundaries(prev.data).filter((x) => prev.data.length - x <= 60);
    const b = wordBoundaries(next.data).filter((x) => x <= 60);
    if (a.length === 0 || b.length === 0) continue;
    out.push(portable(prev, pick(rng, a), next, pick(rng, b) - 1, 'across-inline'));
    i++;
  }

  const pairs = long
    .map((n) => {
      const block = n.parentElement;
      if (!block || !BLOCKS.has(block.tagName) || block.lastChild !== n) return null;
      const sib = block.nextElementSibling;
      const first = sib?.firstChild;
      if (!sib || sib.tagName !== block.tagName || first?.nodeType !== 3) return null;
      if (visibleLength((first as Text).data) < 20 || !indexed.has(first as Text)) return null;
      return [n, first as Text] as const;
    })
    .filter((p): p is readonly [Text, Text] => p !== null);
  for (let i = 0, tries = 0; i < perKind && tries < 50 && pairs.length > 0; tries++) {
    const [a, b] = pick(rng, pairs);
    // Both ends hold words, not only the indentation of the markup: a passage across two paragraphs.
    const sa = wordBoundaries(a.data).filter(
      (x) => a.data.length - x <= 70 && visibleLength(a.data.slice(x)) >= 10,
    );
    const sb = wordBoundaries(b.data).filter((x) => x <= 70 && visibleLength(b.data.slice(0, x - 1)) >= 10);
    if (sa.length === 0 || sb.length === 0) continue;
    out.push(portable(a, pick(rng, sa), b, pick(rng, sb) - 1, 'across-blocks'));
    i++;
  }

  // Short phrases that occur 2..20 times in the reading text.
  const text = index.text;
  const starts = wordBoundaries(text);
  for (let i = 0, tries = 0; i < perKind && tries < 300 && starts.length > 10; tries++) {
    const a = pick(rng, starts);
    const words = int(rng, 2, 4);
    let b = a;
    for (let w = 0; w < words; w++) {
      const next = text.indexOf(' ', b + 1);
      b = next === -1 ? text.length : next;
    }
    const phrase = text.slice(a, b);
    if (phrase.length < 8 || phrase.length > 40 || !/[a-z]{3}/i.test(phrase)) continue;
    let count = 0;
    for (let j = text.indexOf(phrase); j !== -1 && count < 21; j = text.indexOf(phrase, j + 1)) count++;
    if (count < 2 || count > 20) continue;
    const r = domRangeOf(index, a, b);
    if (!r) continue;
    out.push(portable(r.startContainer, r.startOffset, r.endContainer, r.endOffset, 'repeated-phrase'));
    i++;
  }
  return out;
}

/** The passage's endpoints on a changing copy of the page. */
export class Tracker {
  constructor(
    public sn: Text,
    public so: number,
    public en: Text,
    public eo: number,
  ) {}

  /** node.replaceData that keeps the tracked endpoints on the same characters. */
  replace(node: Text, pos: number, del: number, ins: string): void {
    node.replaceData(pos, del, ins);
    const delta = ins.length - del;
    if (node === this.sn) {
      if (this.so >= pos + del) this.so += delta;
      else if (this.so > pos) this.so = pos;
    }
    if (node === this.en) {
      if (this.eo >= pos + del) this.eo += delta;
      else if (this.eo > pos) this.eo = pos + ins.length;
    }
  }

  range(): Range {
    const r = (this.sn.ownerDocument as Document).createRange();
    r.setStart(this.sn, this.so);
    r.setEnd(this.en, this.eo);
    return r;
  }
}

export function trackerFor(body: Element, a: Annotation): Tracker {
  return new Tracker(
    nodeAt(body, a.start.path) as Text,
    a.start.offset,
    nodeAt(body, a.end.path) as Text,
    a.end.offset,
  );
}

function blockAncestor(node: Node, body: Element): Element {
  for (let el = node.parentElement; el && el !== body; el = el.parentElement)
    if (BLOCKS.has(el.tagName)) return el;
  return body;
}

/** Text nodes intersecting the tracked passage, in order. */
function passageNodes(doc: Document, t: Tracker): Text[] {
  const r = t.range();
  const out: Text[] = [];
  const walker = doc.createTreeWalker(r.commonAncestorContainer, 4);
  for (
    let n = walker.currentNode.nodeType === 3 ? walker.currentNode : walker.nextNode();
    n;
    n = walker.nextNode()
  ) {
    if (r.intersectsNode(n)) out.push(n as Text);
  }
  return out;
}

/** A slice of the page's text, escaped: the ad shows it as text ("<img>" on a page about markup stays text). */
function sentenceFrom(rng: Rng, text: string): string {
  const at = int(rng, 0, Math.max(0, text.length - 80));
  return text
    .slice(at, at + int(rng, 30, 80))
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function adBlock(doc: Document, rng: Rng, pageText: string): Element {
  const div = doc.createElement('div');
  div.className = 'ad-related';
  const kind = int(rng, 0, 2);
  if (kind === 0) div.innerHTML = `<p>Advertisement</p><p>${sentenceFrom(rng, pageText)}</p>`;
  else if (kind === 1) {
    div.innerHTML = `<h4>Related stories</h4><ul><li><a href="#">${sentenceFrom(rng, pageText)}</a></li><li><a href="#">${sentenceFrom(rng, pageText)}</a></li></ul>`;
  } else div.innerHTML = `<p>Sponsored: ${sentenceFrom(rng, pageText)} <a href="#">Learn more</a></p>`;
  return div;
}

function textBlocks(body: Element): Element[] {
  return [...body.querySelectorAll('p, li, h2, h3, blockquote, div')].filter(
    (el) => (el.textContent ?? '').trim().length > 20,
  );
}

function isOutsidePassage(el: Element, t: Tracker): boolean {
  if (el.contains(t.sn) || el.contains(t.en)) return false;
  // Not containing either end, el intersects the passage only by lying between them (jsdom's
  // Range.intersectsNode is slow on long pages).
  const FOLLOWING = 4;
  const PRECEDING = 2;
  return !(t.sn.compareDocumentPosition(el) & FOLLOWING && t.en.compareDocumentPosition(el) & PRECEDING);
}

/** Whether a block inserted right before `el` would land between the passage's start and end. */
function insertsInsidePassage(el: Element, t: Tracker): boolean {
  const FOLLOWING = 4;
  const PRECEDING = 2;
  const CONTAINS = 8;
  // The insertion point lies after the start when el follows the start node (not as its ancestor)...
  const afterStart = (t.sn.compareDocumentPosition(el) & FOLLOWING) !== 0 && !el.contains(t.sn);
  // ...and before the end when el contains the end node or comes before it.
  const endPos = t.en.compareDocumentPosition(el);
  const beforeEnd = el.contains(t.en) || ((endPos & PRECEDING) !== 0 && (endPos & CONTAINS) === 0);
  return afterStart && beforeEnd;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Edits 1..n non-space characters at normalised positions chosen from `positions`. */
function editChars(index: TextIndex, t: Tracker, rng: Rng, positions: number[], count: number): number {
  let done = 0;
  const used = new Set<number>();
  for (let tries = 0; done < count && tries < 30 && positions.length > 0; tries++) {
    const p = pick(rng, positions);
    if (used.has(p)) continue;
    const ni = index.charNode[p] as number;
    if (ni < 0 || isSpaceCode(index.text.charCodeAt(p))) continue;
    used.add(p);
    const node = index.nodes[ni] as Text;
    const off = index.charOffset[p] as number;
    const op = int(rng, 0, 2);
    const letter = pick(rng, LETTERS.split(''));
    if (op === 0) t.replace(node, off, 1, letter === node.data[off] ? 'q' : letter);
    else if (op === 1) t.replace(node, off, 1, '');
    else t.replace(node, off, 0, letter);
    done++;
  }
  return done;
}

export interface Trial {
  /** Where the passage is after the change, or null when it was deleted. */
  tracker: Tracker | null;
  /** Characters edited inside the passage, for the tolerance of "correct". */
  editsInside: number;
}

const NOT_READING = new Set(['STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

/** Changes the page (a fresh copy, in the document) according to the scenario. */
export function applyScenario(
  scenario: ScenarioName,
  doc: Document,
  body: Element,
  a: Annotation,
  rng: Rng,
  /** The page's reading text before the change, when the caller has it (saves an index build per trial). */
  knownPageText?: string,
): Trial {
  const t = trackerFor(body, a);
  let cachedText = knownPageText;
  const pageText = (): string => {
    cachedText ??= buildTextIndex(body, { useComputedStyle: false }).text;
    return cachedText;
  };
  switch (scenario) {
    case 'identical':
      return { tracker: t, editsInside: 0 };
    case 'whitespace': {
      const walker = doc.createTreeWalker(body, 4);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      for (const n of nodes) {
        // Style and script text is no reading text: re-flowing it costs a copy of the node per run (a 330 kB
        // stylesheet took an hour in jsdom) and changes nothing Gloss reads. The random draws are made all the
        // same, so every other node gets the change it always got.
        const inert = NOT_READING.has(n.parentElement?.tagName ?? '');
        const runs = [...n.data.matchAll(/\s+/g)].reverse();
        for (const m of runs) {
          if (rng() < 0.4) {
            const by = pick(rng, ['\n      ', '  ', '\t', ' \n ', '\u00a0']);
            if (!inert) t.replace(n, m.index ?? 0, m[0].length, by);
          }
        }
        // Markup re-indentation adds whitespace-only nodes between elements.
        if (rng() < 0.1 && n.parentNode) n.parentNode.insertBefore(doc.createTextNode('\n    '), n);
      }
      return { tracker: t, editsInside: 0 };
    }
    case 'inserted': {
      const block = blockAncestor(t.sn, body);
      const endBlock = blockAncestor(t.en, body);
      if (block !== body) block.parentNode?.insertBefore(adBlock(doc, rng, pageText()), block);
      if (endBlock !== body)
        endBlock.parentNode?.insertBefore(adBlock(doc, rng, pageText()), endBlock.nextSibling);
      // Elsewhere on the page, but never between the passage's two ends: an ad inside a passage that spans
      // blocks would become part of it, which is a different change (the passage edited) than this scenario.
      const blocks = textBlocks(body).filter((el) => !insertsInsidePassage(el, t));
      for (let i = 0; i < 3 && blocks.length > 0; i++) {
        const at = pick(rng, blocks);
        at.parentNode?.insertBefore(adBlock(doc, rng, pageText()), at);
      }
      return { tracker: t, editsInside: 0 };
    }
    case 'removed-elsewhere': {
      const blocks = textBlocks(body).filter((el) => isOutsidePassage(el, t));
      for (let i = 0; i < 3 && blocks.length > 0; i++) {
        const el = pick(rng, blocks);
        if (isOutsidePassage(el, t)) el.remove();
      }
      return { tracker: t, editsInside: 0 };
    }
    case 'wrapped': {
      // A re-render wraps the passage's text in new inline elements, and its block in a new container.
      for (const n of passageNodes(doc, t)) {
        const span = doc.createElement(pick(rng, ['span', 'mark', 'font']));
        n.parentNode?.insertBefore(span, n);
        span.appendChild(n);
      }
      const block = blockAncestor(t.sn, body);
      if (block !== body && block.contains(t.en) && rng() < 0.5) {
        const div = doc.createElement('div');
        div.className = 'wrapper';
        block.parentNode?.insertBefore(div, block);
        div.appendChild(block);
      }
      return { tracker: t, editsInside: 0 };
    }
    case 'edit-inside': {
      const index = buildTextIndex(body, { useComputedStyle: false });
      const r = t.range();
      const s = textOffsetOf(index, r.startContainer, r.startOffset);
      const e = textOffsetOf(index, r.endContainer, r.endOffset);
      const positions: number[] = [];
      for (let p = s; p < e; p++) positions.push(p);
      // 1..3 edits, at most one per 12 characters: three edits in a 10-character phrase make another phrase.
      const count = Math.min(int(rng, 1, 3), Math.max(1, Math.floor((e - s) / 12)));
      const done = editChars(index, t, rng, positions, count);
      return { tracker: t, editsInside: done };
    }
    case 'edit-around': {
      const index = buildTextIndex(body, { useComputedStyle: false });
      const r = t.range();
      const s = textOffsetOf(index, r.startContainer, r.startOffset);
      const e = textOffsetOf(index, r.endContainer, r.endOffset);
      const positions: number[] = [];
      for (let p = Math.max(0, s - 60); p < s - 1; p++) positions.push(p);
      for (let p = e + 1; p < Math.min(index.text.length, e + 60); p++) positions.push(p);
      editChars(index, t, rng, positions, int(rng, 1, 3));
      return { tracker: t, editsInside: 0 };
    }
    case 'duplicate-earlier': {
      const quote = t.range().toString().replace(/\s+/g, ' ').trim();
      const p = doc.createElement('p');
      p.textContent = `${pick(rng, ['As we reported:', 'Editor’s pick —', 'In brief:'])} ${quote} ${pick(rng, ['(more below)', '— read on.', '[link]'])}`;
      const before = textBlocks(body).filter((el) => {
        const pos = el.compareDocumentPosition(t.sn);
        return (pos & 4) !== 0 && (pos & 16) === 0;
      });
      const at = before.length > 0 ? pick(rng, before) : body.firstChild;
      at?.parentNode?.insertBefore(p, at);
      return { tracker: t, editsInside: 0 };
    }
    case 'deleted': {
      const block = blockAncestor(t.sn, body);
      const small = block !== body && block.contains(t.en) && (block.textContent ?? '').length < 2000;
      if (small && rng() < 0.5) block.remove();
      else t.range().deleteContents();
      return { tracker: null, editsInside: 0 };
    }
    case 'reordered': {
      // Move the block holding the whole passage among its siblings, like a comment list sorted differently.
      const common = t.range().commonAncestorContainer;
      let block =
        common.nodeType === 1 && BLOCKS.has((common as Element).tagName)
          ? (common as Element)
          : blockAncestor(common, body);
      while (block !== body && (block.parentElement?.children.length ?? 0) < 3) {
        block = block.parentElement ?? body;
      }
      const parent = block.parentElement;
      if (block === body || !parent) return { tracker: t, editsInside: 0 };
      const kids = [...parent.children];
      for (let i = kids.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [kids[i], kids[j]] = [kids[j] as Element, kids[i] as Element];
      }
      if (kids[kids.indexOf(block)] === block && kids.length > 1 && kids[0] === block) {
        kids.push(kids.shift() as Element);
      }
      for (const k of kids) parent.appendChild(k);
      return { tracker: t, editsInside: 0 };
    }
  }
}
