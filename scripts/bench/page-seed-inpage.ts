/**
 * The in-page half of page-seed.ts, bundled by esbuild and evaluated in a loaded page:
 * `window.__glossBenchSeed.pick(k, seed)` chooses K passages and describes each with Gloss's own code, as
 * Gloss's shortcut would (entrypoints/content/gloss-page.ts draftOf: the region the passage is in, and
 * describe() scoped to it), so a restored highlight costs what a saved one costs.
 *
 * Passages: 30 to 60 characters from word to word, inside one text node, at most one per 80 characters of a
 * node, spread evenly over the article's text and over the comments' text (half each when the page has
 * comments). Where Gloss found no article, passages come from the whole page, as Gloss then offers there.
 */
import { describe } from '../../annotator/anchoring';
import { detectRegions, type PageRegions, regionOf } from '../../annotator/regions';
import type { Selector } from '../../annotator/selectors';
import type { AnnotationRegion } from '../../storage/annotation';
import { normalizePageUrl } from '../../storage/url';
import { seededRandom } from './random';

export interface SeedPassage {
  quote: string;
  selectors: Selector[];
  region: AnnotationRegion;
}

export interface SeedPick {
  /** The key Gloss files this page's highlights under (storage/url.ts). */
  pageUrl: string;
  pageTitle: string;
  passages: SeedPassage[];
  /** Passages offered by the page in the article and in comments, before the spread. */
  available: { article: number; comments: number };
}

const SLOT = 80;
const MIN_LEN = 30;
const MAX_LEN = 60;

interface Slot {
  node: Text;
  offset: number;
  scope: Element | null;
  region: AnnotationRegion;
}

function slotsOf(regions: PageRegions): { article: Slot[]; comments: Slot[] } {
  const out = { article: [] as Slot[], comments: [] as Slot[] };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const parent = n.parentElement;
    if (!parent || parent.closest('script, style, noscript, template, textarea, gloss-ui')) continue;
    if (n.data.trim().length < MIN_LEN + 10 || parent.getClientRects().length === 0) continue;
    const hit = regionOf(regions, n);
    if (!hit && regions.article) continue;
    const place: Omit<Slot, 'offset'> =
      hit?.kind === 'comment'
        ? {
            node: n,
            scope: hit.element,
            region: { kind: 'comment', author: hit.author, commentKey: hit.key },
          }
        : hit?.kind === 'article'
          ? { node: n, scope: hit.element, region: { kind: 'article' } }
          : { node: n, scope: null, region: { kind: 'page' } };
    const list = place.region.kind === 'comment' ? out.comments : out.article;
    for (let offset = 0; offset + MIN_LEN + 10 <= n.data.length; offset += SLOT)
      list.push({ ...place, offset });
  }
  return out;
}

/** `count` slots spread evenly over `slots`, in page order. */
function spread(slots: Slot[], count: number): Slot[] {
  const n = Math.min(count, slots.length);
  return Array.from({ length: n }, (_, i) => slots[Math.floor(((i + 0.5) * slots.length) / n)] as Slot);
}

function passageAt(slot: Slot, rand: () => number): SeedPassage | null {
  const text = slot.node.data;
  // From the first word start at or after the slot's offset, to the end of the word that reaches the length.
  let start = slot.offset;
  if (start > 0 && /\S/.test(text[start - 1] ?? ''))
    while (start < text.length && /\S/.test(text[start] ?? '')) start++;
  while (start < text.length && /\s/.test(text[start] ?? '')) start++;
  let end = Math.min(text.length, start + MIN_LEN + Math.floor(rand() * (MAX_LEN - MIN_LEN)));
  while (end < text.length && /\S/.test(text[end] ?? '')) end++;
  if (end - start < MIN_LEN || end - start > SLOT - 5) return null;
  const range = document.createRange();
  range.setStart(slot.node, start);
  range.setEnd(slot.node, end);
  const selectors = describe(document.body, range, { scope: slot.scope });
  if (selectors.length === 0) return null;
  return { quote: range.toString().replace(/\s+/g, ' ').trim(), selectors, region: slot.region };
}

function pick(k: number, seed: number): SeedPick {
  const regions = detectRegions(document);
  const slots = slotsOf(regions);
  const inComments = slots.comments.length > 0 ? Math.min(Math.floor(k / 2), slots.comments.length) : 0;
  const chosen = [...spread(slots.article, k - inComments), ...spread(slots.comments, inComments)];
  const rand = seededRandom(seed);
  const passages = chosen.map((s) => passageAt(s, rand)).filter((p): p is SeedPassage => p !== null);
  const canonical = document.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.href ?? null;
  return {
    pageUrl: normalizePageUrl(location.href, canonical),
    pageTitle: document.title,
    passages,
    available: { article: slots.article.length, comments: slots.comments.length },
  };
}

(window as unknown as { __glossBenchSeed: { pick: typeof pick } }).__glossBenchSeed = { pick };
