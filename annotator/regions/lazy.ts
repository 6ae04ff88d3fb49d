import type { PageRegions } from '../regions';
import { detectRegions } from '../regions';

/**
 * The page's regions, detected when first asked for and again only after the page changed. Detection walks
 * the whole page (tens of ms, more on the heaviest news pages), so a page the reader only reads never pays
 * for it. Between two questions one mutation is enough to know the answer is stale: the observer stops at
 * the first one and starts again with the next detection, so a page that mutates all the time costs one
 * callback per detection, not one per mutation.
 */
export interface LazyRegions {
  get(): PageRegions;
  /** Forget the last detection (the page changed story without a mutation Gloss could see). */
  invalidate(): void;
  stop(): void;
}

export function lazyRegions(doc: Document, initial?: PageRegions): LazyRegions {
  const Observer = doc.defaultView?.MutationObserver ?? globalThis.MutationObserver;
  let current: PageRegions | null = initial ?? null;
  const observer = Observer
    ? new Observer(() => {
        current = null;
        observer?.disconnect();
      })
    : null;
  const watch = (): void =>
    observer?.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  if (current) watch();
  return {
    get() {
      if (!current || !observer) {
        current = detectRegions(doc);
        watch();
      }
      return current;
    },
    invalidate() {
      current = null;
      observer?.disconnect();
    },
    stop() {
      observer?.disconnect();
    },
  };
}
