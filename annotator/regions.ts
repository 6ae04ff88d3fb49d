/**
 * Where a news page's story and its reader comments are. Pure DOM: runs in the page, in happy-dom and in jsdom,
 * without layout. Every browser global is read at call time.
 */

import { composedContains } from './composed-tree';
import { analyseRegions } from './regions/analyse';

export { watchRegions } from './regions/watch';

export interface CommentRegion {
  element: Element;
  author: string | null;
  /** Stable comment id or permalink fragment, where the page has one. */
  key: string | null;
}

export interface PageRegions {
  /** The one element holding the whole story (headline and body). */
  article: Element | null;
  /**
   * Descendants of `article` that are not the story (a gallery, related links, a share bar, the comment
   * form), outermost only: the story is `article` without them. Empty when nothing needs leaving out.
   */
  articleExcluded: Element[];
  comments: CommentRegion[];
}

export type RegionHit =
  | { kind: 'article'; element: Element }
  | { kind: 'comment'; element: Element; author: string | null; key: string | null };

export function detectRegions(doc: Document): PageRegions {
  return analyseRegions(doc).regions;
}

/** The region a node (e.g. a selection's common ancestor) belongs to; the innermost comment wins. */
export function regionOf(regions: PageRegions, node: Node): RegionHit | null {
  let hit: CommentRegion | null = null;
  for (const c of regions.comments) {
    if (composedContains(c.element, node) && (!hit || composedContains(hit.element, c.element))) hit = c;
  }
  if (hit) return { kind: 'comment', element: hit.element, author: hit.author, key: hit.key };
  if (
    regions.article &&
    composedContains(regions.article, node) &&
    !regions.articleExcluded.some((e) => composedContains(e, node))
  )
    return { kind: 'article', element: regions.article };
  return null;
}
