import type { PageClaim } from '../../messaging/protocol';
import { canonicalHref, pageClaim, storyKey } from './page-claim';

/** After an in-page navigation, the page's script renders the new story a moment after the URL changes. */
const SPA_SETTLE_MS = 300;
/** How often the address is read where the browser has no Navigation API. */
const POLL_MS = 1_000;

export interface StoryWatch {
  /** What the page says of itself now (see pageClaim), with the previous story's stale canonical left out. */
  claim(): PageClaim;
}

/**
 * Single-page news sites change story without a page load, and the new story has its own highlights. What
 * counts is that the address changed, and then the story's key: a change within the story (a hash, a
 * `replaceState` while the reader scrolls) changes nothing. `onStoryChange` runs when the frame shows another
 * story. The address is watched through the Navigation API where the browser has one, by polling otherwise;
 * either way the address itself is read, so a page firing made-up events can at most make Gloss look again.
 */
export function watchStory(onStoryChange: () => void, signal: AbortSignal): StoryWatch {
  let staleCanonical: string | null = null;
  let canonicalBefore = canonicalHref();
  let shownHref = location.href;
  const claim = (): PageClaim => pageClaim(staleCanonical);
  let shownStory = storyKey(claim());
  let timer: ReturnType<typeof setTimeout> | undefined;

  function settle(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (signal.aborted || location.href === shownHref) return;
      shownHref = location.href;
      const canonical = canonicalHref();
      // Single-page sites often leave the old story's canonical in place: trusting it would file the new story's
      // highlights under the old one.
      staleCanonical = canonical === canonicalBefore ? canonical : null;
      canonicalBefore = canonical;
      const story = storyKey(claim());
      if (story === shownStory) return;
      shownStory = story;
      onStoryChange();
    }, SPA_SETTLE_MS);
  }

  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (typeof navigation?.addEventListener === 'function') {
    navigation.addEventListener('currententrychange', settle, { signal });
  } else {
    const poll = setInterval(() => {
      if (location.href !== shownHref) settle();
    }, POLL_MS);
    signal.addEventListener('abort', () => clearInterval(poll));
  }
  signal.addEventListener('abort', () => clearTimeout(timer));
  return { claim };
}
