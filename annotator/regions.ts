/**
 * Where a news page's story and its reader comments are. Pure DOM: runs in the page, in happy-dom and in jsdom,
 * without layout. Every browser global is read at call time.
 */
import { findArticle, findHeadline, titleHeadings } from './regions/article';
import { findComments } from './regions/comments';
import { findDeclaredBody } from './regions/declared-body';
import { composedContains } from './regions/dom';
import { measurePage } from './regions/text-stats';

export { watchRegions } from './regions/watch';

export interface CommentRegion {
  element: Element;
  author: string | null;
  /** Stable comment id or permalink fragment, where the page has one. */
  key: string | null;
}

export interface PageRegions {
  article: Element | null;
  comments: CommentRegion[];
}

export type RegionHit =
  | { kind: 'article'; element: Element }
  | { kind: 'comment'; element: Element; author: string | null; key: string | null };

export function detectRegions(doc: Document): PageRegions {
  const root = doc.body ?? doc.documentElement;
  if (!root) return { article: null, comments: [] };
  const stats = measurePage(root);
  const titled = titleHeadings(doc, stats);
  const headline = findHeadline(doc, stats, titled);
  const { comments, zones } = findComments(doc, stats, headline);
  const declared = findDeclaredBody(doc, stats);
  const article = findArticle({ stats, zones, headline, declared, titled });
  return { article, comments };
}

/** The region a node (e.g. a selection's common ancestor) belongs to; the innermost comment wins. */
export function regionOf(regions: PageRegions, node: Node): RegionHit | null {
  let hit: CommentRegion | null = null;
  for (const c of regions.comments) {
    if (composedContains(c.element, node) && (!hit || composedContains(hit.element, c.element))) hit = c;
  }
  if (hit) return { kind: 'comment', element: hit.element, author: hit.author, key: hit.key };
  if (regions.article && composedContains(regions.article, node))
    return { kind: 'article', element: regions.article };
  return null;
}
