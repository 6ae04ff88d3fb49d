/**
 * describe(): a selection -> W3C selectors. anchor(): W3C selectors -> the same passage on a possibly changed
 * page, or null. Attaching a note to the wrong passage is worse than an orphan, so every path that returns a
 * range has checked the quote AND its surrounding text, and ambiguous matches return null.
 *
 * Selectors emitted by describe (all W3C JSON, each usable on its own):
 * - TextQuoteSelector on root's reading text (whitespace collapsed, hidden text left out), with prefix and
 *   suffix grown from 32 characters (33 when a distinctive quote has an exact copy on the page: the record
 *   that anchor() may not take a lone copy with changed surroundings) up to MAX_CONTEXT until quote+context
 *   is unique on the page;
 * - TextPositionSelector on the same text;
 * - RangeSelector whose start/end are XPathSelectors naming the element around each endpoint, relative to
 *   root (`/div[2]/p[3]`), each refinedBy a zero-length TextPositionSelector {start: k, end: k}: the point
 *   after k characters of that element's textContent (raw DOM text, hidden text included);
 * - when a scope (region) is given: the region's CssSelector twice, once refinedBy a TextQuoteSelector and
 *   once refinedBy a TextPositionSelector, both relative to the region's reading text. W3C allows several
 *   selectors for one target; two alternatives keep each refinedBy chain a single, valid selector.
 *
 * anchor() tries, in order: quote+full context exactly once in the cached text (unwidened context only); the
 * RangeSelector and position fast paths (quote and context must agree); search in the region; search in the
 * whole page. Searches score quote and context; a match needs a minimum quote score, no close competitor, and
 * context agreeing on both sides or changing only at block boundaries (a moved or neighbouring block). Context
 * widened past 32 characters must show its outer part exactly, or across inserted whole blocks while the twin
 * that forced the widening is still on the page.
 */
import { cssPathFor, resolveCssPath } from './css-path';
import {
  findCandidates,
  type MatchResult,
  maxQuoteErrors,
  prefixSimilarity,
  type ScoredMatch,
  type Span,
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
  type TextIndex,
  textOffsetOf,
} from './text-index';
import { pointAtTextOffset, resolveXPath, textOffsetInElement, xpathFor } from './xpath';

/**
 * Context grows past 128 characters only when the passage has a twin (repeated paragraphs, menus listed twice);
 * a context of MAX_CONTEXT on a side whose text went on means even that did not tell the twins apart, which
 * anchor() reads as "only the recorded position may be trusted".
 */
const MAX_CONTEXT = 512;
/** How far a twinned passage may have moved from its recorded position and still be taken as itself. */
const TWIN_POSITION_SLACK = 16;

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
const CONTEXT_STEPS = [32, 48, 64, 96, 128, 192, 256, 384, MAX_CONTEXT];

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

  let prefix = '';
  let suffix = '';
  // A distinctive quote with a copy on the page gets one character more than the minimum context (COPY_MARK):
  // anchor() reads a context of at most MIN_CONTEXT as "the quote was unique" and may then take it with
  // changed surroundings (a moved block).
  const hasCopy = isDistinctive(exact) && countUpTo(text, exact, 2) > 1;
  for (const step of CONTEXT_STEPS) {
    const n = step === MIN_CONTEXT && hasCopy ? COPY_MARK : step;
    prefix = text.slice(Math.max(0, start - n), start);
    suffix = text.slice(end, end + n);
    if (countUpTo(text, prefix + exact + suffix, 2) <= 1) break;
  }
  const selectors: Selector[] = [
    { type: 'TextQuoteSelector', exact, prefix, suffix },
    { type: 'TextPositionSelector', start, end },
  ];

  const textRange = domRangeOf(index, start, end);
  if (textRange) {
    const startSel = pointSelector(root, textRange.startContainer, textRange.startOffset);
    const endSel = pointSelector(root, textRange.endContainer, textRange.endOffset);
    if (startSel && endSel)
      selectors.push({ type: 'RangeSelector', startSelector: startSel, endSelector: endSel });
  }

  const scope = options.scope;
  if (scope && scope !== root && root.contains(scope)) {
    const value = cssPathFor(root, scope);
    const region = elementSpan(index, scope);
    if (value && region.start <= start && end <= region.end) {
      const n = Math.max(prefix.length, suffix.length);
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
  }
  return selectors;
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
  let inner = 0;
  for (const step of CONTEXT_STEPS) if (step < n) inner = step;
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

/**
 * Whether the best candidate is good enough, and clearly better than any other place. `strict` asks for the
 * context on both sides, used when the match would lie outside the region the passage was made in.
 */
function acceptable(index: TextIndex, result: MatchResult, want: Expected, strict: boolean): boolean {
  const { match, runnerUp } = result;
  if (match.quoteScore < minQuoteScore(want.exact.length)) return false;
  // A close competitor makes the choice a guess, unless the winner's context agrees on both sides and clearly
  // better: a short quote with one edit loses 0.05 to any exact copy on quote score alone.
  if (
    runnerUp &&
    runnerUp.score >= match.score - 0.05 &&
    !(
      match.prefixScore >= 0.9 &&
      match.suffixScore >= 0.9 &&
      match.prefixScore + match.suffixScore >= runnerUp.prefixScore + runnerUp.suffixScore + 0.25
    )
  ) {
    return false;
  }
  // The recorded context meets itself with nothing in between: the passage was deleted there, and whatever
  // matches elsewhere, however well (a twin paragraph, a copy clipped at the page's end), is a lookalike.
  if (passageRemoved(index.text, want)) return false;
  const p = match.prefixScore;
  const s = match.suffixScore;
  const floor = strict ? 0.75 : 0.5;
  if (p >= floor && s >= floor && p + s >= (strict ? 1.7 : 1.4)) return true;
  // One side agrees fully and the other changes exactly at a block boundary: the passage's block moved
  // (re-ordered, or something inserted next to it). A lookalike elsewhere rarely shares 32+ characters of
  // context right up to the quote.
  if (strict || match.quoteScore < 0.9) return false;
  const suffixCut = want.suffix.startsWith(' ') && isBoundary(index, match.end);
  const prefixCut = want.prefix.endsWith(' ') && isBoundary(index, match.start - 1);
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
    match.quoteScore === 1 &&
    isDistinctive(want.exact) &&
    want.prefix.length <= MIN_CONTEXT &&
    want.suffix.length <= MIN_CONTEXT &&
    (p >= 0.9 || prefixBreaksAtBlock(index, want.prefix, match.start)) &&
    (s >= 0.9 || suffixBreaksAtBlock(index, want.suffix, match.end)) &&
    countUpTo(index.text, want.exact, 2) === 1
  );
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

export interface AnchorResult {
  range: Range;
  method: AnchorMethod;
  start: number;
  end: number;
}

/** anchor() with the reason it succeeded, for diagnostics and benchmarks. */
export function anchorWithDetails(root: Element, selectors: Selector[]): AnchorResult | null {
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
  // Describe could not tell this passage from a twin even with the widest context: with one twin gone (or
  // the passage deleted), the other would agree on everything, so only the recorded position can tell.
  const twinned = want.prefix.length >= MAX_CONTEXT || want.suffix.length >= MAX_CONTEXT;
  const recorded = parsed.position && Number.isFinite(parsed.position.start) ? parsed.position.start : null;
  const outerMemo: { twinPresent?: boolean } = {};
  /** Whether the spot may be the passage at all, whatever its score (not a twin told apart at describe). */
  // Fast paths (structure, position) accept near-agreeing context (0.9), so they get no gap skipping: a shifted
  // path can land on a twin whose outer context sits a block or two away.
  const possible = (start: number, end: number, acrossBlocks = true): boolean =>
    !(twinned && (recorded === null || Math.abs(start - recorded) > TWIN_POSITION_SLACK)) &&
    outerContextAgrees(index, want, start, end, outerMemo, acrossBlocks);
  const result = (start: number, end: number, method: AnchorMethod): AnchorResult | null => {
    const searched = method === 'region-search' || method === 'page-search';
    if (!possible(start, end, searched)) return null;
    const range = domRangeOf(index, start, end);
    return range ? { range, method, start, end } : null;
  };
  /**
   * Best candidate in `span` among the spots that may be the passage, and its strongest non-overlapping
   * competitor. A known twin (inner context agreeing on both sides, outer context not) neither wins nor makes
   * the choice ambiguous; any other competitor counts, even one failing the outer check, for it may be the
   * passage itself with its surroundings changed (a moved block).
   */
  // The context describe found too short to tell the twins apart: a spot showing all of it exactly, but not the
  // outer part, is such a twin.
  const widest = Math.max(want.prefix.length, want.suffix.length);
  let inner = MIN_CONTEXT;
  for (const step of CONTEXT_STEPS) if (step < widest) inner = step;
  const innerPrefix = want.prefix.slice(-inner);
  const innerSuffix = want.suffix.slice(0, inner);
  const innerAgrees = (c: ScoredMatch): boolean =>
    c.errors === 0 &&
    text.slice(Math.max(0, c.start - innerPrefix.length), c.start) === innerPrefix &&
    text.slice(c.end, c.end + innerSuffix.length) === innerSuffix;
  const search = (w: Expected, span: Span, hint: number | undefined): MatchResult | null => {
    const all = findCandidates(text, exact, { prefix: w.prefix, suffix: w.suffix, hint }, span);
    const verdict = new Map<ScoredMatch, boolean>();
    const ok = (c: ScoredMatch) => {
      let v = verdict.get(c);
      if (v === undefined) {
        v = possible(c.start, c.end);
        verdict.set(c, v);
      }
      return v;
    };
    const match = all.find(ok);
    if (!match) return null;
    const runnerUp =
      all.find((c) => (c.end <= match.start || c.start >= match.end) && (ok(c) || !innerAgrees(c))) ?? null;
    return { match, runnerUp };
  };

  // Fastest path, on the cached text alone: quote and full recorded context, exactly, once on the page. Describe
  // chose that context to be unique, so a second place with all of it would have to be a new copy of the
  // whole surroundings.
  // Not when the quote had a copy (context COPY_MARK or widened): there copies may be near-identical (shuffled
  // identical paragraphs recreate the old text exactly), and only the search's ambiguity check keeps a guess out.
  const n = Math.max(want.prefix.length, want.suffix.length);
  if (want.prefix.length + want.suffix.length >= MIN_CONTEXT && n <= MIN_CONTEXT) {
    const full = want.prefix + exact + want.suffix;
    const at = text.indexOf(full);
    if (at !== -1 && text.indexOf(full, at + 1) === -1) {
      const s = at + want.prefix.length;
      return result(s, s + exact.length, 'quote');
    }
  }
  if (parsed.range) {
    const s = resolvePoint(index, root, parsed.range.startSelector);
    const e = resolvePoint(index, root, parsed.range.endSelector);
    if (s !== null && e !== null && s < e) {
      const t = trimSpan(text, s, e);
      if (t.end - t.start === exact.length && agreesAt(text, want, t.start, whole)) {
        const r = result(t.start, t.end, 'range');
        if (r) return r;
      }
    }
  }
  if (parsed.position && Number.isFinite(parsed.position.start)) {
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
        const r = result(s, s + exact.length, 'region-position');
        if (r) return r;
      }
    }
    const hint = rp ? regionSpan.start + rp.start : undefined;
    const found = search(regionWant, regionSpan, hint);
    if (found && acceptable(index, found, regionWant, false)) {
      return result(found.match.start, found.match.end, 'region-search');
    }
  }

  const found = search(want, whole, parsed.position?.start);
  if (!found) return null;
  // The passage was made in a region; landing outside it (or where the region no longer resolves) needs
  // agreement on both sides: a comment quoting the article shares much of the article's context.
  const outsideRegion =
    parsed.region !== null &&
    (regionSpan === null || found.match.start < regionSpan.start || found.match.end > regionSpan.end);
  if (!acceptable(index, found, want, outsideRegion)) return null;
  return result(found.match.start, found.match.end, 'page-search');
}

/** The passage the selectors describe on the page as it is now, or null when it cannot be found for sure. */
export function anchor(root: Element, selectors: Selector[]): Range | null {
  return anchorWithDetails(root, selectors)?.range ?? null;
}

/** Forget cached page text, for one root or all; call after changing the DOM in ways observers may miss. */
export function invalidateAnchoringCache(root?: Element): void {
  invalidateTextIndex(root);
}
