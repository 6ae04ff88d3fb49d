/**
 * A Hypothesis-style anchorer, for comparison: the text model, selectors and matching of the Hypothesis client
 * (src/annotator/anchoring/{html,types,match-quote}.ts) re-implemented in a few lines.
 * - text is root.textContent (script and hidden text included), context is 32 characters;
 * - anchor tries the RangeSelector, then the TextPositionSelector, each accepted when the quote matches
 *   (the surroundings are not checked), then matchQuote: all exact copies if any exist, else approximate
 *   matches with maxErrors = min(256, quote.length / 2), scored quote 50, prefix 20, suffix 20, position 2,
 *   with no minimum score.
 */
import approxSearch from 'approx-string-match';
import { rangeBetween } from '../../annotator/text-index';
import { pointAtTextOffset, resolveXPath, textOffsetInElement, xpathFor } from '../../annotator/xpath';

export interface PeerSelectors {
  range: { start: string; startOffset: number; end: string; endOffset: number } | null;
  position: { start: number; end: number };
  quote: { exact: string; prefix: string; suffix: string };
}

function textNodes(root: Element): Text[] {
  const out: Text[] = [];
  const walker = (root.ownerDocument as Document).createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  return out;
}

function offsetInRoot(root: Element, node: Node, offset: number): number {
  return textOffsetInElement(root, node, offset);
}

function rangeFromOffsets(root: Element, start: number, end: number): Range | null {
  const s = pointAtTextOffset(root, start);
  const e = pointAtTextOffset(root, end);
  if (!s || !e) return null;
  return rangeBetween(s.node, s.offset, e.node, e.offset);
}

export function peerDescribe(root: Element, range: Range): PeerSelectors {
  const text = root.textContent ?? '';
  const start = offsetInRoot(root, range.startContainer, range.startOffset);
  const end = offsetInRoot(root, range.endContainer, range.endOffset);
  const el = (n: Node) => (n.nodeType === 1 ? (n as Element) : (n.parentElement as Element));
  const se = el(range.startContainer);
  const ee = el(range.endContainer);
  const sp = xpathFor(root, se);
  const ep = xpathFor(root, ee);
  return {
    range:
      sp && ep
        ? {
            start: sp,
            startOffset: textOffsetInElement(se, range.startContainer, range.startOffset),
            end: ep,
            endOffset: textOffsetInElement(ee, range.endContainer, range.endOffset),
          }
        : null,
    position: { start, end },
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 32), start),
      suffix: text.slice(end, end + 32),
    },
  };
}

interface M {
  start: number;
  end: number;
  errors: number;
}

function search(text: string, str: string, maxErrors: number): M[] {
  const exact: M[] = [];
  for (let i = text.indexOf(str); i !== -1; i = text.indexOf(str, i + 1)) {
    exact.push({ start: i, end: i + str.length, errors: 0 });
  }
  return exact.length > 0 ? exact : approxSearch(text, str, maxErrors);
}

function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const m = search(text, str, str.length);
  return 1 - (m[0] as M).errors / str.length;
}

function matchQuote(text: string, quote: string, prefix: string, suffix: string, hint: number): M | null {
  if (quote.length === 0) return null;
  const matches = search(text, quote, Math.min(256, quote.length / 2));
  if (matches.length === 0) return null;
  let best: M | null = null;
  let bestScore = -1;
  for (const m of matches) {
    const q = 1 - m.errors / quote.length;
    const p = prefix ? textMatchScore(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix) : 1;
    const s = suffix ? textMatchScore(text.slice(m.end, m.end + suffix.length), suffix) : 1;
    const pos = 1 - Math.abs(m.start - hint) / text.length;
    const score = (50 * q + 20 * p + 20 * s + 2 * pos) / 92;
    if (score > bestScore) {
      bestScore = score;
      best = m;
    }
  }
  return best;
}

/** `text` is root.textContent, computed by the caller (Hypothesis recomputes it per anchor). */
export function peerAnchor(root: Element, sel: PeerSelectors, text: string): Range | null {
  if (sel.range) {
    const se = resolveXPath(root, sel.range.start);
    const ee = resolveXPath(root, sel.range.end);
    if (se && ee) {
      const s = pointAtTextOffset(se, sel.range.startOffset);
      const e = pointAtTextOffset(ee, sel.range.endOffset);
      if (s && e) {
        // Same jsdom-friendly construction as Gloss, so the timing compares matching, not Range setup.
        const r = rangeBetween(s.node, s.offset, e.node, e.offset);
        if (!r.collapsed && r.toString() === sel.quote.exact) return r;
      }
    }
  }
  if (text.slice(sel.position.start, sel.position.end) === sel.quote.exact) {
    const r = rangeFromOffsets(root, sel.position.start, sel.position.end);
    if (r) return r;
  }
  const m = matchQuote(text, sel.quote.exact, sel.quote.prefix, sel.quote.suffix, sel.position.start);
  return m ? rangeFromOffsets(root, m.start, m.end) : null;
}

export { textNodes };
