/**
 * A second opinion on the story's element, scored the way Readability does: every paragraph-like block votes
 * for its ancestors (its parent fully, its grandparent half, further ancestors less), each vote worth more for
 * longer, comma-rich text; candidates start from a tag and class-name prior and are discounted by their link
 * density. It finds stories split into many short paragraphs under one wrapper, where the subtree search
 * (article.ts) may settle for a single long section.
 */
import type { ElementStats, PageStats } from './text-stats';

/** Class / id words of containers Readability drops before scoring (unless they also read as content). */
const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/;
const MAYBE_CONTENT = /and|article|body|column|content|main|shadow/;

const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/;
const NEGATIVE =
  /-1|-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget/;

const PARAGRAPH_TAGS = new Set(['P', 'PRE', 'TD']);
/** Divs and sections whose text is all their own are paragraphs too (Readability rewrites them to <p>). */
const PARAGRAPH_LIKE = new Set(['DIV', 'SECTION']);
const NEVER_CANDIDATE = new Set(['BODY', 'HTML']);

function tagWeight(tag: string): number {
  switch (tag) {
    case 'DIV':
      return 5;
    case 'PRE':
    case 'TD':
    case 'BLOCKQUOTE':
      return 3;
    case 'ADDRESS':
    case 'OL':
    case 'UL':
    case 'DL':
    case 'DD':
    case 'DT':
    case 'LI':
    case 'FORM':
      return -3;
    case 'H1':
    case 'H2':
    case 'H3':
    case 'H4':
    case 'H5':
    case 'H6':
    case 'TH':
      return -5;
    default:
      return 0;
  }
}

function nameWeight(s: ElementStats): number {
  if (!s.name) return 0;
  let w = 0;
  if (NEGATIVE.test(s.name)) w -= 25;
  if (POSITIVE.test(s.name)) w += 25;
  return w;
}

export interface ParagraphChoice {
  best: ElementStats;
  /** Final (link-density discounted) scores, indexed like `stats.postorder`; 0 for non-candidates. */
  scores: Float64Array;
}

/** The element a Readability-style paragraph vote picks, or null when no paragraph votes. */
export function paragraphCandidate(stats: PageStats, excluded: Set<ElementStats>): ParagraphChoice | null {
  const { postorder } = stats;
  const n = postorder.length;
  // Top-down: subtrees Readability would have removed as unlikely before scoring.
  const dropped = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const s = postorder[i] as ElementStats;
    if (
      excluded.has(s) ||
      (s.parent && dropped[s.parent.index]) ||
      (s.name && !NEVER_CANDIDATE.has(s.tag) && UNLIKELY.test(s.name) && !MAYBE_CONTENT.test(s.name))
    )
      dropped[i] = 1;
  }
  const raw = new Float64Array(n);
  const touched = new Uint8Array(n);
  let any = false;
  for (const s of postorder) {
    if (dropped[s.index]) continue;
    const paragraph =
      PARAGRAPH_TAGS.has(s.tag) || (PARAGRAPH_LIKE.has(s.tag) && s.ownText === s.text && s.text > 0);
    if (!paragraph) continue;
    const length = PARAGRAPH_TAGS.has(s.tag) ? s.text : s.ownText;
    if (length < 25) continue;
    const vote = 1 + s.ownCommas + Math.min(3, Math.floor(length / 100));
    let level = 0;
    for (let p = s.parent; p && level < 5; p = p.parent, level++) {
      if (!p.parent) break;
      if (!touched[p.index]) {
        touched[p.index] = 1;
        raw[p.index] = tagWeight(p.tag) + nameWeight(p);
      }
      raw[p.index] = (raw[p.index] ?? 0) + (level === 0 ? vote : level === 1 ? vote / 2 : vote / (level * 3));
      any = true;
    }
  }
  if (!any) return null;
  const scores = new Float64Array(n);
  let best: ElementStats | null = null;
  for (const s of postorder) {
    if (!touched[s.index] || s.text === 0) continue;
    const score = (raw[s.index] ?? 0) * (1 - s.linkText / s.text);
    scores[s.index] = score;
    if (!best || score > (scores[best.index] ?? 0)) best = s;
  }
  if (!best) return null;
  // Readability climbs to an ancestor that scores higher than the path below it.
  let last = scores[best.index] ?? 0;
  const threshold = last / 3;
  for (let p = best.parent; p && !NEVER_CANDIDATE.has(p.tag); p = p.parent) {
    if (!touched[p.index]) continue;
    const score = scores[p.index] ?? 0;
    if (score < threshold) break;
    if (score > last) {
      best = p;
      break;
    }
    last = score;
  }
  // A lone child is its parent's whole content: the parent is the nicer region.
  while (best.parent && !NEVER_CANDIDATE.has(best.parent.tag) && best.parent.text === best.text)
    best = best.parent;
  return { best, scores };
}
