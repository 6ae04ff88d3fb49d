/**
 * describe(): a selection -> W3C selectors. anchor(): W3C selectors -> the same passage on a possibly changed
 * page, or null. Attaching a note to the wrong passage is worse than an orphan, so every path that returns a
 * range has checked the quote AND its surrounding text, and ambiguous matches return null.
 *
 * Selectors emitted by describe (all W3C JSON, each usable on its own):
 * - TextQuoteSelector on root's reading text (whitespace collapsed, hidden text left out). Without another copy
 *   of the quote on the page, 32 characters of prefix and suffix. With copies, the margin rule (chooseContext):
 *   34 characters or more (CONTEXT_STEPS), until every copy's context differs by TWIN_MARGIN edits, and a copy
 *   that could take over the passage's surroundings on one side by SIDE_MARGIN on the other; one character
 *   more when a copy reads exactly like the passage within its block (a block twin); TWINNED_CONTEXT when even
 *   MAX_CONTEXT did not tell the copies apart by the margin, TWINS_APART_CONTEXT when it did tell each of them
 *   apart, if only by an edit, on a side it cannot take over, TWINNED_TAKEOVER when a copy would stand where
 *   the passage stood were the passage's blocks removed. The width is the record anchor() reads these facts
 *   from; where the page's text ends within it on both sides (a short page), the selector also carries it as
 *   `gloss:contextWidth`. With TWINNED_TAKEOVER, `gloss:copies` records how often the quote stood on the page.
 *   Selectors stored before the margin rule grew through LEGACY_STEPS (33: a distinctive quote had a copy)
 *   until quote + context was unique, and are read by the rules they were made for;
 * - TextPositionSelector on the same text;
 * - RangeSelector whose start/end are XPathSelectors naming the element around each endpoint, relative to
 *   root (`/div[2]/p[3]`), each refinedBy a zero-length TextPositionSelector {start: k, end: k}: the point
 *   after k characters of that element's textContent (raw DOM text, hidden text included);
 * - when a scope (region) is given: the region's CssSelector twice, once refinedBy a TextQuoteSelector and
 *   once refinedBy a TextPositionSelector, both relative to the region's reading text. W3C allows several
 *   selectors for one target; two alternatives keep each refinedBy chain a single, valid selector.
 *
 * anchor() tries, in order: quote+full context exactly once in the cached text; the RangeSelector and position
 * fast paths (quote and context must agree); search in the region (with the region's own context); search in
 * the whole page. A place may be the passage only when it is not a copy describe saw: for margin context, its
 * context differs by at most CLOSE_ERRORS edits (inserted whole blocks counting one each), or, without a block
 * twin, it agrees exactly up to a block edge on each side (its block moved); for legacy context, its outer part
 * shows as before. The best such place wins when it is clearly better than every other; a tie is broken by
 * structure and position together, or left as null. Quotes that had no copy keep the looser rules for moved
 * blocks and a minimum match score.
 */
import { cssPathFor, resolveCssPath } from './css-path';
import {
  commonPrefixLength,
  commonSuffixLength,
  type FitOptions,
  findCandidates,
  maxQuoteErrors,
  nearCopies,
  prefixEdits,
  prefixSimilarity,
  type ScoredMatch,
  type Span,
  suffixEdits,
  suffixSimilarity,
} from './fuzzy-match';
import type {
  CssSelector,
  RangeSelector,
  Selector,
  TextPositionSelector,
  TextQuoteSelector,
  XPathSelector,
} from './selectors';
import {
  domRangeOf,
  getTextIndex,
  invalidateTextIndex,
  normalizeText,
  pageTextSpan,
  type TextIndex,
  textOffsetOf,
} from './text-index';
import { pointAtTextOffset, resolveXPath, textOffsetInElement, xpathFor } from './xpath';

/**
 * Context grows past MIN_CONTEXT only when the passage has a twin (repeated paragraphs, menus listed twice), up
 * to MAX_CONTEXT. When even that does not tell the twins apart, describe records TWINNED_CONTEXT, which anchor()
 * reads as "only the recorded position may be trusted"; so does a legacy context of LEGACY_MAX (which did not
 * say whether it had told them apart).
 */
const MAX_CONTEXT = 496;
const TWINNED_CONTEXT = 504;
/**
 * Twinned, but every copy differed by at least one edit at MAX_CONTEXT on a side it could not take over (its
 * difference lies inside its own block, see sameInBlock): near-identical paragraphs told apart by a number.
 */
const TWINS_APART_CONTEXT = TWINNED_CONTEXT + 2;
/**
 * Twinned, and some copy could stand where the passage stood were the passage's blocks removed (describe removes
 * them from a copy of the text and measures): a block inserted next to the passage then reads exactly like the
 * passage's blocks gone, so nothing skipped as inserted may vouch for a place.
 */
const TWINNED_TAKEOVER = TWINNED_CONTEXT + 4;
const LEGACY_MAX = 512;
/** How far a twinned passage may have moved from its recorded position and still be taken as itself. */
const TWIN_POSITION_SLACK = 16;
/** Copies of a twinned quote looked at before giving up on telling by position which one moved. */
const MAX_TWINS_WEIGHED = 64;
/**
 * Equal candidates are told apart by position only when the nearest is this many times nearer the recorded
 * position than the next (plus NEAREST_SLACK characters): content inserted or removed elsewhere shifts the
 * passage, but rarely by more than the distance between twins.
 */
const NEAREST_RATIO = 4;
const NEAREST_SLACK = 16;
/** Characters by which context may agree beyond a block edge by chance (see agreesWithinBlockOnly). */
const CHANCE_AGREEMENT = 2;

/** Diagnostics: receives a line per decision anchor() makes (benchmarks' debugging aids set it). */
let tracer: ((line: string) => void) | null = null;
export function setAnchorTracer(fn: ((line: string) => void) | null): void {
  tracer = fn;
}

export interface DescribeOptions {
  /** The region the selection was made in (the article, one comment); null or absent for none. */
  scope?: Element | null;
}

const MIN_CONTEXT = 32;
/** Context width that records "32 characters told it apart, but the quote itself had a copy on the page". */
const COPY_MARK = MIN_CONTEXT + 1;

/** A quote long enough that an exact copy of it elsewhere on the page is no coincidence. */
function isDistinctive(exact: string): boolean {
  if (exact.length < 20) return false;
  let words = 1;
  let ideographs = 0;
  for (let i = 0; i < exact.length; i++) {
    const c = exact.charCodeAt(i);
    if (c === 32) words++;
    else if (c >= 0x2e80) ideographs++;
  }
  // Scripts written without spaces (Chinese, Japanese) count characters instead of words.
  return words >= 4 || ideographs >= 10;
}
/**
 * Context widths describe grows through until every other copy of the quote is told apart by margin (see
 * chooseContext). The widths say which rule made them: selectors stored before that rule (and those describe
 * makes for quotes with too many copies to weigh) grew through LEGACY_STEPS until quote + context was merely
 * unique, so a twin may differ from them by a single character.
 */
const CONTEXT_STEPS = [32, 40, 56, 80, 112, 160, 232, 336, MAX_CONTEXT, TWINNED_CONTEXT];
/** Widths the margin rule records: its steps and the two twin marks. */
const MARGIN_WIDTHS = [...CONTEXT_STEPS, TWINS_APART_CONTEXT, TWINNED_TAKEOVER];
const LEGACY_STEPS = [32, 48, 64, 96, 128, 192, 256, 384, LEGACY_MAX];
/** Context width that records "the quote has copies on the page, and 34 characters told them apart by margin". */
const COPY_MARK_MARGIN = MIN_CONTEXT + 2;
/** Width one more than a margin step: a copy read like the passage within its block on both sides. */
const BLOCK_TWIN_MARK = 1;

/** The context was chosen by the margin rule (see chooseContext), not by legacy uniqueness. */
function chosenWithMargin(widest: number): boolean {
  const step = widest - (blockTwinMarked(widest) ? BLOCK_TWIN_MARK : 0);
  return step === COPY_MARK_MARGIN || (step > COPY_MARK && MARGIN_WIDTHS.includes(step));
}

function blockTwinMarked(widest: number): boolean {
  const step = widest - BLOCK_TWIN_MARK;
  return step === COPY_MARK_MARGIN || (step > COPY_MARK && MARGIN_WIDTHS.includes(step));
}

/** The step before `widest`: the context that did not yet tell the passage from its twin. */
function innerStep(widest: number): number {
  const steps = chosenWithMargin(widest) ? CONTEXT_STEPS : LEGACY_STEPS;
  const w = widest - (blockTwinMarked(widest) ? BLOCK_TWIN_MARK : 0);
  let inner = MIN_CONTEXT;
  for (const step of steps) if (step < w) inner = step;
  return inner;
}

/**
 * Edits by which the recorded context tells the passage from any other copy of its quote (both sides together;
 * see chooseContext). Edits around the passage (a typo fixed, a word changed) then cannot make a copy look more
 * like the passage than the passage itself, and a copy that survives the passage's deletion is seen as one.
 */
const TWIN_MARGIN = 8;
/** The same, on one side alone, for a copy that could take over the passage's surroundings on the other. */
const SIDE_MARGIN = 6;
/**
 * Context edits (both sides together, see prefixEdits) a place may show and still be told from every copy
 * describe saw.
 */
const CLOSE_ERRORS = 4;
/** Up to this many copies are weighed again at every width; beyond, only those still close. */
const MAX_COPIES_REWEIGHED = 200;
/** Past the context, how far prefixEdits/suffixEdits may look across inserted runs (MAX_GAPS runs of at most
 * MAX_CONTEXT_GAP characters, in fuzzy-match.ts), rounded up. */
const GONE_REACH = 3000;
/** Beyond this many copies of a quote, describe falls back to plain uniqueness of quote + context. */
const MAX_COPIES_WEIGHED = 2000;

/** Starts of the other exact copies of `exact` in text, or null when there are too many to weigh. */
function copiesOf(text: string, exact: string, self: number): number[] | null {
  const out: number[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    if (i === self) continue;
    if (out.length >= MAX_COPIES_WEIGHED) return null;
    out.push(i);
  }
  return out;
}

function countUpTo(text: string, needle: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1 && n < limit; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) === 32) s++;
  while (e > s && text.charCodeAt(e - 1) === 32) e--;
  return { start: s, end: e };
}

function elementAround(node: Node): Element | null {
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

function pointSelector(root: Element, container: Node, offset: number): XPathSelector | null {
  const el = elementAround(container);
  if (!el || !root.contains(el)) return null;
  const path = xpathFor(root, el);
  if (path === null) return null;
  const k = textOffsetInElement(el, container, offset);
  return {
    type: 'XPathSelector',
    value: path,
    refinedBy: { type: 'TextPositionSelector', start: k, end: k },
  };
}

/** Reading-text span of an element inside root's index, without the spaces that stand for its boundaries. */
function elementSpan(index: TextIndex, el: Element): Span {
  return trimSpan(index.text, textOffsetOf(index, el, 0), textOffsetOf(index, el, el.childNodes.length));
}

/** Edits by which a place's context differs from the recorded one, each side apart. */
function sideErrors(
  text: string,
  fit: FitOptions,
  prefix: string,
  suffix: string,
  start: number,
  end: number,
  span: Span,
  limit: number,
): [number, number] {
  return [
    prefixEdits(text, prefix, start, span, withOther(fit, suffix, end), limit),
    suffixEdits(text, suffix, end, span, withOther(fit, prefix, start), limit),
  ];
}

/** Fit options for one side of a place, knowing its other side (see skippable in fuzzy-match.ts). */
function withOther(fit: FitOptions, expected: string, at: number): FitOptions {
  return { ...fit, other: { expected, at } };
}

/**
 * Whether the copy at `o` reads exactly like the passage at `start` from the quote back to the copy's nearest
 * block edge (`before`; the page's start counts), or from the quote's end on to it (`after`), within `n`
 * characters. Such a copy can take over the passage's surroundings on that side: remove the passage's block
 * (and whatever lies between) or move the blocks around (comments sorted differently) and the passage's old
 * neighbours may end up next to the copy, or a few blocks away, which prefixEdits reads as inserted blocks.
 * Without a block edge within `n`, nothing the context shows can change that way.
 */
function sameInBlock(
  index: TextIndex,
  start: number,
  end: number,
  copy: Span,
  n: number,
  side: 'before' | 'after',
): boolean {
  const { text } = index;
  const o = copy.start;
  const edges = index.blockEdge;
  if (!edges) return false;
  const isEdge = (i: number) => i < 0 || i >= text.length || edges[i] === 1;
  if (side === 'before') {
    for (let i = o - 1; i >= o - n - 1; i--) {
      if (isEdge(i)) {
        const a = o - 1 - i;
        return start - a >= 0 && text.slice(o - a, o) === text.slice(start - a, start);
      }
    }
    return false;
  }
  const oe = copy.end;
  for (let i = oe; i <= oe + n; i++) {
    if (isEdge(i)) {
      const b = i - oe;
      return text.slice(oe, oe + b) === text.slice(end, end + b);
    }
  }
  return false;
}

/** The page's text and block edges with the blocks holding text[start, end) removed (`cut`: where they began). */
function withoutBlocksOf(
  index: TextIndex,
  start: number,
  end: number,
): { text: string; edges: Uint8Array; cut: number; removed: number } {
  const { text } = index;
  const edges = index.blockEdge ?? new Uint8Array(text.length);
  let from = start;
  while (from > 0 && edges[from - 1] !== 1) from--;
  let to = end;
  while (to < text.length && edges[to] !== 1) to++;
  // Drop the edge after the blocks too, so the blocks on either side meet at one edge.
  const stop = Math.min(text.length, to + 1);
  const kept = new Uint8Array(text.length - (stop - from));
  kept.set(edges.subarray(0, from), 0);
  kept.set(edges.subarray(stop), from);
  return { text: text.slice(0, from) + text.slice(stop), edges: kept, cut: from, removed: stop - from };
}

/**
 * The context to record around text[start, end). Without another copy of the quote on the page: MIN_CONTEXT.
 * With copies (exact ones, and near ones: what anchor() could take for the quote were the passage gone):
 * COPY_MARK_MARGIN, or wider through CONTEXT_STEPS, until the context tells the passage from every copy by
 * TWIN_MARGIN edits, and, for a copy that could take over one side of the passage's surroundings were
 * the passage's block removed or the blocks re-ordered (see sameInBlock), by SIDE_MARGIN on the other side
 * alone. anchor() takes a place whose context differs by at most CLOSE_ERRORS:
 * never such a copy, whether the passage is still there or not. Each copy is weighed again at every width: a
 * wider context mostly adds differences, but its outer part may also turn up across a few inserted blocks
 * (see prefixEdits), which brings a copy closer.
 * With too many copies to weigh, LEGACY_STEPS until quote + context is unique, as before the margin rule.
 */
function chooseContext(
  index: TextIndex,
  start: number,
  end: number,
  region: Span | null,
): { prefix: string; suffix: string; width: number } {
  const { text } = index;
  const exact = text.slice(start, end);
  const around = (n: number) => ({
    prefix: text.slice(Math.max(0, start - n), start),
    suffix: text.slice(end, end + n),
    width: n,
  });
  const exactCopies = copiesOf(text, exact, start);
  if (exactCopies === null) {
    let ctx = around(MIN_CONTEXT);
    for (const step of LEGACY_STEPS) {
      ctx = around(step);
      if (countUpTo(text, ctx.prefix + exact + ctx.suffix, 2) <= 1) break;
    }
    return ctx;
  }
  const copies: Span[] = [
    ...exactCopies.map((o) => ({ start: o, end: o + exact.length })),
    ...nearCopies(text, exact, { start: 0, end: text.length }, start),
  ];
  if (copies.length === 0) return around(MIN_CONTEXT);
  const fit: FitOptions = { edges: index.blockEdge, quote: exact };
  // The page with the passage's blocks removed (the passage deleted): a copy must stay TWIN_MARGIN away there
  // too, where the passage's old neighbours may now border it (items that differ only by a date, the last one
  // removed: the one before it then reads like it but for the date).
  const gone = withoutBlocksOf(index, start, end);
  const goneFit: FitOptions = { edges: gone.edges, quote: exact };
  const goneSpan = { start: 0, end: gone.text.length };
  // Where an offset of the page stands in the page without the passage's blocks.
  const goneAt = (i: number) => (i >= gone.cut ? i - gone.removed : i);
  const closeWhenGone = (c: Span, p: string, q: string): boolean => {
    if (c.end > gone.cut && c.start < gone.cut + gone.removed) return false; // removed with the passage
    // Beyond what the context (with its inserted runs) can reach, the page reads as before: tooClose judged it.
    const reach = Math.max(p.length, q.length) + GONE_REACH;
    if (c.end + reach < gone.cut || c.start - reach > gone.cut + gone.removed) return false;
    const [pe, se] = sideErrors(
      gone.text,
      goneFit,
      p,
      q,
      goneAt(c.start),
      goneAt(c.end),
      goneSpan,
      TWIN_MARGIN,
    );
    return pe + se < TWIN_MARGIN;
  };
  let close = copies;
  let ctx = around(COPY_MARK_MARGIN);
  for (const step of CONTEXT_STEPS) {
    if (step === TWINNED_CONTEXT) break;
    const n = step === MIN_CONTEXT ? COPY_MARK_MARGIN : step;
    ctx = around(n);
    const { prefix, suffix } = ctx;
    // anchor() compares a place inside the region with the context clipped to the region.
    const clipped = region && {
      prefix: text.slice(Math.max(region.start, start - n), start),
      suffix: text.slice(end, Math.min(region.end, end + n)),
    };
    const tooClose = (c: Span, p: string, q: string, span: Span) => {
      const [pe, se] = sideErrors(text, fit, p, q, c.start, c.end, span, TWIN_MARGIN);
      if (pe + se < TWIN_MARGIN) return true;
      if (se < SIDE_MARGIN && sameInBlock(index, start, end, c, n, 'before')) return true;
      return pe < SIDE_MARGIN && sameInBlock(index, start, end, c, n, 'after');
    };
    close = (copies.length <= MAX_COPIES_REWEIGHED ? copies : close).filter(
      (c) =>
        tooClose(c, prefix, suffix, { start: 0, end: text.length }) ||
        closeWhenGone(c, prefix, suffix) ||
        (clipped !== null &&
          region !== null &&
          region.start <= c.start &&
          c.end <= region.end &&
          tooClose(c, clipped.prefix, clipped.suffix, region)),
    );
    if (close.length === 0) break;
  }
  if (close.length > 0) {
    const { prefix, suffix } = around(MAX_CONTEXT);
    const whole = { start: 0, end: text.length };
    // Told apart on a side it cannot take over: removing or moving blocks leaves that difference in place.
    const apart = (c: Span) => {
      const [pe, se] = sideErrors(text, { ...fit, gapEdits: 0 }, prefix, suffix, c.start, c.end, whole, 1);
      return (
        (pe > 0 && !sameInBlock(index, start, end, c, MAX_CONTEXT, 'before')) ||
        (se > 0 && !sameInBlock(index, start, end, c, MAX_CONTEXT, 'after'))
      );
    };
    // Were the passage's blocks removed, the copy would read like the passage on both sides (within
    // CLOSE_ERRORS, whole blocks skipped): it would stand where the passage stood.
    const takesOver = (c: Span) => {
      const [pe, se] = sideErrors(
        gone.text,
        { ...goneFit, gapEdits: 0 },
        prefix,
        suffix,
        goneAt(c.start),
        goneAt(c.end),
        goneSpan,
        CLOSE_ERRORS + 1,
      );
      return pe + se <= CLOSE_ERRORS;
    };
    ctx = around(
      close.some(takesOver) ? TWINNED_TAKEOVER : close.every(apart) ? TWINS_APART_CONTEXT : TWINNED_CONTEXT,
    );
  }
  // One character more records that some copy reads exactly like the passage within its block on both sides (a
  // block twin): anchor() may then not take a block that moved (context agreeing up to its block edges and
  // changing beyond) as the passage.
  const n = ctx.width;
  // Near copies differ inside the quote, so they never read like the passage's block.
  if (
    exactCopies.some(
      (o) =>
        sameInBlock(index, start, end, { start: o, end: o + exact.length }, n + 1, 'before') &&
        sameInBlock(index, start, end, { start: o, end: o + exact.length }, n + 1, 'after'),
    )
  ) {
    return around(n + BLOCK_TWIN_MARK);
  }
  return ctx;
}

/**
 * Selectors for `range`, relative to `root` (normally document.body). Empty when the range holds no reading
 * text (only whitespace, or only hidden content).
 */
export function describe(root: Element, range: Range, options: DescribeOptions = {}): Selector[] {
  const index = getTextIndex(root);
  const { text } = index;
  const span = trimSpan(
    text,
    textOffsetOf(index, range.startContainer, range.startOffset),
    textOffsetOf(index, range.endContainer, range.endOffset),
  );
  if (span.start >= span.end) return [];
  const { start, end } = span;
  const exact = text.slice(start, end);

  const scope = options.scope;
  let value: string | null = null;
  let region: Span | null = null;
  if (scope && scope !== root && root.contains(scope)) {
    value = cssPathFor(root, scope);
    const r = elementSpan(index, scope);
    if (value && r.start <= start && end <= r.end) region = r;
  }
  const { prefix, suffix, width } = chooseContext(index, start, end, region);
  const quote: TextQuoteSelector = { type: 'TextQuoteSelector', exact, prefix, suffix };
  // The page's text ends within the width on both sides: the width, which carries the margin rule's marks,
  // would be lost.
  if (Math.max(prefix.length, suffix.length) < width) quote['gloss:contextWidth'] = width;
  if (width - (blockTwinMarked(width) ? BLOCK_TWIN_MARK : 0) === TWINNED_TAKEOVER)
    quote['gloss:copies'] = countUpTo(text, exact, MAX_COPIES_WEIGHED + 1);
  const selectors: Selector[] = [quote, { type: 'TextPositionSelector', start, end }];

  const textRange = domRangeOf(index, start, end);
  if (textRange) {
    const startSel = pointSelector(root, textRange.startContainer, textRange.startOffset);
    const endSel = pointSelector(root, textRange.endContainer, textRange.endOffset);
    if (startSel && endSel)
      selectors.push({ type: 'RangeSelector', startSelector: startSel, endSelector: endSel });
  }

  if (value && region) {
    const n = width;
    selectors.push(
      {
        type: 'CssSelector',
        value,
        refinedBy: {
          type: 'TextQuoteSelector',
          exact,
          prefix: text.slice(Math.max(region.start, start - n), start),
          suffix: text.slice(end, Math.min(region.end, end + n)),
        },
      },
      {
        type: 'CssSelector',
        value,
        refinedBy: { type: 'TextPositionSelector', start: start - region.start, end: end - region.start },
      },
    );
  }
  return selectors;
}

/**
 * The context width describe chose: the longer side, or the width it recorded where the page's text ended
 * within it on both sides. A recorded width the context contradicts (a side as long or longer) is ignored.
 */
function recordedWidth(quote: TextQuoteSelector, want: Expected): number {
  const shown = Math.max(want.prefix.length, want.suffix.length);
  const w = quote['gloss:contextWidth'];
  return typeof w === 'number' && Number.isInteger(w) && w > shown && w <= LEGACY_MAX ? w : shown;
}

function collapseContext(s: string | undefined): string {
  return s ? normalizeText(s, false) : '';
}

interface ParsedSelectors {
  quote: TextQuoteSelector | null;
  position: TextPositionSelector | null;
  range: RangeSelector | null;
  region: { value: string; quote: TextQuoteSelector | null; position: TextPositionSelector | null } | null;
}

function parseSelectors(selectors: Selector[]): ParsedSelectors {
  const out: ParsedSelectors = { quote: null, position: null, range: null, region: null };
  for (const sel of selectors) {
    if (!sel || typeof sel !== 'object') continue;
    if (sel.type === 'TextQuoteSelector' && !out.quote) out.quote = sel;
    else if (sel.type === 'TextPositionSelector' && !out.position) out.position = sel;
    else if (sel.type === 'RangeSelector' && !out.range) out.range = sel;
    else if (sel.type === 'CssSelector' && typeof sel.value === 'string') {
      const css = sel as CssSelector;
      if (!out.region) out.region = { value: css.value, quote: null, position: null };
      if (out.region.value !== css.value) continue;
      const refined = css.refinedBy;
      if (refined?.type === 'TextQuoteSelector' && !out.region.quote) out.region.quote = refined;
      if (refined?.type === 'TextPositionSelector' && !out.region.position) out.region.position = refined;
    }
  }
  return out;
}

function resolvePoint(index: TextIndex, root: Element, sel: Selector): number | null {
  if (sel.type !== 'XPathSelector') return null;
  const el = resolveXPath(root, sel.value);
  const refined = sel.refinedBy;
  if (!el || refined?.type !== 'TextPositionSelector') return null;
  const point = pointAtTextOffset(el, refined.start);
  if (!point) return null;
  return textOffsetOf(index, point.node, point.offset);
}

interface Expected {
  exact: string;
  prefix: string;
  suffix: string;
}

/** Fast paths may skip the search only when the text at the spot and the text around it are as recorded. */
function agreesAt(text: string, want: Expected, start: number, contextSpan: Span): boolean {
  if (text.slice(start, start + want.exact.length) !== want.exact) return false;
  return (
    prefixSimilarity(text, want.prefix, start, contextSpan) >= 0.9 &&
    suffixSimilarity(text, want.suffix, start + want.exact.length, contextSpan) >= 0.9
  );
}

/** How much inserted text (an ad, a "related" box) may sit between a passage and its recorded outer context. */
const MAX_INSERTED_GAP = 400;

/**
 * The recorded prefix, cut at a block boundary that lies in the part agreeing right up to the quote, with
 * the rest found intact ending at another block boundary a little further back: whole blocks were inserted
 * in between. The part beyond the cut must match exactly, so a twin whose outer context differs still fails.
 */
function prefixAcrossBlocks(index: TextIndex, prefix: string, start: number): boolean {
  const { text } = index;
  const edge = index.blockEdge;
  if (!edge) return false;
  const L = prefix.length;
  let near = 0;
  while (near < L && near < start && text.charCodeAt(start - 1 - near) === prefix.charCodeAt(L - 1 - near))
    near++;
  for (let i = start - 1; i >= start - near && i >= 0; i--) {
    if (!edge[i]) continue;
    const rest = prefix.slice(0, L - (start - i)).trimEnd();
    if (rest.trim().length === 0) return true;
    // The rest ends right before a block-boundary space, at most MAX_INSERTED_GAP before the cut.
    for (
      let at = text.lastIndexOf(rest, i - 1 - rest.length);
      at !== -1;
      at = text.lastIndexOf(rest, at - 1)
    ) {
      const e = at + rest.length;
      if (i - e > MAX_INSERTED_GAP) break;
      // The outer text must say where it belongs: repeated text (lorem ipsum, twin paragraphs) is found across
      // a "gap" made of the page's own blocks just as well.
      if (e < i && edge[e]) return countUpTo(text, rest, 2) === 1;
      if (at === 0) break;
    }
  }
  return false;
}

/** Mirror of prefixAcrossBlocks for the suffix starting at `end`. */
function suffixAcrossBlocks(index: TextIndex, suffix: string, end: number): boolean {
  const { text } = index;
  const edge = index.blockEdge;
  if (!edge) return false;
  const L = suffix.length;
  let near = 0;
  while (near < L && end + near < text.length && text.charCodeAt(end + near) === suffix.charCodeAt(near))
    near++;
  for (let i = end; i < end + near; i++) {
    if (!edge[i]) continue;
    const rest = suffix.slice(i - end + 1).trimStart();
    if (rest.trim().length === 0) return true;
    for (let at = text.indexOf(rest, i + 1); at !== -1; at = text.indexOf(rest, at + 1)) {
      if (at - i > MAX_INSERTED_GAP) break;
      if (at > i && edge[at - 1]) return countUpTo(text, rest, 2) === 1;
    }
  }
  return false;
}

/**
 * Describe grows the context step by step until quote+context is unique on the page. A context of step k means
 * some twin agreed on step k-1: only the outer part (beyond step k-1) tells the passage from that twin, so a
 * match must show that outer part exactly, near where it belongs (or, when that outer text occurs once on the
 * page, beyond a few whole inserted blocks), or it may
 * be the twin (say, the passage was deleted and its twin remains). A fuzzy score over the whole context cannot
 * tell: the twin scores ~0.9.
 */
function outerContextAgrees(
  index: TextIndex,
  want: Expected,
  start: number,
  end: number,
  memo: { twinPresent?: boolean } = {},
  acrossBlocks = true,
): boolean {
  const { text } = index;
  const n = Math.max(want.prefix.length, want.suffix.length);
  if (n <= COPY_MARK) return true;
  const inner = innerStep(n);
  const slack = Math.ceil(n / 8) + 4;
  // Skipping inserted blocks is allowed only while the twin that made describe widen the context is still on
  // the page: with it gone (the passage deleted, say), the spot found may be that twin, with the passage's old
  // outer context a few blocks before it.
  const acrossBlocksAllowed = () => {
    if (!acrossBlocks) return false;
    memo.twinPresent ??=
      countUpTo(text, want.prefix.slice(-inner) + want.exact + want.suffix.slice(0, inner), 2) >= 2;
    return memo.twinPresent;
  };
  const prefixOuter = want.prefix.slice(0, Math.max(0, want.prefix.length - inner));
  if (prefixOuter.trim().length > 0) {
    const window = text.slice(
      Math.max(0, start - want.prefix.length - slack),
      Math.max(0, start - inner + slack),
    );
    if (
      !window.includes(prefixOuter) &&
      !(acrossBlocksAllowed() && prefixAcrossBlocks(index, want.prefix, start))
    ) {
      return false;
    }
  }
  const suffixOuter = want.suffix.slice(Math.min(inner, want.suffix.length));
  if (suffixOuter.trim().length > 0) {
    const window = text.slice(end + Math.max(0, inner - slack), end + want.suffix.length + slack);
    if (
      !window.includes(suffixOuter) &&
      !(acrossBlocksAllowed() && suffixAcrossBlocks(index, want.suffix, end))
    ) {
      return false;
    }
  }
  return true;
}

/** Minimum quote similarity: at most maxQuoteErrors edits. */
function minQuoteScore(length: number): number {
  return 1 - maxQuoteErrors(length) / length - 1e-9;
}

/** Whether normalised offset `i` sits on a block boundary (or the edge of the text) of the page. */
function isBoundary(index: TextIndex, i: number): boolean {
  return i < 0 || i >= index.text.length || index.charNode[i] === -1 || index.blockEdge?.[i] === 1;
}

/**
 * The recorded context meets itself somewhere on the page with nothing in between: the passage was deleted
 * from there. Whatever else matches is a lookalike.
 */
function passageRemoved(text: string, want: Expected): boolean {
  const before = want.prefix.slice(-24);
  const after = want.suffix.slice(0, 24);
  if (before.trim().length < 12 || after.trim().length < 12) return false;
  return text.includes(before + after) || text.includes(`${before.trimEnd()} ${after.trimStart()}`);
}

/** Context edits next to an end that still show the end where the quote says (an edit right at the end). */
const END_SLACK = 2;

/**
 * A fuzzy match whose errors sit at one end of the quote, where the context does not adjoin it either (`sides`:
 * context edits before and after), has probably slid over inserted text (an ad between the two blocks of a
 * passage): its start or end is a guess.
 */
function endsHold(text: string, c: ScoredMatch, want: Expected, sides: [number, number]): boolean {
  if (c.errors === 0) return true;
  const h = Math.max(2, Math.min(8, Math.floor(want.exact.length / 4)));
  // An edited end may shift the alignment by as many characters as there are errors.
  const e = c.errors;
  const near = (needle: string, at: number): boolean =>
    needle.length > 0 && text.slice(Math.max(0, at - e), at + e + needle.length).includes(needle);
  const headOk =
    sides[0] <= END_SLACK ||
    near(want.exact.slice(0, h), c.start) ||
    near(want.prefix.slice(-h), c.start - h);
  const tailOk =
    sides[1] <= END_SLACK || near(want.exact.slice(-h), c.end - h) || near(want.suffix.slice(0, h), c.end);
  return headOk && tailOk;
}

/**
 * Whether a candidate may be the passage on its own merits, whatever else is on the page. `strict` asks for the
 * context on both sides, used when the match would lie outside the region the passage was made in. `knownCopy`:
 * describe saw another copy of the quote (by margin: it differed by SIDE_MARGIN edits on each side), so a place whose
 * context differs by more than CLOSE_ERRORS may be that copy and is taken only where its context agrees on both
 * sides, not on the looser rules a quote that was unique gets.
 */
function acceptableAlone(
  index: TextIndex,
  c: ScoredMatch,
  want: Expected,
  strict: boolean,
  knownCopy: boolean,
  sides: [number, number],
): boolean {
  if (c.quoteScore < minQuoteScore(want.exact.length)) return false;
  if (!endsHold(index.text, c, want, sides)) return false;
  const p = c.prefixScore;
  const s = c.suffixScore;
  const floor = strict ? 0.75 : 0.5;
  if (sides[0] + sides[1] <= CLOSE_ERRORS && p >= floor && s >= floor) return true;
  if (knownCopy) return false;
  if (p >= floor && s >= floor && p + s >= (strict ? 1.7 : 1.4)) return true;
  // One side agrees fully and the other changes exactly at a block boundary: the passage's block moved
  // (re-ordered, or something inserted next to it). A lookalike elsewhere rarely shares 32+ characters of
  // context right up to the quote.
  if (strict || c.quoteScore < 0.9) return false;
  const suffixCut = want.suffix.startsWith(' ') && isBoundary(index, c.end);
  const prefixCut = want.prefix.endsWith(' ') && isBoundary(index, c.start - 1);
  if (
    (p >= 0.95 && want.prefix.length >= 24 && suffixCut) ||
    (s >= 0.95 && want.suffix.length >= 24 && prefixCut)
  ) {
    return true;
  }
  // The context agrees up to a block boundary and changes beyond it, on one side or both: the passage's
  // block moved (comments sorted differently). Taken only for an exact quote that has no copy on the page
  // now and had none when it was described: describe widens the context past MIN_CONTEXT for a distinctive
  // quote with a copy, so a deleted passage cannot fall back on a copy (a comment quoting it) that existed
  // all along. Quotes too short to be distinctive get no such record and stay orphaned.
  return (
    c.quoteScore === 1 &&
    isDistinctive(want.exact) &&
    want.prefix.length <= MIN_CONTEXT &&
    want.suffix.length <= MIN_CONTEXT &&
    (p >= 0.9 || prefixBreaksAtBlock(index, want.prefix, c.start)) &&
    (s >= 0.9 || suffixBreaksAtBlock(index, want.suffix, c.end)) &&
    countUpTo(index.text, want.exact, 2) === 1
  );
}

/**
 * Whether `m` is clearly the better place than `r`: by score, by context agreeing on both sides and much better,
 * or by fewer edits (quote and context together) than describe's margin could hide. A short quote with one edit
 * loses 0.05 to any exact copy on quote score alone, so scores by themselves cannot tell.
 */
function clearlyBetter(m: ScoredMatch, r: ScoredMatch, edits: (c: ScoredMatch) => number): boolean {
  if (r.score < m.score - 0.05) return true;
  if (
    m.prefixScore >= 0.9 &&
    m.suffixScore >= 0.9 &&
    m.prefixScore + m.suffixScore >= r.prefixScore + r.suffixScore + 0.25
  ) {
    return true;
  }
  return m.errors + edits(m) + CLOSE_ERRORS <= r.errors + edits(r);
}

/** The recorded prefix agrees with the text right before `start` back to a block boundary, and no further. */
function prefixBreaksAtBlock(index: TextIndex, prefix: string, start: number): boolean {
  const { text } = index;
  const L = prefix.length;
  let near = 0;
  while (near < L && near < start && text.charCodeAt(start - 1 - near) === prefix.charCodeAt(L - 1 - near))
    near++;
  for (let i = Math.max(0, start - near - 1); i < start; i++) if (isBoundary(index, i)) return true;
  return start === 0;
}

/** Mirror of prefixBreaksAtBlock for the text from `end`. */
function suffixBreaksAtBlock(index: TextIndex, suffix: string, end: number): boolean {
  const { text } = index;
  let near = 0;
  while (
    near < suffix.length &&
    end + near < text.length &&
    text.charCodeAt(end + near) === suffix.charCodeAt(near)
  )
    near++;
  for (let i = end; i <= Math.min(text.length - 1, end + near); i++) if (isBoundary(index, i)) return true;
  return end >= text.length;
}

export type AnchorMethod =
  | 'quote'
  | 'range'
  | 'position'
  | 'region-position'
  | 'region-search'
  | 'page-search';

/** Where the passage is in the page's text index (normalised offsets), and how it was found. */
export interface Location {
  method: AnchorMethod;
  start: number;
  end: number;
}

export interface AnchorResult extends Location {
  range: Range;
}

/** anchor() with the reason it succeeded, for diagnostics and benchmarks. */
export function anchorWithDetails(root: Element, selectors: Selector[]): AnchorResult | null {
  const found = locate(root, selectors);
  const range = found && rangeAt(root, found);
  return range ? { ...found, range } : null;
}

/**
 * The DOM Range for a location locate() found on the page as it is now (the index is cached per root). Apart
 * from locate() so benchmarks can time the search apart from the DOM's own Range bookkeeping, which jsdom does
 * by walking the rest of the document.
 */
export function rangeAt(root: Element, found: Location): Range | null {
  return domRangeOf(getTextIndex(root), found.start, found.end);
}

/** Finds the passage the selectors describe, as offsets into the page's text index; null when not for sure. */
export function locate(root: Element, selectors: Selector[]): Location | null {
  const parsed = parseSelectors(selectors);
  const quoteSel = parsed.quote ?? parsed.region?.quote ?? null;
  if (!quoteSel || typeof quoteSel.exact !== 'string') return null;
  const exact = normalizeText(quoteSel.exact);
  if (!exact) return null;
  const want: Expected = {
    exact,
    prefix: collapseContext(quoteSel.prefix),
    suffix: collapseContext(quoteSel.suffix),
  };

  const index = getTextIndex(root);
  const { text } = index;
  const whole: Span = { start: 0, end: text.length };
  const fit: FitOptions = { edges: index.blockEdge, quote: exact };
  // Edits between the recorded context (the page's, or the region's: `w` and `span`) and the text around a place,
  // each side apart (see prefixEdits; a result of `limit` or more says only "at least that").
  const sideMemo = new Map<string, [number, number, number]>();
  const sidesAt = (
    start: number,
    end: number,
    w: Expected = want,
    span: Span = whole,
    limit = 2 * TWIN_MARGIN,
  ): [number, number] => {
    const key = `${w === want ? '' : 'r'}${span.start},${span.end}:${start},${end}`;
    let v = sideMemo.get(key);
    if (!v || v[2] < limit) {
      v = [
        prefixEdits(text, w.prefix, start, span, withOther(fit, w.suffix, end), limit),
        suffixEdits(text, w.suffix, end, span, withOther(fit, w.prefix, start), limit),
        limit,
      ];
      sideMemo.set(key, v);
    }
    return [v[0], v[1]];
  };
  // Whether the context around a place differs by at most CLOSE_ERRORS edits (cheaper than sidesAt).
  const closeMemo = new Map<string, boolean>();
  const closeAt = (start: number, end: number, w: Expected, span: Span): boolean => {
    const key = `${w === want ? '' : 'r'}${span.start},${span.end}:${start},${end}`;
    let v = closeMemo.get(key);
    if (v === undefined) {
      const pe = prefixEdits(text, w.prefix, start, span, withOther(fit, w.suffix, end), CLOSE_ERRORS + 1);
      v =
        pe <= CLOSE_ERRORS &&
        pe + suffixEdits(text, w.suffix, end, span, withOther(fit, w.prefix, start), CLOSE_ERRORS + 1 - pe) <=
          CLOSE_ERRORS;
      closeMemo.set(key, v);
    }
    return v;
  };
  // Describe could not tell this passage from a twin even with the widest context: with one twin gone (or
  // the passage deleted), the other would agree on everything, so only the recorded position can tell.
  const widest = recordedWidth(quoteSel, want);
  const inner = innerStep(widest);
  const margin = chosenWithMargin(widest);
  const blockTwin = blockTwinMarked(widest);
  const twinned = widest >= (margin ? TWINNED_CONTEXT : LEGACY_MAX);
  const twinsApart = margin && widest - (blockTwin ? BLOCK_TWIN_MARK : 0) === TWINS_APART_CONTEXT;
  const takeover = margin && widest - (blockTwin ? BLOCK_TWIN_MARK : 0) === TWINNED_TAKEOVER;
  const isEdge = (i: number) => i < 0 || i >= text.length || index.blockEdge?.[i] === 1;
  /**
   * How far the recorded context agrees exactly beyond the place's nearest block edge, each side: Infinity when
   * all of that side agrees; 0 or more when the edge lies inside the agreeing part, where the recorded context
   * has the space that stood for a block edge of the passage's too; -1 when the edge is the first character that
   * differs (the recorded text runs on there: "important an|d serious"); null without an edge there. The span's
   * ends count as edges, inside the agreeing part where the recorded context has a space there.
   */
  const agreementPastEdges = (
    start: number,
    end: number,
    w: Expected,
    span: Span,
  ): [number | null, number | null] => {
    const p = w.prefix;
    const k = commonSuffixLength(p, text.slice(Math.max(span.start, start - p.length), start));
    let before: number | null = k === p.length ? Number.POSITIVE_INFINITY : null;
    for (let i = start - 1; before === null && i >= start - k; i--) if (isEdge(i)) before = i - (start - k);
    if (before === null && start - k === span.start) before = p.charCodeAt(p.length - k - 1) === 32 ? 0 : -1;
    if (before === null && isEdge(start - k - 1)) before = -1;
    const q = w.suffix;
    const j = commonPrefixLength(q, text.slice(end, Math.min(span.end, end + q.length)));
    let after: number | null = j === q.length ? Number.POSITIVE_INFINITY : null;
    for (let i = end; after === null && i < end + j; i++) if (isEdge(i)) after = end + j - 1 - i;
    if (after === null && end + j === span.end) after = q.charCodeAt(j) === 32 ? 0 : -1;
    if (after === null && isEdge(end + j)) after = -1;
    return [before, after];
  };
  /**
   * Margin context, no block twin recorded: the quote is exact and its context agrees exactly up to a block edge
   * on each side (or all the way), whatever lies beyond: its block moved, or whole blocks were inserted next to
   * it. Any copy describe saw differed within its block on one side at least (see sameInBlock). A block that
   * starts or ends where the recorded text runs on (-1 in agreementPastEdges) holds a piece cut from the
   * passage's text (a related box quoting it), not the passage's block.
   */
  const movedBlockAt = (start: number, end: number, w: Expected, span: Span): boolean => {
    if (!margin || blockTwin || text.slice(start, end) !== exact) return false;
    const [before, after] = agreementPastEdges(start, end, w, span);
    return before !== null && before >= 0 && after !== null && after >= 0;
  };
  /**
   * The recorded context agrees exactly with the text around the place up to the place's own block edges and no
   * further (CHANCE_AGREEMENT aside) on both sides: all it shows beyond them is found, if at all, across
   * inserted runs, which blocks moved next to a block twin show as well.
   */
  const agreesWithinBlockOnly = (start: number, end: number, w: Expected, span: Span): boolean => {
    const within = (n: number | null) => n !== null && n <= CHANCE_AGREEMENT;
    const [before, after] = agreementPastEdges(start, end, w, span);
    return within(before) && within(after);
  };
  const recorded = parsed.position && Number.isFinite(parsed.position.start) ? parsed.position.start : null;
  /**
   * A twinned passage away from its recorded position (ads inserted before it, a copy added earlier) is still
   * itself when the structure names exactly this place and all of the recorded context is there (contextWhole).
   * Its twin taking the passage's place after a deletion shows the deleted text missing from the context (a
   * removed stretch holding the quote does not count as removed blocks); where it does not (the whole stretch
   * repeats), it also sits at the recorded position, which the slack above accepts anyway.
   */
  const twinKeptItsPlace = (start: number, end: number, w: Expected, span: Span): boolean => {
    if (!margin) return false;
    const st = structural();
    if (!st || st.start !== start || st.end !== end) return false;
    if (!contextWhole(start, end, w, span)) return false;
    // Twins told apart that now show the same context: one changed to read like the passage; say nothing.
    return !twinsApart || twinsAround(start, w, span)?.whole === false;
  };
  /**
   * All of the recorded context is there, but for whole blocks inserted in it or removed from it (removed ones
   * holding no copy of the quote: see removedRunBefore in fuzzy-match.ts).
   */
  const contextWhole = (start: number, end: number, w: Expected, span: Span): boolean => {
    const whole = { ...fit, gapEdits: 0 };
    return (
      prefixEdits(text, w.prefix, start, span, withOther(whole, w.suffix, end), 1) === 0 &&
      suffixEdits(text, w.suffix, end, span, withOther(whole, w.prefix, start), 1) === 0
    );
  };
  /**
   * Twinned, but not so that a twin would take the passage's place were it removed (TWINNED_CONTEXT,
   * TWINS_APART_CONTEXT), the structure no help (a block inserted among the passage's siblings shifts its path
   * onto a twin): the passage moved with everything after an insertion when this is the one place showing all
   * of the recorded context, and by far the nearest copy of the quote to the recorded position among the twins
   * (copies in other surroundings altogether do not count). Every copy describe saw differed somewhere in the
   * widest context, and describe made sure that removing the passage's blocks brings none of them within
   * CLOSE_ERRORS (else TWINNED_TAKEOVER); where every copy differed inside its own block (TWINS_APART_CONTEXT),
   * no removal or move of blocks can change that at all. So the passage gone leaves no place showing all of it.
   */
  const soleWholeNearest = (start: number, end: number, w: Expected, span: Span): boolean => {
    if (!margin || takeover || w !== want || recorded === null || text.slice(start, end) !== exact)
      return false;
    if (!contextWhole(start, end, w, span)) return false;
    const twins = twinsAround(start, w, span);
    if (!twins || twins.whole) return false;
    const d = Math.abs(start - recorded);
    return twins.starts.every((i) => Math.abs(i - recorded) >= NEAREST_RATIO * d + NEAREST_SLACK);
  };
  /**
   * The other copies of the exact quote in `span` that are twins of the place at `start` (copies in other
   * surroundings altogether, a pull quote, are not), and whether any of them shows all of the recorded context;
   * null when there are too many to weigh.
   */
  const twinsAround = (
    start: number,
    w: Expected,
    span: Span,
  ): { starts: number[]; whole: boolean } | null => {
    const starts: number[] = [];
    let whole = false;
    let seen = 0;
    for (
      let i = text.indexOf(exact, span.start);
      i !== -1 && i + exact.length <= span.end;
      i = text.indexOf(exact, i + 1)
    ) {
      if (i === start) continue;
      if (++seen > MAX_TWINS_WEIGHED) return null;
      const [pe, se] = sidesAt(i, i + exact.length, w, span);
      if (pe + se >= 2 * TWIN_MARGIN) continue;
      starts.push(i);
      whole ||= contextWhole(i, i + exact.length, w, span);
    }
    return { starts, whole };
  };
  /**
   * TWINNED_TAKEOVER: at the recorded position, where the structure (if it resolves) names no other place,
   * with the recorded context next to it, a few edits aside and nothing skipped as inserted. A twin standing in
   * for the removed passage would agree on all of that only where the whole stretch repeats to the character.
   */
  const plainTwinAt = (start: number, end: number, w: Expected, span: Span): boolean => {
    if (recorded === null || Math.abs(start - recorded) > TWIN_POSITION_SLACK) return false;
    const st = structural();
    // Raw offsets inside the named elements shift when whitespace is re-flowed: naming another place counts.
    if (st !== null && (st.end <= start || st.start >= end)) return false;
    const plain: FitOptions = { quote: exact };
    const pe = prefixEdits(text, w.prefix, start, span, plain, CLOSE_ERRORS + 1);
    return (
      pe <= CLOSE_ERRORS &&
      pe + suffixEdits(text, w.suffix, end, span, plain, CLOSE_ERRORS + 1) <= CLOSE_ERRORS
    );
  };
  /**
   * TWINNED_TAKEOVER: the quote stands on the page at least as often as when described, counting the place at
   * `start` (edited, it is no exact copy). One copy fewer and the page reads the same whether the passage or a
   * twin was removed (identical paragraphs in a row, one cut: the next slides into its place, structure and
   * position included).
   */
  const recordedCopies = quoteSel['gloss:copies'];
  let exactCopiesNow: number | undefined;
  const copiesKept = (start: number, end: number): boolean => {
    if (typeof recordedCopies !== 'number' || !Number.isInteger(recordedCopies) || recordedCopies < 1)
      return true;
    exactCopiesNow ??= countUpTo(text, exact, recordedCopies);
    return exactCopiesNow + (text.slice(start, end) === exact ? 0 : 1) >= recordedCopies;
  };
  const outerMemo: { twinPresent?: boolean } = {};
  /**
   * Whether the spot may be the passage at all, whatever its score (not a copy describe told apart). Margin
   * context: it differs by no more than CLOSE_ERRORS edits (every copy differed by TWIN_MARGIN, or by SIDE_MARGIN
   * on the side it could not take over), or its block moved (movedBlockAt). Legacy context: its outer part shows
   * (see outerContextAgrees); fast paths (structure, position) accept near-agreeing context (0.9), so they get no
   * gap skipping there: a shifted path can land on a twin whose outer context sits a block or two away.
   * Inside the region the passage was made in, the region's context (clipped to it) is the one to compare (`w`,
   * `span`): a comment moved among the others keeps its own text, not its neighbours'.
   */
  const possible = (
    start: number,
    end: number,
    acrossBlocks = true,
    w: Expected = want,
    span: Span = whole,
  ): boolean => {
    if (takeover) return copiesKept(start, end) && plainTwinAt(start, end, w, span);
    if (
      twinned &&
      (recorded === null || Math.abs(start - recorded) > TWIN_POSITION_SLACK) &&
      !twinKeptItsPlace(start, end, w, span) &&
      !soleWholeNearest(start, end, w, span)
    )
      return false;
    // The outer part found somewhere near is no proof here: in repetitive text it turns up a few characters
    // off, at the twin's place too. The margin rule gives a sharper test.
    if (margin) return movedBlockAt(start, end, w, span) || closeAt(start, end, w, span);
    return outerContextAgrees(index, want, start, end, outerMemo, acrossBlocks);
  };
  const result = (
    start: number,
    end: number,
    method: AnchorMethod,
    w: Expected = want,
    span: Span = whole,
  ): Location | null => {
    const searched = method === 'region-search' || method === 'page-search';
    if (!possible(start, end, searched, w, span)) {
      tracer?.(`${method} ${start},${end}: not possible`);
      return null;
    }
    tracer?.(`${method} ${start},${end}: context edits ${sidesAt(start, end, w, span)}`);
    return pageTextSpan(index, start, end) ? { method, start, end } : null;
  };
  // Legacy selectors: the context describe found too short to tell the twins apart (the step before the
  // widest). A spot showing all of it exactly, but failing the outer check, is such a twin.
  const innerPrefix = want.prefix.slice(-inner);
  const innerSuffix = want.suffix.slice(0, inner);
  const knownTwin = (c: ScoredMatch): boolean =>
    c.errors === 0 &&
    text.slice(Math.max(0, c.start - innerPrefix.length), c.start) === innerPrefix &&
    text.slice(c.end, c.end + innerSuffix.length) === innerSuffix;
  // Describe saw another copy of the quote: the context was marked (COPY_MARK) or widened.
  const knownCopy = widest >= COPY_MARK;

  // Where the RangeSelector's endpoints fall now: the structural fast path, and a hint that breaks ties between
  // equal candidates. Resolved on first use: mapping DOM points to text offsets is not free.
  let structuralDone = false;
  let structuralSpan: Span | null = null;
  const structural = (): Span | null => {
    if (structuralDone) return structuralSpan;
    structuralDone = true;
    if (parsed.range) {
      const s = resolvePoint(index, root, parsed.range.startSelector);
      const e = resolvePoint(index, root, parsed.range.endSelector);
      if (s !== null && e !== null && s < e) structuralSpan = trimSpan(text, s, e);
    }
    return structuralSpan;
  };

  /**
   * The candidate in `span` that is the passage, or null. Candidates that may not be the passage at all (a copy
   * told apart at describe) never win; the best of the rest wins when it is clearly better than every other
   * place. A tie between places is broken by structure (the RangeSelector points at exactly one of them) and
   * position (one is far nearer the recorded position than any other): either may decide alone, but when both
   * name a place they must name the same one, and it must be acceptable on its own. Legacy context: a known twin
   * neither wins nor makes the choice ambiguous; any other competitor counts, even one failing the outer check,
   * for it may be the passage itself with its surroundings changed.
   */
  const search = (
    w: Expected,
    span: Span,
    hint: number | undefined,
    strictAt: (c: ScoredMatch) => boolean,
  ): ScoredMatch | null => {
    const local = w !== want;
    const sides = (c: ScoredMatch) => sidesAt(c.start, c.end, w, span);
    const editsAt = (c: ScoredMatch) => {
      const [pe, se] = sides(c);
      return pe + se;
    };
    const ctx = { prefix: w.prefix, suffix: w.suffix, hint, edges: index.blockEdge };
    const all = findCandidates(text, exact, ctx, span);
    const verdict = new Map<ScoredMatch, boolean>();
    const ok = (c: ScoredMatch) => {
      let v = verdict.get(c);
      if (v === undefined) {
        v = local ? possible(c.start, c.end, true, w, span) : possible(c.start, c.end);
        verdict.set(c, v);
      }
      return v;
    };
    const match = all.find(ok);
    if (!match) {
      tracer?.(`search [${span.start},${span.end}): no possible candidate among ${all.length}`);
      return null;
    }
    // The recorded context meets itself with nothing in between: the passage was deleted there, and whatever
    // matches elsewhere, however well (a twin paragraph, a copy clipped at the page's end), is a lookalike.
    if (passageRemoved(text, w)) return null;
    const alone = (c: ScoredMatch) =>
      ok(c) &&
      (acceptableAlone(index, c, w, strictAt(c), knownCopy, sides(c)) ||
        (!strictAt(c) && movedBlockAt(c.start, c.end, w, span)));
    const group: ScoredMatch[] = [match];
    for (const c of all) {
      if (clearlyBetter(match, c, editsAt) || group.some((g) => c.start < g.end && g.start < c.end)) continue;
      // With the margin rule, a place failing `possible` differs from the recorded context by more edits than
      // the passage could show next to one that passes: it does not make the choice a guess.
      if (ok(c) || (!margin && !knownTwin(c))) group.push(c);
    }
    if (tracer) {
      const f = (c: ScoredMatch) =>
        `${c.start},${c.end} e=${c.errors} edits=${sides(c)} p=${c.prefixScore.toFixed(2)} s=${c.suffixScore.toFixed(2)} possible=${ok(c)} alone=${alone(c)} twin=${knownTwin(c)}`;
      const st = structural();
      tracer(
        `search [${span.start},${span.end}) hint=${hint} structural=${st?.start},${st?.end} knownCopy=${knownCopy}`,
      );
      for (const c of group) tracer(`  group ${f(c)}`);
    }
    if (group.length === 1) return alone(match) && !structureNamesOther(match, w, span) ? match : null;
    // Structure and position each name at most one place; when both name one, they must agree.
    let byStructure: ScoredMatch | null = null;
    const st = structural();
    if (st) {
      const at = group.filter((c) => Math.abs(c.start - st.start) <= 2 || Math.abs(c.end - st.end) <= 2);
      if (at.length === 1) byStructure = at[0] as ScoredMatch;
    }
    let byPosition: ScoredMatch | null = null;
    if (hint !== undefined) {
      const d = (c: ScoredMatch) => Math.abs(c.start - hint);
      const byDistance = [...group].sort((x, y) => d(x) - d(y));
      const nearest = byDistance[0] as ScoredMatch;
      const next = byDistance[1] as ScoredMatch;
      if (d(next) >= NEAREST_RATIO * d(nearest) + NEAREST_SLACK) byPosition = nearest;
    }
    if (byStructure && byPosition && byStructure !== byPosition) return null;
    const pick = byStructure ?? byPosition;
    return pick && alone(pick) ? pick : null;
  };

  /**
   * The structure names another place showing the quote exactly, which the search's single place `c` must not
   * override:
   * - the quote had no copy when described, and that place shows all of the recorded context on one side: a copy
   *   made since (a related box quoting the passage with its lead-in) competes with the passage itself, its other
   *   side hidden by whatever was inserted there;
   * - describe saw a block twin, the recorded position names that place too (NEAREST_RATIO), that place reads
   *   like `c` within its block, and `c` shows the recorded context only within its block and across inserted
   *   runs beyond (agreesWithinBlockOnly): blocks re-ordered around the twin bring the passage's old neighbours
   *   within reach of it (a sidebar's widgets shuffled), while the passage, moved away, lost its own.
   * Neither may win.
   */
  const structureNamesOther = (c: ScoredMatch, w: Expected, span: Span): boolean => {
    const st = structural();
    if (!st || (st.start < c.end && c.start < st.end) || text.slice(st.start, st.end) !== exact) return false;
    if (knownCopy)
      return (
        blockTwin &&
        recorded !== null &&
        NEAREST_RATIO * Math.abs(st.start - recorded) + NEAREST_SLACK <= Math.abs(c.start - recorded) &&
        agreesWithinBlockOnly(c.start, c.end, w, span) &&
        sameInBlock(index, c.start, c.end, st, MAX_CONTEXT, 'before') &&
        sameInBlock(index, c.start, c.end, st, MAX_CONTEXT, 'after')
      );
    return (
      (w.prefix.length > 0 &&
        st.start >= w.prefix.length &&
        text.slice(st.start - w.prefix.length, st.start) === w.prefix) ||
      (w.suffix.length > 0 && text.slice(st.end, st.end + w.suffix.length) === w.suffix)
    );
  };

  // Fastest path, on the cached text alone: quote and full recorded context, exactly, once on the page. Describe
  // chose that context to be unique, so a second place with all of it would have to be a new copy of the
  // whole surroundings.
  // Not for legacy context that records a copy (COPY_MARK or widened to be merely unique): there copies may be
  // near-identical (shuffled identical paragraphs recreate the old text exactly), and only the search's
  // ambiguity check keeps a guess out. Margin context: every copy differed by TWIN_MARGIN edits, and one
  // that could take over the passage's surroundings by SIDE_MARGIN on its other side, so a copy showing
  // all of it exactly is the page's own text rearranged into the very same text: nothing could tell.
  const full = want.prefix + exact + want.suffix;
  const fullAt = text.indexOf(full);
  // Quote and whole context more than once (a paragraph doubled by a re-render): structure or position alone
  // may name either copy, so only the search, which asks them to agree, may choose.
  const doubled = fullAt !== -1 && text.indexOf(full, fullAt + 1) !== -1;
  if (
    want.prefix.length + want.suffix.length >= MIN_CONTEXT &&
    (widest <= MIN_CONTEXT || margin) &&
    fullAt !== -1 &&
    !doubled
  ) {
    const s = fullAt + want.prefix.length;
    return result(s, s + exact.length, 'quote');
  }
  const t = doubled ? null : structural();
  if (t) {
    if (t.end - t.start === exact.length && agreesAt(text, want, t.start, whole)) {
      const r = result(t.start, t.end, 'range');
      if (r) return r;
    }
  }
  if (!doubled && parsed.position && Number.isFinite(parsed.position.start)) {
    const s = parsed.position.start;
    if (agreesAt(text, want, s, whole)) {
      const r = result(s, s + exact.length, 'position');
      if (r) return r;
    }
  }

  let regionSpan: Span | null = null;
  if (parsed.region) {
    const el = resolveCssPath(root, parsed.region.value);
    if (el) regionSpan = elementSpan(index, el);
  }
  if (regionSpan && regionSpan.start < regionSpan.end) {
    const rq = parsed.region?.quote;
    const rp = parsed.region?.position;
    const regionWant: Expected = rq
      ? { exact, prefix: collapseContext(rq.prefix), suffix: collapseContext(rq.suffix) }
      : want;
    if (rp && Number.isFinite(rp.start)) {
      const s = regionSpan.start + rp.start;
      if (s + exact.length <= regionSpan.end && agreesAt(text, regionWant, s, regionSpan)) {
        const r = result(s, s + exact.length, 'region-position', regionWant, regionSpan);
        if (r) return r;
      }
    }
    const hint = rp ? regionSpan.start + rp.start : undefined;
    const found = search(regionWant, regionSpan, hint, () => false);
    if (found) return result(found.start, found.end, 'region-search', regionWant, regionSpan);
  }

  // The passage was made in a region; landing outside it (or where the region no longer resolves) needs
  // agreement on both sides: a comment quoting the article shares much of the article's context.
  const outsideRegion = (c: ScoredMatch): boolean =>
    parsed.region !== null && (regionSpan === null || c.start < regionSpan.start || c.end > regionSpan.end);
  const found = search(want, whole, parsed.position?.start, outsideRegion);
  return found ? result(found.start, found.end, 'page-search') : null;
}

/** The passage the selectors describe on the page as it is now, or null when it cannot be found for sure. */
export function anchor(root: Element, selectors: Selector[]): Range | null {
  return anchorWithDetails(root, selectors)?.range ?? null;
}

/** Forget cached page text, for one root or all; call after changing the DOM in ways observers may miss. */
export function invalidateAnchoringCache(root?: Element): void {
  invalidateTextIndex(root);
}
