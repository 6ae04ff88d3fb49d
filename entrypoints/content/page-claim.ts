import type { PageClaim } from '../../messaging/protocol';
import { normalizePageUrl } from '../../storage/url';

/**
 * The page's canonical link. It belongs in the head (HTML allows it nowhere else), and looking there alone
 * keeps the lookup cheap on a long page: the loader makes it on every page.
 */
export function canonicalHref(): string | null {
  return document.head?.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.href ?? null;
}

/**
 * What the page says of itself: its canonical link and title (its address the background takes from the
 * browser). `staleCanonical` is the previous story's canonical after an in-page navigation: single-page sites
 * often leave it in place, and trusting it would file the new story's highlights under the old one.
 */
export function pageClaim(staleCanonical: string | null = null): PageClaim {
  const canonical = canonicalHref();
  return {
    canonical: canonical !== null && canonical === staleCanonical ? null : canonical,
    title: document.title,
  };
}

/** The story this frame shows, by the background's rule (see storage/url.ts); null where it has none. */
export function storyKey(claim: PageClaim): string | null {
  try {
    return normalizePageUrl(location.href, claim.canonical);
  } catch {
    return null;
  }
}
