import { canonicalHref, pageClaim, storyKey } from '../page-claim';
import type { PageSession } from '../session';

/** After an in-page navigation, the page's script renders the new story a moment after the URL changes. */
const SPA_SETTLE_MS = 300;

/**
 * Single-page news sites change story without a page load: the new story has its own highlights. WXT's
 * `wxt:locationchange` is only a hint (a page script can fire one of that name too): what counts is that the
 * address changed, and then the story's key. A change within the story (a hash, a `replaceState` while the
 * reader scrolls) changes nothing; `onStoryChange` runs when the frame shows another story.
 */
export function startNavigation(session: PageSession, onStoryChange: () => void): void {
  const { ctx } = session;
  let timer: number | undefined;
  let canonicalBefore = canonicalHref();
  let shownHref = location.href;
  let shownStory = storyKey(pageClaim());
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    clearTimeout(timer);
    timer = ctx.setTimeout(() => {
      if (location.href === shownHref) return;
      shownHref = location.href;
      const canonical = canonicalHref();
      session.staleCanonical = canonical === canonicalBefore ? canonical : null;
      canonicalBefore = canonical;
      const story = storyKey(session.claim());
      if (story === shownStory) return;
      shownStory = story;
      onStoryChange();
    }, SPA_SETTLE_MS);
  });
}
