/**
 * Finds individual reader comments: platform markup and naming conventions first, then repeated
 * author-and-time blocks inside a discussion section as the general fallback.
 */
import { authorRank, namedSignature, platformSignature } from './comment-signals';
import { collapse } from './dom';
import { findForumComments } from './forum-fallback';
import { type ElementStats, isInside, type PageStats, subtree } from './text-stats';

export interface FoundComment {
  element: Element;
  author: string | null;
  key: string | null;
}

export interface CommentsResult {
  comments: FoundComment[];
  /** Subtrees holding the discussion (threads, not only the selected parts): never article text. */
  zones: ElementStats[];
}

interface Candidate {
  stats: ElementStats;
  signature: string;
}

const DENIED_CONTAINERS = new Set(['FORM', 'NAV', 'HEAD']);

function collectCandidates(stats: PageStats, headline: ElementStats | null): Candidate[] {
  const out: Candidate[] = [];
  for (const s of stats.postorder) {
    if (s.text < 2) continue;
    // A comment never holds the page's headline: such a "comment box" is the story itself.
    if (headline && isInside(headline, s)) continue;
    const signature = platformSignature(s) ?? (s.name.includes('comment') ? namedSignature(s) : null);
    if (!signature) continue;
    out.push({ stats: s, signature });
  }
  // Page order, so outer thread elements come before their replies.
  out.sort((a, b) => a.stats.order - b.stats.order);
  return out.filter((c) => !inDeniedContainer(c.stats));
}

/** Previews, templates and trackback lists look like comments but are not readers' words. */
const DENIED_NAMES = /(?:^|[\s_-])(?:preview|template)(?:$|\s)|pingback|trackback/;

export function inDeniedContainer(s: ElementStats): boolean {
  for (let p: ElementStats | null = s; p; p = p.parent) {
    if (DENIED_CONTAINERS.has(p.tag) || (p.name && DENIED_NAMES.test(p.name))) return true;
  }
  return false;
}

/**
 * Picks one element per comment from nested candidates: the outermost candidate that does not hold replies
 * of its own kind; for a thread element holding replies, its own part (the child without the replies).
 */
function selectItems(
  candidates: Candidate[],
  stats: PageStats,
): { items: ElementStats[]; zones: ElementStats[] } {
  const bySig = new Map<ElementStats, string>();
  for (const c of candidates) bySig.set(c.stats, c.signature);
  // Which signatures occur below each element: a candidate with its own signature below holds replies.
  const below = new Map<ElementStats, Set<string>>();
  const zones: ElementStats[] = [];
  for (const c of candidates) {
    let top = true;
    for (let p = c.stats.parent; p; p = p.parent) {
      let set = below.get(p);
      if (!set) {
        set = new Set();
        below.set(p, set);
      }
      set.add(c.signature);
      if (bySig.has(p)) top = false;
    }
    if (top) zones.push(c.stats);
  }
  const selected: ElementStats[] = [];
  const selectedSet = new Set<ElementStats>();
  const hasSelectedAncestor = (s: ElementStats): boolean => {
    for (let p = s.parent; p; p = p.parent) if (selectedSet.has(p)) return true;
    return false;
  };
  for (const c of candidates) {
    if (hasSelectedAncestor(c.stats)) continue;
    let chosen: ElementStats | null = c.stats;
    if (below.get(c.stats)?.has(c.signature)) chosen = ownPart(c.stats, c.signature, bySig, below, stats);
    if (!chosen || selectedSet.has(chosen) || hasSelectedAncestor(chosen)) continue;
    if (!looksLikeComment(chosen)) continue;
    selected.push(chosen);
    selectedSet.add(chosen);
  }
  return { items: selected, zones };
}

/** The child of a thread element that holds its own header and text but none of the replies. */
function ownPart(
  thread: ElementStats,
  signature: string,
  bySig: Map<ElementStats, string>,
  below: Map<ElementStats, Set<string>>,
  stats: PageStats,
): ElementStats | null {
  const parts: ElementStats[] = [];
  for (let child = thread.element.firstElementChild; child; child = child.nextElementSibling) {
    const s = stats.byElement.get(child);
    if (!s || s.text === 0) continue;
    if (bySig.get(s) === signature || below.get(s)?.has(signature)) continue;
    parts.push(s);
  }
  if (parts.length === 1) return parts[0] ?? null;
  // Several loose parts (avatar, name, text): no single element holds this comment alone, so the thread
  // element stands for it, replies included.
  return parts.length > 1 ? thread : null;
}

function looksLikeComment(s: ElementStats): boolean {
  // Widgets listing recent comments are mostly links to posts; a comment form is not a comment.
  return s.text >= 3 && s.linkText <= s.text * 0.6 && s.forms === 0;
}

/** A discussion has words in it: a lone counter or a rating widget named "comment" is not one. */
export function enoughWords(items: ElementStats[]): boolean {
  let plain = 0;
  for (const s of items) plain += s.text - s.linkText;
  // One short comment still counts when the page numbers it as a comment (id="comment-123").
  return plain >= 40 || (plain >= 10 && items.some((s) => /comment[-_]?\d/.test(s.id)));
}

function cleanAuthor(text: string): string | null {
  const name = collapse(text)
    .replace(/\s*\b(?:says|said|wrote|writes)\b.*$/i, '')
    .replace(/^(?:by|posted by|written by|from)\s+/i, '')
    .replace(/[\s:|,-]+$/, '');
  return name.length > 0 && name.length <= 60 ? name : null;
}

/** A header or footer line naming the poster: "Posted by: Ana Ruiz | May 3", "by Ana Ruiz on May 3, 2012". */
const BYLINE_LINE =
  /^\s*((?:posted|written|submitted|commented|comment)\s+)?by:?\s+([^|\n]{2,50}?)\s*(\|.*|[-–—,(]?\s*(?:on|at)\s.*|[-–—,(].*|)$/i;

/** The longest header or footer line that is still a line, not a paragraph of the comment. */
const MAX_LINE = 160;

function bylineAuthor(stats: PageStats, s: ElementStats): string | null {
  for (const e of subtree(stats, s)) {
    if (e === s || e.ownText === 0 || e.text > MAX_LINE) continue;
    const match = BYLINE_LINE.exec(collapse(e.element.textContent ?? ''));
    if (!match?.[2]) continue;
    // "by the way, ..." is prose: a byline line ends, or goes on with a separator or the date.
    const rest = match[3] ?? '';
    if ((match[1] && rest === '') || rest.startsWith('|') || DATE_AFTER.test(rest))
      return cleanAuthor(match[2]);
  }
  return null;
}

/** Links to a member's profile page (`/users/ana`, `/profile/123`). */
const PROFILE_HREF = /\/(?:users?|members?|profiles?|people|authors?)\/[^/?#\s]+\/?(?:[?#].*)?$/i;
/** A date right after a name in a comment header: "Quinn September 19th, 2012", "Ana on 8/9/2012". */
const DATE_AFTER =
  /^\s*(?:[|,·•–—-]\s*)?(?:(?:on|at)\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago|yesterday|today)/i;

/**
 * A comment header without class names: a link to the member's profile, or the first link or bold name
 * followed by the date ("<a>Quinn</a> September 19th, 2012").
 */
function linkedAuthor(stats: PageStats, s: ElementStats, head: string): string | null {
  let checked = 0;
  for (const e of subtree(stats, s).sort((a, b) => a.order - b.order)) {
    if (e.tag !== 'A' && e.tag !== 'B' && e.tag !== 'STRONG') continue;
    if (e.text < 2 || e.text > 50) continue;
    const text = collapse(e.element.textContent ?? '');
    if (!/\p{L}/u.test(text)) continue;
    if (e.tag === 'A' && PROFILE_HREF.test(e.element.getAttribute('href') ?? '')) return cleanAuthor(text);
    // Only the header counts: the first few named links or bold words of the comment.
    if (++checked > 3) break;
    const at = head.indexOf(text);
    if (at >= 0 && at < 80 && DATE_AFTER.test(head.slice(at + text.length))) return cleanAuthor(text);
  }
  return null;
}

const SAYS = /^\s*(?:on\s[^\n]{4,40}?,\s*)?([^\n]{2,50}?)\s+(?:says|said|wrote|writes)\b/i;

export function findAuthor(stats: PageStats, s: ElementStats): string | null {
  const scopes: ElementStats[] = [s];
  // Definition-list comments keep the header in the <dt> before the <dd> body.
  const prev = s.element.previousElementSibling;
  const prevStats = prev ? stats.byElement.get(prev) : undefined;
  if (s.tag === 'DD' && prevStats?.tag === 'DT') scopes.unshift(prevStats);
  for (const scope of scopes) {
    let best: ElementStats | null = null;
    let bestRank = Number.POSITIVE_INFINITY;
    for (const e of subtree(stats, scope)) {
      if (e === s) continue;
      const rank = authorRank(e);
      if (rank === null || rank > bestRank || (rank === bestRank && best && e.order > best.order)) continue;
      if (e.text === 0 || e.text > 80) continue;
      best = e;
      bestRank = rank;
    }
    if (best) {
      // An itemprop=author wrapper often holds the name in its own itemprop=name.
      const named = best.itemprop ? subtree(stats, best).find((e) => e.itemprop === 'name') : undefined;
      const name = cleanAuthor((named ?? best).element.textContent ?? '');
      if (name) return name;
    }
  }
  const head = (scopes[0]?.element.textContent ?? '').slice(0, 200).replace(/\s+/g, ' ');
  const says = SAYS.exec(head);
  if (says?.[1]) return cleanAuthor(says[1]);
  const lineAuthor = bylineAuthor(stats, s) ?? linkedAuthor(stats, s, head);
  if (lineAuthor) return lineAuthor;
  // A <dt> header like "1. Ana Ruiz - August 8, 2012": the name is what precedes the date.
  if (scopes[0]?.tag === 'DT') {
    const name = head.replace(/^\s*\d+\.\s*/, '').split(/\s+[-–|]\s+|\s+on\s+|,\s/)[0] ?? '';
    if (name.length <= 40) return cleanAuthor(name);
  }
  return null;
}

const HAS_DIGIT = /\d/;

/** Ids that are comment permalinks (`#comment-12`), preferred over ids of inner wrappers. */
const PERMALINK_ID = /^(?:comment|post|reply|message|c|p)[-_]?\d/i;

export function findKey(s: ElementStats): string | null {
  // The comment's own id, or the id of the thread element wrapping it (li#comment-12 > article).
  let first: string | null = null;
  for (let p: ElementStats | null = s, hops = 0; p && hops < 3; p = p.parent, hops++) {
    if (p.id && HAS_DIGIT.test(p.id)) {
      if (PERMALINK_ID.test(p.id)) return p.id;
      first ??= p.id;
    }
    const data = p.data;
    if (data && !first) {
      const id =
        data['data-comment-id'] ??
        data['data-post-id'] ??
        data['data-message-id'] ??
        data['data-vf-comment-id'];
      if (id) first = id;
    }
  }
  return first;
}

export function findComments(doc: Document, stats: PageStats, headline: ElementStats | null): CommentsResult {
  const candidates = collectCandidates(stats, headline);
  let { items, zones } = selectItems(candidates, stats);
  if (!enoughWords(items)) items = [];
  if (items.length === 0) ({ items, zones } = findForumComments(doc, stats));
  items.sort((a, b) => a.order - b.order);
  return {
    comments: items.map((s) => ({ element: s.element, author: findAuthor(stats, s), key: findKey(s) })),
    zones,
  };
}
