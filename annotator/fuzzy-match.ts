/**
 * Finding a quote in (possibly edited) text, judged by the quote and by the text around it.
 *
 * approx-string-match only reports the lowest-error matches over the whole text, so an exact copy of the quote
 * anywhere hides a slightly edited true passage (the Hypothesis failure). Instead we collect candidate
 * positions from exact pieces (whole quote, quote chunks, the ends of the context), then verify each
 * candidate in a small window with Myers' algorithm, so every plausible location competes on quote AND context.
 */

export interface QuoteContext {
  prefix: string;
  suffix: string;
  /** Expected start of the quote in `text`. */
  hint?: number;
  /**
   * The text's block edges (TextIndex.blockEdge): with them, whether a place reads like the passage on its other
   * side counts whole inserted blocks as inserted (see skippable).
   */
  edges?: Uint8Array;
}

export interface Span {
  start: number;
  end: number;
}

export interface ScoredMatch {
  start: number;
  end: number;
  errors: number;
  quoteScore: number;
  prefixScore: number;
  suffixScore: number;
  score: number;
}

/** How far from the quote the old context may have moved because something was inserted in between. */
const MAX_CONTEXT_GAP = 600;
/** Chunks occurring more often than this say nothing about where the quote is. */
const MAX_SEED_OCCURRENCES = 64;
const MAX_WINDOWS = 24;
const MAX_EXACT_SCORED = 12;

/** Allowed edit errors for the quote: proportional to its length; very short quotes must match exactly. */
export function maxQuoteErrors(length: number): number {
  if (length < 8) return 0;
  if (length < 16) return 1;
  return Math.min(64, Math.floor(length * 0.2));
}

/** Characters of `pattern` that `text` cannot supply (by code, folded into 256 buckets): a lower bound on edits. */
function missingCharacters(text: string, pattern: string): number {
  const counts = new Int32Array(256);
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i) & 255;
    counts[b] = (counts[b] as number) + 1;
  }
  let missing = 0;
  for (let i = 0; i < pattern.length; i++) {
    const b = pattern.charCodeAt(i) & 255;
    const left = (counts[b] as number) - 1;
    counts[b] = left;
    if (left < 0) missing++;
  }
  return missing;
}

/**
 * Fewest edits turning `pattern` into some substring of `text`. With a `limit`, a result of `limit` or more
 * only says "at least that", which a cheap count of missing characters often settles without aligning.
 */
function minEditErrors(text: string, pattern: string, limit = Number.POSITIVE_INFINITY): number {
  if (pattern.length === 0) return 0;
  if (text.length === 0) return pattern.length;
  if (limit < pattern.length) {
    const missing = missingCharacters(text, pattern);
    if (missing >= limit) return missing;
  }
  return leastEdits(text, pattern);
}

/** Bit masks of where each character occurs in a pattern, 32 pattern positions per block (Myers' Peq). */
interface PatternMasks {
  length: number;
  blocks: number;
  /** Codes below 128: masks at [code * blocks + block]. */
  ascii: Int32Array;
  other: Map<number, Int32Array>;
  /** For characters the pattern does not hold. */
  none: Int32Array;
}

// A context string is aligned against many windows in a row (every candidate, both similarity passes), and a
// quote against every seed window: building the masks once per pattern instead of per window matters on long
// pages. Few patterns are live at once; the cache is emptied rather than managed.
const masksCache = new Map<string, PatternMasks>();
const MASKS_CACHED = 16;

function masksFor(pattern: string): PatternMasks {
  const cached = masksCache.get(pattern);
  if (cached) return cached;
  const blocks = Math.ceil(pattern.length / 32);
  const ascii = new Int32Array(128 * blocks);
  const other = new Map<number, Int32Array>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    const bit = 1 << (i & 31);
    const b = i >> 5;
    if (c < 128) ascii[c * blocks + b] = (ascii[c * blocks + b] as number) | bit;
    else {
      let v = other.get(c);
      if (!v) {
        v = new Int32Array(blocks);
        other.set(c, v);
      }
      v[b] = (v[b] as number) | bit;
    }
  }
  const masks = { length: pattern.length, blocks, ascii, other, none: new Int32Array(blocks) };
  if (masksCache.size >= MASKS_CACHED) masksCache.clear();
  masksCache.set(pattern, masks);
  return masks;
}

/**
 * Edits between the pattern and the best substring of the text ending after each of `count` text characters,
 * read from `first` on in steps of `step` (-1 reads backwards, for a reversed pattern's masks): written to
 * `out` when given, and the least returned (the pattern's length when `count` is 0). This is the bit-parallel
 * recurrence of Myers (1999, block-based) that approx-string-match uses, computed over every block and column
 * instead of its band of at most `maxErrors`, which gives the same scores wherever the band has them.
 */
function myersScan(
  text: string,
  first: number,
  step: number,
  count: number,
  pm: PatternMasks,
  out: Int32Array | null,
): number {
  const { length: m, blocks, ascii, other, none } = pm;
  const lastBit = 1 << ((m - 1) & 31);
  let score = m;
  let best = m;
  let at = first;
  if (blocks === 1) {
    let pv = -1;
    let mv = 0;
    for (let j = 0; j < count; j++, at += step) {
      const c = text.charCodeAt(at);
      const eq = c < 128 ? (ascii[c] as number) : ((other.get(c) ?? none)[0] as number);
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      const ph = mv | ~(xh | pv);
      const mh = pv & xh;
      if (ph & lastBit) score++;
      else if (mh & lastBit) score--;
      const phs = ph << 1;
      pv = (mh << 1) | ~(xv | phs);
      mv = phs & xv;
      if (out) out[j] = score;
      if (score < best) best = score;
    }
    return best;
  }
  const P = new Int32Array(blocks).fill(-1);
  const M = new Int32Array(blocks);
  const last = blocks - 1;
  for (let j = 0; j < count; j++, at += step) {
    const c = text.charCodeAt(at);
    let eqs = none;
    let base = 0;
    if (c < 128) {
      eqs = ascii;
      base = c * blocks;
    } else {
      const v = other.get(c);
      if (v) eqs = v;
    }
    // Horizontal delta entering the block from above: 0 in the first row (a match may start anywhere).
    let hIn = 0;
    for (let b = 0; b < blocks; b++) {
      const pv = P[b] as number;
      const mv = M[b] as number;
      const neg = hIn >>> 31;
      const eq = (eqs[base + b] as number) | neg;
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const mask = b === last ? lastBit : 1 << 31;
      const hOut = (ph & mask ? 1 : 0) - (mh & mask ? 1 : 0);
      ph = (ph << 1) | (hIn > 0 ? 1 : 0);
      mh = (mh << 1) | neg;
      P[b] = mh | ~(xv | ph);
      M[b] = ph & xv;
      hIn = hOut;
    }
    score += hIn;
    if (out) out[j] = score;
    if (score < best) best = score;
  }
  return best;
}

/**
 * Fewest edits turning `pattern` into a substring of `text` (both non-empty): the lowest error count
 * approx-string-match reports, without its second, reversed pass that finds where each best match starts,
 * which was most of its cost and which a count does not need.
 */
export function leastEdits(text: string, pattern: string): number {
  return myersScan(text, 0, 1, text.length, masksFor(pattern), null);
}

export interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

function reversed(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

/**
 * approxSearch(text.slice(from, to), pattern, maxErrors), the same matches in the same order (positions relative
 * to `from`): every end of a least-error match, if that is at most `maxErrors`, with the start that makes it
 * longest. Computed on the text in place, reading backwards for the starts, instead of on sliced and reversed
 * copies with fresh masks for every end.
 */
export function approxMatches(
  text: string,
  from: number,
  to: number,
  pattern: string,
  maxErrors: number,
): ApproxMatch[] {
  const m = pattern.length;
  const n = to - from;
  if (m === 0 || n <= 0) return [];
  const scores = new Int32Array(n);
  const least = myersScan(text, from, 1, n, masksFor(pattern), scores);
  if (least > Math.min(maxErrors, m)) return [];
  const back = masksFor(reversed(pattern));
  const found: ApproxMatch[] = [];
  let reach: Int32Array | null = null;
  for (let j = 0; j < n; j++) {
    if (scores[j] !== least) continue;
    const end = j + 1;
    // The start lies at most m + least characters back; of the starts giving `least` errors, the farthest.
    const len = Math.min(end, m + least);
    reach ??= new Int32Array(m + least);
    myersScan(text, from + end - 1, -1, len, back, reach);
    let start = end;
    for (let r = len - 1; r >= 0; r--) {
      if ((reach[r] as number) <= least) {
        start = end - (r + 1);
        break;
      }
    }
    found.push({ start, end, errors: least });
  }
  return found;
}

export function commonSuffixLength(a: string, b: string): number {
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

export function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export interface FitOptions {
  /** The text's block edges (TextIndex.blockEdge): inserted whole blocks are told from arbitrary gaps. */
  edges?: Uint8Array;
  /**
   * The quote: text skipped as "inserted" must not hold a copy of it, whose context the rest would be, unless
   * the place's context on the other side (`other`) tells it from that copy (see skippable).
   */
  quote?: string;
  /** The place's recorded context on the other side, and where that side begins (prefix: ends) in the text. */
  other?: OtherSide;
  /**
   * What one inserted (or removed) run of whole blocks counts as (GAP_EDITS unless given): 0 asks whether the
   * recorded context is all there but for such runs.
   */
  gapEdits?: number;
}

export interface OtherSide {
  expected: string;
  at: number;
}

/** Edits on the other side up to which a place may claim context found beyond a copy of the quote. */
const OWN_SIDE_MAX = 2;
/** Edits by which such a copy must read worse than the place on that other side. */
const COPY_SKIP_MARGIN = 6;

/**
 * Whether text[from, to), lying between a place and the rest of its context on one side (`side`), may be
 * skipped as inserted. Text holding a copy of the quote may not, as a rule: the rest found beyond it is that
 * copy's context. It may when the place reads like the passage on its other side (OWN_SIDE_MAX) and every copy
 * inside reads clearly worse there (COPY_SKIP_MARGIN): a sponsored box ending in "Learn more" inserted right
 * after a "Learn more" link, or a related box quoting the sentence, is then weighed as the copy it is, not as
 * the passage. The passage itself inside skipped text reads exactly like itself, so a lookalike next to it
 * never skips it; nor does a place skip a block that reads exactly like its own, quote at the same spot (two
 * list items of the same byline and date, re-ordered: either may be the passage's block, moved). Other sides
 * are judged strictly (no copy skipped), which bounds the recursion.
 */
function skippable(
  text: string,
  from: number,
  to: number,
  span: Span,
  opts: FitOptions,
  side: 'prefix' | 'suffix',
): boolean {
  const q = opts.quote;
  if (!q) return true;
  let i = text.indexOf(q, from);
  if (i === -1 || i + q.length > to) return true;
  const other = opts.other;
  if (!other || other.expected.length === 0) return false;
  const strict: FitOptions = { edges: opts.edges, quote: q, gapEdits: opts.gapEdits };
  const otherEdits = side === 'prefix' ? suffixEdits : prefixEdits;
  const own = otherEdits(text, other.expected, other.at, span, strict, OWN_SIDE_MAX + 1);
  if (own > OWN_SIDE_MAX) return false;
  const need = own + COPY_SKIP_MARGIN;
  for (; i !== -1 && i + q.length <= to; i = text.indexOf(q, i + 1)) {
    const at = side === 'prefix' ? i + q.length : i;
    if (otherEdits(text, other.expected, at, span, strict, need) < need) return false;
    if (opts.edges && sameBlock(text, opts.edges, other.at, at)) return false;
  }
  return true;
}

/** Longest block sameBlock compares; longer ones are taken as different. */
const SAME_BLOCK_MAX = 2000;

/**
 * Whether the blocks around text offsets `a` and `b` (a point each: the place's and a copy's quote end, or
 * both starts) hold the same text, with the points at the same spot in them.
 */
function sameBlock(text: string, edges: Uint8Array, a: number, b: number): boolean {
  // The block around a point: from just after the block edge before it to the edge after it.
  const bounds = (at: number): [number, number] | null => {
    let s = at;
    while (s > 0 && edges[s - 1] !== 1) {
      s--;
      if (at - s > SAME_BLOCK_MAX) return null;
    }
    let e = at;
    while (e < text.length && edges[e] !== 1) {
      e++;
      if (e - s > SAME_BLOCK_MAX) return null;
    }
    return [s, e];
  };
  const x = bounds(a);
  const y = bounds(b);
  return (
    x !== null && y !== null && a - x[0] === b - y[0] && text.slice(x[0], x[1]) === text.slice(y[0], y[1])
  );
}

/**
 * Prefix similarity when something was inserted inside the context: the part next to the quote agrees exactly,
 * and the rest of the prefix is found intact a little further back. Discounted, because a gap is weaker evidence
 * than contiguous agreement. Skipped text holding the quote does not count: the rest found there is that copy's
 * context, not this place's.
 */
function prefixAcrossGap(text: string, expected: string, pos: number, span: Span, opts: FitOptions): number {
  const L = expected.length;
  const near = commonSuffixLength(expected, text.slice(Math.max(span.start, pos - L), pos));
  const rest = expected.slice(0, L - near);
  const farEnd = pos - near;
  if (rest.trim().length < 12)
    return shortRestAcrossBefore(text, expected, pos, farEnd, span, opts) ? 0.9 : 0;
  const key = rest.slice(-Math.min(16, rest.length));
  const base = Math.max(span.start, farEnd - MAX_CONTEXT_GAP - rest.length);
  const far = text.slice(base, farEnd);
  const at = far.lastIndexOf(key);
  if (at < 0) return 0;
  const end = at + key.length;
  if (!skippable(text, base + end, farEnd, span, opts, 'prefix')) return 0;
  const moved = far.slice(Math.max(0, end - rest.length - Math.ceil(rest.length / 8)), end);
  const restScore = 1 - minEditErrors(moved, rest) / rest.length;
  return 0.9 * ((near + restScore * rest.length) / L);
}

function suffixAcrossGap(text: string, expected: string, pos: number, span: Span, opts: FitOptions): number {
  const L = expected.length;
  const near = commonPrefixLength(expected, text.slice(pos, Math.min(span.end, pos + L)));
  const rest = expected.slice(near);
  const farStart = pos + near;
  if (rest.trim().length < 12)
    return shortRestAcrossAfter(text, expected, pos, farStart, span, opts) ? 0.9 : 0;
  const key = rest.slice(0, Math.min(16, rest.length));
  const far = text.slice(farStart, Math.min(span.end, farStart + MAX_CONTEXT_GAP + rest.length));
  const at = far.indexOf(key);
  if (at < 0) return 0;
  if (!skippable(text, farStart, farStart + at, span, opts, 'suffix')) return 0;
  const moved = far.slice(at, at + rest.length + Math.ceil(rest.length / 8));
  const restScore = 1 - minEditErrors(moved, rest) / rest.length;
  return 0.9 * ((near + restScore * rest.length) / L);
}

/**
 * Similarity in [0, 1] of the expected prefix to the text ending at `pos` (within `span`). When the adjacent
 * text disagrees, the prefix may still be found a little further back, because an ad or a "related" box was
 * inserted between it and the quote: that counts, slightly discounted.
 */
export function prefixSimilarity(
  text: string,
  expected: string,
  pos: number,
  span: Span,
  opts: FitOptions = {},
): number {
  if (expected.length === 0) return pos <= span.start ? 1 : 0.5;
  const from = Math.max(span.start, pos - expected.length);
  const adjacent = text.slice(from, pos);
  if (adjacent === expected) return 1;
  const slack = Math.ceil(expected.length / 8);
  const window = text.slice(Math.max(span.start, pos - expected.length - slack), pos);
  let best = 1 - minEditErrors(window, expected) / expected.length;
  // A prefix cut short by the span start is judged on the part that exists.
  if (from === span.start && adjacent.length < expected.length && adjacent.length > 0) {
    const tail = expected.slice(expected.length - adjacent.length);
    const clipped = 1 - minEditErrors(adjacent, tail) / tail.length;
    best = Math.max(best, Math.min(clipped, 0.5 + (0.5 * adjacent.length) / expected.length));
  }
  if (best < 0.9) best = Math.max(best, prefixAcrossGap(text, expected, pos, span, opts));
  return Math.max(0, best);
}

/** Mirror of prefixSimilarity for the text starting at `pos`. */
export function suffixSimilarity(
  text: string,
  expected: string,
  pos: number,
  span: Span,
  opts: FitOptions = {},
): number {
  if (expected.length === 0) return pos >= span.end ? 1 : 0.5;
  const to = Math.min(span.end, pos + expected.length);
  const adjacent = text.slice(pos, to);
  if (adjacent === expected) return 1;
  const slack = Math.ceil(expected.length / 8);
  const window = text.slice(pos, Math.min(span.end, pos + expected.length + slack));
  let best = 1 - minEditErrors(window, expected) / expected.length;
  if (to === span.end && adjacent.length < expected.length && adjacent.length > 0) {
    const head = expected.slice(0, adjacent.length);
    const clipped = 1 - minEditErrors(adjacent, head) / head.length;
    best = Math.max(best, Math.min(clipped, 0.5 + (0.5 * adjacent.length) / expected.length));
  }
  if (best < 0.9) best = Math.max(best, suffixAcrossGap(text, expected, pos, span, opts));
  return Math.max(0, best);
}

/** What a run of inserted whole blocks (an ad, a "related" box) inside the context counts as, in edits. */
export const GAP_EDITS = 1;
/** Runs of inserted blocks looked for on one side of a passage. */
const MAX_GAPS = 4;
/** How far into the agreeing part the block edge that starts an inserted run may lie. */
const CUT_SLACK = 24;
/** Characters of the context beyond an inserted run looked up to find where the run ends. */
const GAP_KEY = 12;
/** Characters looked up instead when the context beyond a run is not found by GAP_KEY (a short block). */
const BLOCK_KEY = 6;
/** Occurrences of a context piece tried as the far end of one inserted run. */
const GAP_TRIES = 3;

/**
 * Whether a piece of context found beyond an inserted run says where it belongs: 12 characters or more, or a
 * shorter piece that is a whole block, its recorded neighbour's edge included (a byline between two ads), which
 * then counts only with the context's rest found beyond the run before it (after it, for a suffix). `edgeAt` is
 * the piece's far end in the text: the space standing for the block edge on that side. (Whether it is the
 * passage's own context or a lookalike's is describe's business: see chooseContext in anchoring.ts.)
 */
function says(piece: string, rest: string, edges: Uint8Array, edgeAt: number): boolean {
  const n = piece.trim().length;
  return n >= 12 || (piece.length < rest.length && n >= SHORT_REST_MIN && edges[edgeAt] === 1);
}

/** Whether a block edge (see TextIndex.blockEdge) lies within one character of `i`. */
function edgeNear(edges: Uint8Array, i: number): boolean {
  return edges[i] === 1 || edges[i - 1] === 1 || edges[i + 1] === 1;
}

/** Shortest end of a context, beyond an inserted run, that is looked for where the run began. */
const SHORT_REST_MIN = 3;

/**
 * A few characters of context left beyond an inserted run (the end of a heading before an ad, the start of the
 * next paragraph after it) cannot be looked up anywhere in the text, but can be checked at one place: ending
 * at the block edge where the nearest run of blocks before `cut` began, with no copy of the quote skipped.
 */
function shortRestBefore(
  text: string,
  rest: string,
  cut: number,
  span: Span,
  edges: Uint8Array,
  opts: FitOptions,
): boolean {
  if (rest.trim().length < SHORT_REST_MIN) return false;
  const base = Math.max(span.start, cut - MAX_CONTEXT_GAP - rest.length);
  const at = text.lastIndexOf(rest, cut - rest.length - 1);
  if (at < base) return false;
  const end = at + rest.length;
  return edgeNear(edges, end) && skippable(text, end, cut, span, opts, 'prefix');
}

/** Mirror of shortRestBefore: `rest` starting at the block edge where the run of blocks after `from` ends. */
function shortRestAfter(
  text: string,
  rest: string,
  from: number,
  span: Span,
  edges: Uint8Array,
  opts: FitOptions,
): boolean {
  if (rest.trim().length < SHORT_REST_MIN) return false;
  const at = text.indexOf(rest, from + 1);
  if (at === -1 || at + rest.length > Math.min(span.end, from + MAX_CONTEXT_GAP + rest.length)) return false;
  return edgeNear(edges, at - 1) && skippable(text, from, at, span, opts, 'suffix');
}

/**
 * Where a run inserted before the agreeing part of a prefix ends: the block edge nearest the disagreement
 * (`farEnd`) inside that part, at most CUT_SLACK into it (it may agree a few characters into the inserted text by
 * chance); -1 without one.
 */
function cutBefore(edges: Uint8Array, farEnd: number, pos: number): number {
  for (let i = farEnd - 1; i < Math.min(pos, farEnd + CUT_SLACK); i++) if (edges[i] === 1) return i;
  return -1;
}

/** Mirror of cutBefore for a suffix starting at `pos` that agrees up to `farStart`. */
function cutAfter(edges: Uint8Array, farStart: number, pos: number): number {
  for (let i = farStart; i >= Math.max(pos, farStart - CUT_SLACK); i--) if (edges[i] === 1) return i;
  return -1;
}

/**
 * The similarity functions' view of shortRestBefore: the prefix agrees back to a block edge (at most CUT_SLACK
 * into the agreeing part, as prefixEdits cuts) and its few remaining characters end where the inserted run of
 * blocks before that edge began. Keeps a context cut short by the page's edge scoring the way prefixEdits
 * counts it (one inserted run), instead of as a disagreement.
 */
function shortRestAcrossBefore(
  text: string,
  expected: string,
  pos: number,
  farEnd: number,
  span: Span,
  opts: FitOptions,
): boolean {
  const edges = opts.edges;
  const cut = edges ? cutBefore(edges, farEnd, pos) : -1;
  if (!edges || cut < 0) return false;
  const rest = expected.slice(0, expected.length - (pos - cut));
  return rest.trim().length < 12 && shortRestBefore(text, rest, cut, span, edges, opts);
}

/** Mirror of shortRestAcrossBefore for the suffix starting at `pos`. */
function shortRestAcrossAfter(
  text: string,
  expected: string,
  pos: number,
  farStart: number,
  span: Span,
  opts: FitOptions,
): boolean {
  const edges = opts.edges;
  const cut = edges ? cutAfter(edges, farStart, pos) : -1;
  if (!edges || cut < 0) return false;
  const rest = expected.slice(cut + 1 - pos);
  return rest.trim().length < 12 && shortRestAfter(text, rest, cut + 1, span, edges, opts);
}

/**
 * Blocks removed from the page inside the recorded prefix (a paragraph cut, an ad gone): the text before the
 * block edge `cut` turns up earlier in the context's rest (`restCut`), and what the recorded context had after
 * it is gone. Returns how much of restCut is kept (it ends with that text), or null. The gone stretch must
 * start at a block separator and hold no copy of the quote: a twin whose recorded neighbours included the
 * passage's own block would otherwise read like the passage with that block removed.
 */
function removedRunBefore(
  text: string,
  restCut: string,
  cut: number,
  span: Span,
  opts: FitOptions,
): number | null {
  const key = text.slice(Math.max(span.start, cut - GAP_KEY), cut);
  if (key.length < GAP_KEY || key.trim().length < GAP_KEY - 2) return null;
  let k = restCut.lastIndexOf(key);
  for (let tries = 0; k !== -1 && tries < GAP_TRIES; tries++) {
    const kept = k + key.length;
    const gone = restCut.slice(kept);
    if (gone.trim().length > 0) {
      if (!gone.startsWith(' ') || (opts.quote && gone.includes(opts.quote))) return null;
      return kept;
    }
    k = k > 0 ? restCut.lastIndexOf(key, k - 1) : -1;
  }
  return null;
}

/** Mirror of removedRunBefore: the text from `from` on turns up later in the suffix's rest; returns where. */
function removedRunAfter(
  text: string,
  restCut: string,
  from: number,
  span: Span,
  opts: FitOptions,
): number | null {
  const key = text.slice(from, Math.min(span.end, from + GAP_KEY));
  if (key.length < GAP_KEY || key.trim().length < GAP_KEY - 2) return null;
  const k = restCut.indexOf(key, 1);
  if (k === -1) return null;
  const gone = restCut.slice(0, k);
  if (gone.trim().length === 0 || !gone.endsWith(' ')) return null;
  if (opts.quote && gone.includes(opts.quote)) return null;
  return k;
}

/**
 * Edits between the expected prefix and the text ending at `pos` (absolute characters, for judging whether two
 * places differ by more than a few edits whatever the context's length). Runs of whole blocks inserted inside
 * the context (ads, "related" boxes: the text skipped starts and ends at block edges, holds no copy of the
 * quote, whose context the rest would be, and the context's rest beyond it is long enough to tell) count
 * GAP_EDITS each, and so do blocks removed from the page inside the context (see removedRunBefore); without
 * `opts.edges` nothing is skipped. A lookalike can still read the passage's context
 * across a few blocks, but only on a side where it reads exactly like the passage up to its block edge, and
 * describe makes sure such a lookalike differs on its other side (see chooseContext in anchoring.ts). Results
 * of `limit` or more only say "at least `limit`": callers that ask whether a place is close need no more, and
 * the search for inserted runs stops there.
 */
export function prefixEdits(
  text: string,
  expected: string,
  pos: number,
  span: Span,
  opts: FitOptions = {},
  limit = Number.POSITIVE_INFINITY,
  gaps = 0,
): number {
  const L = expected.length;
  if (L === 0) return 0;
  const near = commonSuffixLength(expected, text.slice(Math.max(span.start, pos - L), pos));
  if (near === L) return 0;
  const rest = expected.slice(0, L - near);
  const farEnd = pos - near;
  const window = text.slice(Math.max(span.start, farEnd - rest.length - Math.ceil(rest.length / 8)), farEnd);
  // Where the span starts before the context does, the missing characters count as edits: a lookalike near
  // the page's edge differs from a passage that had text there.
  const plain = minEditErrors(window, rest, limit);
  const edges = opts.edges;
  const gapEdits = opts.gapEdits ?? GAP_EDITS;
  if (plain <= gapEdits || !edges || gaps >= MAX_GAPS || limit <= gapEdits) return plain;
  const cut = cutBefore(edges, farEnd, pos);
  if (cut < 0) return plain;
  // The context's rest, to be found before the inserted run.
  const restCut = expected.slice(0, L - (pos - cut));
  if (restCut.trim().length < 12) {
    // Too short to look up, but it may still be found exactly where the inserted run began.
    const found = shortRestBefore(text, restCut, cut, span, edges, opts);
    return found ? Math.min(plain, gapEdits) : plain;
  }
  let key = restCut.slice(-Math.min(GAP_KEY, restCut.length));
  const base = Math.max(span.start, cut - MAX_CONTEXT_GAP - key.length);
  const far = text.slice(base, cut);
  let best = plain;
  let at = far.lastIndexOf(key);
  if (at === -1) {
    // The context's end may be a block shorter than the key (see says).
    key = restCut.slice(-BLOCK_KEY);
    at = far.lastIndexOf(key);
  }
  for (let tries = 0; at !== -1 && tries < GAP_TRIES && Math.min(best, limit) > gapEdits; tries++) {
    const end = base + at + key.length;
    const agreeing = commonSuffixLength(restCut, text.slice(Math.max(0, end - restCut.length), end));
    if (
      edgeNear(edges, end) &&
      says(restCut.slice(restCut.length - agreeing), restCut, edges, end - agreeing) &&
      skippable(text, end, cut, span, opts, 'prefix')
    ) {
      const room = Math.min(best, limit) - gapEdits;
      best = Math.min(best, gapEdits + prefixEdits(text, restCut, end, span, opts, room, gaps + 1));
    }
    at = at > 0 ? far.lastIndexOf(key, at - 1) : -1;
  }
  if (Math.min(best, limit) > gapEdits) {
    const kept = removedRunBefore(text, restCut, cut, span, opts);
    if (kept !== null) {
      const room = Math.min(best, limit) - gapEdits;
      best = Math.min(
        best,
        gapEdits + prefixEdits(text, restCut.slice(0, kept), cut, span, opts, room, gaps + 1),
      );
    }
  }
  return best;
}

/** Mirror of prefixEdits for the text starting at `pos`. */
export function suffixEdits(
  text: string,
  expected: string,
  pos: number,
  span: Span,
  opts: FitOptions = {},
  limit = Number.POSITIVE_INFINITY,
  gaps = 0,
): number {
  const L = expected.length;
  if (L === 0) return 0;
  const near = commonPrefixLength(expected, text.slice(pos, Math.min(span.end, pos + L)));
  if (near === L) return 0;
  const rest = expected.slice(near);
  const farStart = pos + near;
  const window = text.slice(
    farStart,
    Math.min(span.end, farStart + rest.length + Math.ceil(rest.length / 8)),
  );
  const plain = minEditErrors(window, rest, limit);
  const edges = opts.edges;
  const gapEdits = opts.gapEdits ?? GAP_EDITS;
  if (plain <= gapEdits || !edges || gaps >= MAX_GAPS || limit <= gapEdits) return plain;
  const cut = cutAfter(edges, farStart, pos);
  if (cut < 0) return plain;
  const restCut = expected.slice(cut + 1 - pos);
  if (restCut.trim().length < 12) {
    const found = shortRestAfter(text, restCut, cut + 1, span, edges, opts);
    return found ? Math.min(plain, gapEdits) : plain;
  }
  let key = restCut.slice(0, Math.min(GAP_KEY, restCut.length));
  const far = text.slice(cut + 1, Math.min(span.end, cut + 1 + MAX_CONTEXT_GAP + key.length));
  let best = plain;
  let at = far.indexOf(key);
  if (at === -1) {
    key = restCut.slice(0, BLOCK_KEY);
    at = far.indexOf(key);
  }
  for (let tries = 0; at !== -1 && tries < GAP_TRIES && Math.min(best, limit) > gapEdits; tries++) {
    const start = cut + 1 + at;
    const agreeing = commonPrefixLength(restCut, text.slice(start, start + restCut.length));
    if (
      at > 0 &&
      edgeNear(edges, start - 1) &&
      says(restCut.slice(0, agreeing), restCut, edges, start + agreeing - 1) &&
      skippable(text, cut, start, span, opts, 'suffix')
    ) {
      const room = Math.min(best, limit) - gapEdits;
      best = Math.min(best, gapEdits + suffixEdits(text, restCut, start, span, opts, room, gaps + 1));
    }
    at = far.indexOf(key, at + 1);
  }
  if (Math.min(best, limit) > gapEdits) {
    const skip = removedRunAfter(text, restCut, cut + 1, span, opts);
    if (skip !== null) {
      const room = Math.min(best, limit) - gapEdits;
      best = Math.min(
        best,
        gapEdits + suffixEdits(text, restCut.slice(skip), cut + 1, span, opts, room, gaps + 1),
      );
    }
  }
  return best;
}

/**
 * Context characters next to the quote that rank candidates. Wider context (kept to tell twins apart) is judged
 * by the caller in edits (prefixEdits), which costs too much to compute for every candidate of a long page.
 */
const SCORED_CONTEXT = 64;
const QUOTE_WEIGHT = 0.5;
const CONTEXT_WEIGHT = 0.24;
const POSITION_WEIGHT = 0.02;

function score(
  text: string,
  quote: string,
  ctx: QuoteContext,
  span: Span,
  start: number,
  end: number,
  errors: number,
): ScoredMatch {
  const quoteScore = 1 - errors / quote.length;
  const prefix = ctx.prefix.slice(-SCORED_CONTEXT);
  const suffix = ctx.suffix.slice(0, SCORED_CONTEXT);
  const { edges } = ctx;
  const prefixScore = prefixSimilarity(text, prefix, start, span, {
    quote,
    edges,
    other: { expected: suffix, at: end },
  });
  const suffixScore = suffixSimilarity(text, suffix, end, span, {
    quote,
    edges,
    other: { expected: prefix, at: start },
  });
  const length = Math.max(1, span.end - span.start);
  const posScore = ctx.hint === undefined ? 1 : 1 - Math.min(1, Math.abs(start - ctx.hint) / length);
  return {
    start,
    end,
    errors,
    quoteScore,
    prefixScore,
    suffixScore,
    score:
      QUOTE_WEIGHT * quoteScore + CONTEXT_WEIGHT * (prefixScore + suffixScore) + POSITION_WEIGHT * posScore,
  };
}

/** All exact occurrences of `needle` starting in [from, to - needle.length]. */
function occurrences(text: string, needle: string, span: Span, limit: number): number[] {
  const found: number[] = [];
  const k = rarestAt(text, needle);
  const piece = needle.slice(k, k + SHORT_NEEDLE);
  if (piece === needle) {
    let i = text.indexOf(needle, span.start);
    while (i !== -1 && i + needle.length <= span.end) {
      found.push(i);
      if (found.length > limit) break;
      i = text.indexOf(needle, i + 1);
    }
    return found;
  }
  // The same occurrences in the same order, found through a short piece of the needle that starts at its rarest
  // character. V8 finds short needles by scanning for their first character, so a chunk starting with a space
  // or an "e" stopped at every one on the page; longer needles get a skip table built per call, which costs as
  // much as a scan on a rare character. Those scans were most of a search on long pages.
  let i = text.indexOf(piece, span.start + k);
  while (i !== -1 && i - k + needle.length <= span.end) {
    if (text.startsWith(needle, i - k)) {
      found.push(i - k);
      if (found.length > limit) break;
    }
    i = text.indexOf(piece, i + 1);
  }
  return found;
}

/** Longest needle V8 searches by its first character (longer ones get a skip table). */
const SHORT_NEEDLE = 6;
/** Longer needles keep the skip table, which pays off on them. */
const RARE_START_MAX = 24;
/** Characters sampled from a text to tell its rare characters from its common ones. */
const RARITY_SAMPLES = 8192;
let rarityText: string | null = null;
let rarity: Uint16Array | null = null;

/**
 * Offset in `needle` of the character that is rarest in `text` (estimated from a sample; first on ties), leaving
 * at least two characters to search for: a single common character would be a hit to check at every one.
 */
function rarestAt(text: string, needle: string): number {
  if (needle.length < 3 || needle.length > RARE_START_MAX) return 0;
  if (!rarity || rarityText !== text) {
    rarity ??= new Uint16Array(65536);
    rarity.fill(0);
    const stride = Math.max(1, Math.floor(text.length / RARITY_SAMPLES));
    for (let i = 0; i < text.length; i += stride) {
      const c = text.charCodeAt(i);
      if ((rarity[c] as number) < 65535) rarity[c] = (rarity[c] as number) + 1;
    }
    rarityText = text;
  }
  let at = 0;
  let least = rarity[needle.charCodeAt(0)] as number;
  for (let j = 1; j < needle.length - 1 && least > 0; j++) {
    const n = rarity[needle.charCodeAt(j)] as number;
    if (n < least) {
      least = n;
      at = j;
    }
  }
  return at;
}

interface Vote {
  start: number;
  votes: number;
}

/** Votes for where the quote may start, pooled in 8-character buckets. */
function voter(votes: Map<number, Vote>): (start: number, weight: number) => void {
  return (start, weight) => {
    const key = Math.round(start / 8);
    const v = votes.get(key);
    if (v) v.votes += weight;
    else votes.set(key, { start, votes: weight });
  };
}

/**
 * A vote for every place where one of the quote's pieces occurs. Pigeonhole: with n pieces and fewer than n
 * edits, at least one piece survives intact.
 */
function voteForPieces(
  text: string,
  quote: string,
  span: Span,
  maxErrors: number,
  vote: (start: number, weight: number) => void,
): void {
  const m = quote.length;
  const chunks = Math.min(16, Math.max(2, Math.min(maxErrors + 1, Math.floor(m / 6))));
  const size = Math.floor(m / chunks);
  for (let c = 0; c < chunks; c++) {
    const off = c * size;
    const piece = quote.slice(off, c === chunks - 1 ? m : off + size);
    const occ = occurrences(text, piece, span, MAX_SEED_OCCURRENCES);
    if (occ.length > MAX_SEED_OCCURRENCES) continue;
    for (const o of occ) vote(o - off, 1);
  }
}

/** Places looked at for near copies; beyond, the quote's pieces are too common to say where copies are. */
const MAX_NEAR_WINDOWS = 256;

/**
 * Places in `span` where the quote reads with 1 to maxQuoteErrors edits, apart from the passage at `self` and
 * exact copies: what findCandidates would offer in the passage's stead were it deleted ("October 19, 2012" for
 * "October 12, 2012"), so describe must tell the passage from them as from exact copies. Sorted by start.
 */
export function nearCopies(text: string, quote: string, span: Span, self: number): Span[] {
  const m = quote.length;
  const maxErrors = maxQuoteErrors(m);
  if (maxErrors === 0) return [];
  const votes = new Map<number, Vote>();
  voteForPieces(text, quote, span, maxErrors, voter(votes));
  const starts = [...votes.values()]
    .sort((a, b) => b.votes - a.votes)
    .slice(0, MAX_NEAR_WINDOWS)
    .map((v) => v.start)
    .sort((a, b) => a - b);
  const slack = maxErrors + 8;
  const found: Span[] = [];
  for (const at of starts) {
    const from = Math.max(span.start, at - slack);
    const to = Math.min(span.end, at + m + slack);
    if (to - from < m - maxErrors) continue;
    for (const f of approxMatches(text, from, to, quote, maxErrors)) {
      const start = from + f.start;
      const end = from + f.end;
      // The passage itself, a reading of it shifted by a few characters, and exact copies are not near copies.
      if (f.errors === 0 || (start < self + m && end > self)) continue;
      if (found.some((c) => start < c.end && end > c.start)) continue;
      found.push({ start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Every plausible location of `quote` in `text` within `span`, each scored on quote similarity, prefix and
 * suffix similarity and closeness to the hint. Sorted best first.
 */
export function findCandidates(text: string, quote: string, ctx: QuoteContext, span: Span): ScoredMatch[] {
  const m = quote.length;
  if (m === 0 || span.end - span.start < 1) return [];
  const maxErrors = maxQuoteErrors(m);
  const scored: ScoredMatch[] = [];

  // Exact copies: rank cheaply by how much adjacent context agrees, score only the best few in full.
  const exact = occurrences(text, quote, span, 100_000);
  if (exact.length > 0) {
    const pl = ctx.prefix.length;
    const sl = ctx.suffix.length;
    const cheap = exact.map((s) => {
      const before = text.slice(Math.max(span.start, s - pl), s);
      const after = text.slice(s + m, Math.min(span.end, s + m + sl));
      return {
        s,
        agree: commonSuffixLength(ctx.prefix, before) + commonPrefixLength(ctx.suffix, after),
      };
    });
    cheap.sort((a, b) => b.agree - a.agree);
    const chosen = new Set(cheap.slice(0, MAX_EXACT_SCORED).map((c) => c.s));
    if (ctx.hint !== undefined) {
      let nearest = exact[0] as number;
      for (const s of exact) if (Math.abs(s - ctx.hint) < Math.abs(nearest - ctx.hint)) nearest = s;
      chosen.add(nearest);
    }
    for (const s of chosen) scored.push(score(text, quote, ctx, span, s, s + m, 0));
    // A fully agreeing exact copy (the whole recorded context next to it) cannot be beaten by an edited one;
    // skip the fuzzy work.
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    if (
      best.prefixScore === 1 &&
      best.suffixScore === 1 &&
      countStrong(scored) === 1 &&
      text.slice(Math.max(span.start, best.start - ctx.prefix.length), best.start) === ctx.prefix &&
      text.slice(best.end, Math.min(span.end, best.end + ctx.suffix.length)) === ctx.suffix
    ) {
      return scored.sort((a, b) => b.score - a.score);
    }
  }

  if (maxErrors > 0 || ctx.prefix.length >= 16 || ctx.suffix.length >= 16) {
    // Expected quote starts, voted for by exact pieces of the quote and of its context.
    const votes = new Map<number, Vote>();
    const vote = voter(votes);
    if (maxErrors > 0) voteForPieces(text, quote, span, maxErrors, vote);
    // The context's inner ends locate an edited quote even when most of its chunks changed.
    if (ctx.prefix.length >= 16) {
      const key = ctx.prefix.slice(-16);
      const occ = occurrences(text, key, span, MAX_SEED_OCCURRENCES);
      if (occ.length <= MAX_SEED_OCCURRENCES) for (const o of occ) vote(o + 16, 2);
    }
    if (ctx.suffix.length >= 16) {
      const key = ctx.suffix.slice(0, 16);
      const occ = occurrences(text, key, span, MAX_SEED_OCCURRENCES);
      if (occ.length <= MAX_SEED_OCCURRENCES) for (const o of occ) vote(o - m, 2);
    }
    if (ctx.hint !== undefined) vote(ctx.hint, 1);

    const windows = [...votes.values()].sort((a, b) => b.votes - a.votes).slice(0, MAX_WINDOWS);
    const slack = maxErrors + 8;
    for (const w of windows) {
      if (scored.some((s) => Math.abs(s.start - w.start) <= slack && s.errors === 0)) continue;
      const from = Math.max(span.start, w.start - slack);
      const to = Math.min(span.end, w.start + m + slack);
      if (to - from < m - maxErrors) continue;
      const found = approxMatches(text, from, to, quote, maxErrors);
      if (found.length === 0) continue;
      // Several equally good alignments: take the one closest to where the seeds pointed.
      let pick = found[0] as { start: number; end: number; errors: number };
      for (const f of found) {
        if (Math.abs(from + f.start - w.start) < Math.abs(from + pick.start - w.start)) pick = f;
      }
      const start = from + pick.start;
      const end = from + pick.end;
      if (scored.some((s) => s.start === start && s.end === end)) continue;
      scored.push(score(text, quote, ctx, span, start, end, pick.errors));
    }
  }
  return scored.sort((a, b) => b.score - a.score);
}

function countStrong(scored: ScoredMatch[]): number {
  let n = 0;
  for (const s of scored) if (s.prefixScore >= 0.9 && s.suffixScore >= 0.9) n++;
  return n;
}
