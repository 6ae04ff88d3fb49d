/**
 * Finds the element holding the story: the subtree that maximises paragraph text inside minus boilerplate
 * inside (a maximum-subtree search over one bottom-up pass), nudged by the page's own declarations
 * (schema.org articleBody, CMS class names) and by the headline.
 */
import { collapse } from './dom';
import { paragraphCandidate } from './paragraph-score';
import { type ElementStats, isInside, type PageStats } from './text-stats';

/**
 * Class/id tokens of containers whose text is not the story even when it reads like prose. Matched per token
 * with at most one leading word (`post-share-buttons`, not `entry-category-social_media`) and two trailing
 * ones: ids made from a section's heading (`sharing-with-a-single-developer`) are not share bars.
 */
const BOILERPLATE_TOKEN =
  /^(?:[a-z0-9]+[-_])?(?:comments?|replies|disqus|sidebar|side-bar|widgets?|related|recommended|recommendations|footer|masthead|menu|breadcrumbs?|share|sharing|social|newsletter|subscribe|promo|sponsored|advert|advertisement|ads?|banner|popular|trending|most-read|pagination|pager|nav|navigation|navbar|tags|author-bio|about-author|signup|cookie|consent|outbrain|taboola)(?:[-_][a-z0-9]+){0,2}$/;

const FURNITURE_TAGS = new Set(['NAV', 'ASIDE', 'FOOTER', 'HEADER']);

export function isBoilerplate(s: ElementStats): boolean {
  // A form's text (labels, "You may use these HTML tags", terms) is never the story: comment and newsletter
  // forms. Pages wrapped whole in one form (ASP.NET) are spared by the caller's size and headline checks.
  if (FURNITURE_TAGS.has(s.tag) || s.tag === 'FORM') return true;
  if (!s.name || CONTENT_NAME.test(s.name)) return false;
  for (const token of s.name.split(/\s+/)) if (BOILERPLATE_TOKEN.test(token)) return true;
  return false;
}

export const CONTENT_NAME =
  /article|entry-content|post-content|post-body|story|content-body|article-body|articlebody|main-content|hentry|h-entry|blog-post|post-entry|single-post|body-text|text-body|articletext/;

/** A declared body must hold at least this share of the best subtree's prose score to be trusted. */
const DECLARED_SHARE = 0.5;

const HEADING = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

function blockValue(s: ElementStats): number {
  const own = s.ownText;
  if (own === 0) return 0;
  if (HEADING.has(s.tag)) return 0;
  const linkShare = s.ownLinkText / own;
  if (linkShare >= 0.5) return -own;
  if (own >= 80 && linkShare < 0.4) return own;
  if (own >= 40 && linkShare < 0.2) return own * 0.5;
  return -own * 0.25;
}

function normaliseTitle(text: string): string {
  return collapse(text).toLowerCase();
}

function pageTitles(doc: Document): string[] {
  const titles: string[] = [];
  // Walking <head>'s children is far cheaper than a selector that may scan the whole document.
  for (let el = doc.head?.firstElementChild ?? null; el; el = el.nextElementSibling) {
    if (el.localName !== 'meta') continue;
    const key = el.getAttribute('property') ?? el.getAttribute('name');
    if (key === 'og:title' || key === 'twitter:title') {
      const content = el.getAttribute('content');
      if (content) titles.push(normaliseTitle(content));
    }
  }
  if (doc.title) titles.push(normaliseTitle(doc.title));
  return titles;
}

/**
 * Headings (h1-h3) that match the document's title (they are the title, part of it, or hold it), each with
 * how many characters of the title it matches.
 */
export function titleHeadings(doc: Document, stats: PageStats): Map<ElementStats, number> {
  const matches = new Map<ElementStats, number>();
  if (stats.headings.length === 0) return matches;
  const titles = pageTitles(doc);
  for (const h of stats.headings) {
    if (h.text < 8 || h.text > 400) continue;
    const text = normaliseTitle(h.element.textContent ?? '');
    let match = 0;
    for (const t of titles) {
      if (t.includes(text) || text.includes(t)) match = Math.max(match, Math.min(t.length, text.length));
    }
    if (match > 0) matches.set(h, match);
  }
  return matches;
}

/**
 * The page's headline element: the heading that matches the most of the document's title, the first and
 * highest-ranked among equals, and one outside the site's banner over one inside it. Blog themes put the
 * site's name in an h1 on every page and the post's title in an h2 or h3; the title (`Site: Post title`)
 * holds both.
 */
export function findHeadline(
  doc: Document,
  stats: PageStats,
  titled: Map<ElementStats, number> = titleHeadings(doc, stats),
): ElementStats | null {
  let best: ElementStats | null = null;
  let bestMatch = 0;
  let bestBranding = true;
  for (const [h, match] of titled) {
    const branding = isSiteBranding(h);
    if (branding && !bestBranding) continue;
    if (
      (bestBranding && !branding) ||
      match > bestMatch ||
      (match === bestMatch && best && h.tag < best.tag)
    ) {
      best = h;
      bestMatch = match;
      bestBranding = branding;
    }
  }
  if (best) return best;
  const h1s = stats.headings.filter((h) => h.tag === 'H1');
  return h1s.length === 1 ? (h1s[0] ?? null) : null;
}

/** Class / id tokens of the site's banner, where the site's name is (not a story's header: `entry-header`). */
const BRANDING_TOKEN =
  /^(?:(?:site|blog|page|top|global)[-_]?)?(?:header|banner|masthead|branding|brand|logo)(?:[-_]?(?:inner|wrapper|wrap|container|area))?$/;
const STORY_TOKEN = /^(?:[a-z0-9]+[-_])?(?:article|post|entry|story|hentry)(?:[-_][a-z0-9]+)*$/;

/** Whether a heading sits in the site's banner (its name in an h1) rather than in a story. */
function isSiteBranding(h: ElementStats): boolean {
  let branding = false;
  for (let a = h.parent; a; a = a.parent) {
    if (a.tag === 'ARTICLE' || a.tag === 'MAIN') return false;
    if (!a.name) continue;
    for (const token of a.name.split(/\s+/)) {
      if (STORY_TOKEN.test(token)) return false;
      if (BRANDING_TOKEN.test(token)) branding = true;
    }
  }
  return branding;
}

export interface ArticleInput {
  stats: PageStats;
  /** Comment sections: their text never counts as story. */
  zones: ElementStats[];
  headline: ElementStats | null;
  /** The body the page declares (schema.org articleBody), if any. */
  declared?: ElementStats | null;
  /** Headings that match the document's title (`titleHeadings`): a story's headline, never a teaser's. */
  titled?: ReadonlyMap<ElementStats, number>;
}

export interface ArticleChoice {
  /** The subtree search's choice. */
  subtree: ElementStats;
  /** The paragraph vote's choice (Readability's way), when any paragraph voted. */
  paragraph: ElementStats | null;
  /** The declared body when trusted. */
  declared: ElementStats | null;
  /** Elements inside comment sections, and elements in boilerplate (sidebars, share bars, forms, teasers). */
  inZone: Set<ElementStats>;
  inBoilerplate: Set<ElementStats>;
}

/**
 * The hand-written cascade over the choosers: the declared body when trusted, else the subtree choice unless
 * the paragraph vote found a cleaner part of it or outvotes it.
 */
export function pickArticle(choice: ArticleChoice, input: ArticleInput): ElementStats {
  if (choice.declared) return choice.declared;
  const { subtree, paragraph } = choice;
  if (!paragraph || paragraph === subtree) return subtree;
  if (
    cleanerInside(paragraph, subtree, input.headline) ||
    outvoted(paragraph, subtree, input.stats, input.headline)
  )
    return paragraph;
  return subtree;
}

/** Fewer characters than this is no story body, whatever the subtree search made of it (a logo, a caption). */
const MIN_STORY = 100;

/**
 * Whether the paragraph vote's element should replace a subtree choice it does not overlap: the subtree
 * choice is too short to be a story, or (unless only it holds the headline) holds fewer prose paragraphs, or
 * is mostly links where the vote's is not.
 */
function outvoted(
  paragraph: ElementStats,
  subtree: ElementStats,
  stats: PageStats,
  headline: ElementStats | null,
): boolean {
  if (subtree.text < MIN_STORY) return true;
  if (isInside(paragraph, subtree) || isInside(subtree, paragraph)) return false;
  // The story is where its headline is: a box of prose elsewhere (an author's bio) does not outvote it.
  if (headline && isInside(headline, subtree) && !isInside(headline, paragraph)) return false;
  if (proseParagraphText(paragraph, stats) > proseParagraphText(subtree, stats)) return true;
  return subtree.linkText >= subtree.text * 0.25 && paragraph.linkText < paragraph.text * 0.1;
}

/** A <p> of at least 25 characters with few links: prose, by a measure neither chooser optimises. */
export function isProseParagraph(e: ElementStats): boolean {
  return e.tag === 'P' && e.text >= 25 && e.linkText < e.text * 0.25;
}

/** Characters in prose paragraphs (`isProseParagraph`) of a subtree. */
function proseParagraphText(s: ElementStats, stats: PageStats): number {
  let n = 0;
  for (let i = s.index - s.size + 1; i <= s.index; i++) {
    const e = stats.postorder[i] as ElementStats;
    if (isProseParagraph(e)) n += e.text;
  }
  return n;
}

/** Share of the subtree choice's text the paragraph vote's element must keep to replace it. */
const CLEANER_SHARE = 0.3;

/**
 * Whether the paragraph vote found, inside the subtree choice, a part that sheds the choice's links: the
 * subtree search tolerates link lists (related stories, tag clouds, share bars) next to enough prose, while
 * the vote's element holds the paragraphs without them.
 */
function cleanerInside(
  paragraph: ElementStats,
  subtree: ElementStats,
  headline: ElementStats | null,
): boolean {
  if (paragraph === subtree || !isInside(paragraph, subtree) || subtree.text === 0 || paragraph.text === 0)
    return false;
  if (paragraph.text < subtree.text * CLEANER_SHARE) return false;
  const outer = subtree.linkText / subtree.text;
  const inner = paragraph.linkText / paragraph.text;
  if (outer - inner < 0.02 || inner > outer * 0.7) return false;
  // Leaving the headline behind is worth it only for a real link block, not a byline's few links.
  const dropsHeadline = headline !== null && isInside(headline, subtree) && !isInside(headline, paragraph);
  return !dropsHeadline || subtree.linkText - paragraph.linkText >= HEADLINE_LINK_BLOCK;
}

/** Link characters beyond a byline and category line: a related list, a tag cloud, a share bar. */
const HEADLINE_LINK_BLOCK = 150;

export function chooseArticle({
  stats,
  zones,
  headline,
  declared = null,
  titled,
}: ArticleInput): ArticleChoice | null {
  const { postorder } = stats;
  if (postorder.length === 0) return null;
  const zoneSet = new Set(zones);

  // Top-down flags (reverse post-order visits every parent before its children).
  const pageText = postorder[postorder.length - 1]?.text ?? 0;
  const inZone = new Set<ElementStats>();
  const inBoilerplate = new Set<ElementStats>();
  const teasers = findTeasers(postorder, headline, titled);
  for (let i = postorder.length - 1; i >= 0; i--) {
    const s = postorder[i] as ElementStats;
    const parent = s.parent;
    if (zoneSet.has(s) || (parent && inZone.has(parent))) inZone.add(s);
    if (parent && inBoilerplate.has(parent)) inBoilerplate.add(s);
    // A sidebar or footer never holds most of the page's text: big containers with such names are layout
    // wrappers (`js-social-anchor`), not boilerplate. An <aside>, <nav>, <header> or <footer> away from the
    // headline is furniture whatever its size (a sidebar of teasers longer than a short story).
    else if (
      !(headline && isInside(headline, s)) &&
      (teasers.has(s) ||
        ((s.text < pageText * 0.3 || (headline && FURNITURE_TAGS.has(s.tag))) && isBoilerplate(s)))
    )
      inBoilerplate.add(s);
  }

  // holdsZone[i]: a comment section lies in the subtree of postorder[i].
  const holdsZone = new Uint8Array(postorder.length);
  for (const s of postorder) {
    if (zoneSet.has(s)) holdsZone[s.index] = 1;
    if (holdsZone[s.index] && s.parent) holdsZone[s.parent.index] = 1;
  }

  // prose[i]: characters of story-like blocks in the subtree of postorder[i] (the positive part of the score).
  const prose = new Float64Array(postorder.length);
  for (const s of postorder) s.score = 0;
  for (const s of postorder) {
    let v = blockValue(s);
    if (inZone.has(s)) v = -s.ownText * 1.5;
    else if (inBoilerplate.has(s) && v > 0) v = -v * 0.5;
    if (v > 0) prose[s.index] = (prose[s.index] ?? 0) + v;
    if (s === headline) v += Math.max(s.text, 40);
    s.score += v;
    if (s.parent) {
      s.parent.score += s.score;
      prose[s.parent.index] = (prose[s.parent.index] ?? 0) + (prose[s.index] ?? 0);
    }
  }

  let best: ElementStats | null = null;
  for (const s of postorder) {
    if (inZone.has(s)) continue;
    // A wrapper with exactly the same text is the nicer region (it holds the images too).
    if (
      !best ||
      s.score > best.score ||
      (s.score === best.score && s.text === best.text && isInside(best, s))
    )
      best = s;
  }
  if (!best || best.score <= 0) return null;
  const trusted =
    declared && !inZone.has(declared) && declared.score >= best.score * DECLARED_SHARE ? declared : null;
  const tight = tighten(withSiblings(best, stats, inZone, inBoilerplate, holdsZone), prose, stats);
  let subtreeChoice = withHeadline(tight, headline, zoneSet, Math.max(best.score, tight.score));
  if (headline && subtreeChoice.text < SHORT_STORY && !isInside(headline, subtreeChoice)) {
    const block = headlineBlock(headline, holdsZone, inBoilerplate, pageText);
    if (block && block.text > subtreeChoice.text) subtreeChoice = block;
  }
  const paragraph = paragraphCandidate(stats, inZone);
  return {
    subtree: subtreeChoice,
    paragraph: paragraph?.best ?? null,
    declared: trusted,
    inZone,
    inBoilerplate,
  };
}

const TEASER_HEADING = new Set(['H2', 'H3', 'H4', 'H5', 'H6']);
/** A teaser is a linked headline and a summary of a few lines: its box holds little besides them. */
const TEASER_MAX_TEXT = 600;

/**
 * Teaser boxes: the parent of a heading that is all link (a headline pointing to another story) when that
 * parent holds little more than a summary. Lists of them (recommended, related, most read) read like prose
 * paragraph by paragraph; a story's own subheadings are not links, and headings that match the document's
 * title (a blog post's permalinked title) are the story's own.
 */
export function findTeasers(
  postorder: ElementStats[],
  headline: ElementStats | null,
  titled: ReadonlyMap<ElementStats, number> | undefined,
): Set<ElementStats> {
  const teasers = new Set<ElementStats>();
  for (const s of postorder) {
    if (!TEASER_HEADING.has(s.tag) || s.text === 0 || s.linkText < s.text * 0.9) continue;
    if (s === headline || titled?.has(s)) continue;
    const box = s.parent;
    if (box && box.text <= TEASER_MAX_TEXT && box.text > s.text && !(headline && isInside(headline, box)))
      teasers.add(box);
  }
  return teasers;
}

/** A choice shorter than this that leaves the headline out found no story body, only a box of prose. */
const SHORT_STORY = 500;
/** Body text the headline's block must hold besides the headline, and at most in all. */
const HEADLINE_BLOCK_MIN = 200;
const HEADLINE_BLOCK_MAX = 4000;

/**
 * The headline's block: its nearest ancestor (a few levels up) holding some text besides it, unless that
 * block holds comments, is boilerplate, or is a page column (most of the page, or the root). A short story
 * made mostly of links (a roundup, a gallery's captions) scores below an author bio or a sidebar blurb, but
 * it sits under its headline.
 */
function headlineBlock(
  headline: ElementStats,
  holdsZone: Uint8Array,
  inBoilerplate: Set<ElementStats>,
  pageText: number,
): ElementStats | null {
  let block = headline.parent;
  for (let hops = 0; block?.parent && hops < 4; hops++, block = block.parent) {
    if (holdsZone[block.index] || inBoilerplate.has(block)) return null;
    if (block.text > HEADLINE_BLOCK_MAX || block.text > pageText * 0.5) return null;
    if (block.text >= headline.text + HEADLINE_BLOCK_MIN) return block;
  }
  return null;
}

/** Share of the parent's text the story-like siblings must hold for the parent to replace the choice. */
const SIBLING_SHARE = 0.8;

const SENTENCE_END = /[.!?。！？…"”’)]\s*$/;

/**
 * Readability's sibling rule: a story is often a run of sibling blocks of which the scorer picked only the
 * richest (one long paragraph beside short ones, one section of many). Siblings that score well, or read like
 * prose, join the choice; when they make up most of the parent's text, the parent is the story.
 */
function withSiblings(
  best: ElementStats,
  stats: PageStats,
  inZone: Set<ElementStats>,
  inBoilerplate: Set<ElementStats>,
  holdsZone: Uint8Array,
): ElementStats {
  // One level only, as Readability does: climbing further pulls in whole page columns.
  const parent = best.parent;
  if (!parent || inZone.has(parent)) return best;
  let included = best.text;
  for (const sib of children(stats, parent)) {
    // A sibling holding comments is the discussion under the story, however prose-like its text.
    if (sib === best || sib.text === 0 || holdsZone[sib.index] || inBoilerplate.has(sib)) continue;
    const linkDensity = sib.linkText / sib.text;
    if (
      (sib.score > 0 && sib.score >= best.score * 0.2) ||
      (sib.text >= 80 && linkDensity < 0.25) ||
      // A short paragraph that ends a sentence, possibly with a link or two inside it.
      ((sib.linkText === 0 || (sib.tag === 'P' && linkDensity < 0.6)) &&
        SENTENCE_END.test(sib.element.textContent ?? ''))
    )
      included += sib.text;
  }
  return included > best.text && included >= parent.text * SIBLING_SHARE ? parent : best;
}

/** Share of a container's prose a child must hold to replace it: the rest is boilerplate around the story. */
const TIGHTEN_SHARE = 0.9;

/**
 * The tightest element still holding nearly all of the chosen subtree's prose: the subtree search tolerates
 * boilerplate whose penalty is smaller than the little prose beside it, which costs precision.
 */
function tighten(best: ElementStats, prose: Float64Array, stats: PageStats): ElementStats {
  let current = best;
  for (;;) {
    const total = prose[current.index] ?? 0;
    let next: ElementStats | null = null;
    for (const child of children(stats, current)) {
      // A single paragraph is not a story's container, however much of the prose it holds.
      if ((prose[child.index] ?? 0) >= total * TIGHTEN_SHARE && child.ownText < child.text * 0.5)
        next = child;
    }
    if (!next || total <= 0) return current;
    current = next;
  }
}

/** Direct children of an element in the walk's records (post-order: the last child comes just before it). */
export function children(stats: PageStats, s: ElementStats): ElementStats[] {
  const out: ElementStats[] = [];
  for (let i = s.index - 1; i > s.index - s.size; ) {
    const child = stats.postorder[i] as ElementStats;
    out.push(child);
    i -= child.size;
  }
  return out;
}

/**
 * Widens the story to the nearest ancestor holding the headline when that adds little besides it (the byline,
 * the date): readers count the headline as part of the story.
 */
function withHeadline(
  best: ElementStats,
  headline: ElementStats | null,
  zones: Set<ElementStats>,
  /** The score the widened element must nearly reach (the untightened choice's). */
  reference: number,
): ElementStats {
  if (!headline || isInside(headline, best)) return best;
  let ancestor = best.parent;
  for (let hops = 0; ancestor && hops < 6 && !isInside(headline, ancestor); hops++)
    ancestor = ancestor.parent;
  if (!ancestor || !isInside(headline, ancestor)) return best;
  for (const z of zones) if (isInside(z, ancestor)) return best;
  return ancestor.score >= reference * 0.85 ? ancestor : best;
}
