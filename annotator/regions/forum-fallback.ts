/**
 * The general fallback for comments without telling markup: inside a section the page names as its
 * discussion (id/class `comments`, `discussion`, `responses`), the largest run of sibling blocks of one kind
 * that each carry some prose. Requiring the named section keeps related-article lists and teasers, which
 * also repeat "title + date + excerpt" blocks, from passing as comments.
 */
import { inDeniedContainer } from './comments';
import type { ElementStats, PageStats } from './text-stats';

/** A posting time as comment headers show it: clock times, dates, years, "3 hours ago". */
const TIME_MARK =
  /\b(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b)?|(?:19|20)\d{2}\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago|yesterday|today)/i;

function headerOf(stats: PageStats, s: ElementStats): number {
  if (s.tag !== 'DD') return 0;
  const prev = s.element.previousElementSibling;
  return prev ? (stats.byElement.get(prev)?.text ?? 0) : 0;
}

function headerText(s: ElementStats): string {
  // A <dd> body keeps its header (author, time) in the <dt> just before it.
  const prev = s.tag === 'DD' ? s.element.previousElementSibling : null;
  const own = (s.element.textContent ?? '').slice(0, 400);
  return prev ? `${(prev.textContent ?? '').slice(0, 200)} ${own}` : own;
}

const SECTION_NAME =
  /(?:^|\s)(?:comments?|comment-?list|commentlist|comments?[-_](?:section|area|wrap|wrapper|container|list|thread|block|holder)|discussion|responses|replies|reader-comments|user-comments)(?:\s|$)/;

const MIN_ITEM_TEXT = 8;

function sectionsOf(stats: PageStats): ElementStats[] {
  const sections: ElementStats[] = [];
  for (const s of stats.postorder) {
    if (!s.name || s.text < 40 || (s.forms > 0 && s.text < 200)) continue;
    if (SECTION_NAME.test(s.name)) sections.push(s);
  }
  // Outermost first (post-order lists inner sections before outer ones).
  return sections.reverse();
}

interface Run {
  container: ElementStats;
  items: ElementStats[];
}

/** The best run of same-tag sibling blocks with prose directly under one element of the section. */
function bestRun(stats: PageStats, section: ElementStats): Run | null {
  let best: Run | null = null;
  const first = section.index - section.size + 1;
  for (let i = first; i <= section.index; i++) {
    const container = stats.postorder[i] as ElementStats;
    if (container.text < MIN_ITEM_TEXT * 2) continue;
    const byTag = new Map<string, ElementStats[]>();
    for (let child = container.element.firstElementChild; child; child = child.nextElementSibling) {
      const s = stats.byElement.get(child);
      if (!s || s.forms > 0 || s.text - s.linkText < MIN_ITEM_TEXT) continue;
      if (s.tag === 'H1' || s.tag === 'H2' || s.tag === 'H3' || s.tag === 'H4' || s.tag === 'DT') continue;
      const list = byTag.get(s.tag);
      if (list) list.push(s);
      else byTag.set(s.tag, [s]);
    }
    for (const items of byTag.values()) {
      if (items.length < 1) continue;
      const text = items.reduce((n, s) => n + s.text + headerOf(stats, s), 0);
      // The run must be most of the container's text, or it is a layout of unrelated blocks.
      if (text < container.text * 0.6) continue;
      if (!best || items.length > best.items.length) best = { container, items };
    }
  }
  return best;
}

export function findForumComments(
  _doc: Document,
  stats: PageStats,
): { items: ElementStats[]; zones: ElementStats[] } {
  for (const section of sectionsOf(stats)) {
    const run = bestRun(stats, section);
    if (!run) continue;
    // A lone paragraph under a "comments" heading is as likely a "comments are closed" notice.
    if (run.items.length < 2 && run.container.tag !== 'DL') continue;
    if (inDeniedContainer(run.container)) continue;
    // Readers' comments carry a posting time; notices and calls to action ("sign in to comment") do not.
    const timed = run.items.filter((s) => TIME_MARK.test(headerText(s))).length;
    if (timed < run.items.length * 0.6) continue;
    return { items: run.items, zones: [section] };
  }
  return { items: [], zones: [] };
}
