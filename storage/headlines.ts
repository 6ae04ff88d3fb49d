import type { GlossDb, Headline } from './db';
import { inWriteTransaction } from './repository';

/**
 * A story's headline history: news sites rewrite headlines after publication, and a reader reviewing an old
 * quote should see that the story they saved it from was once titled otherwise. Recorded as tabs show it (the
 * title when a tab loads a story Gloss keeps annotations for), and deleted with the story's last annotation.
 */

/**
 * Headlines kept per story, newest last: a page can retitle itself on every load (a counter in its title),
 * and its history must not grow without end.
 */
export const HEADLINES_KEPT = 20;

/** Characters kept of a headline, as of any page title (validate.ts LIMITS.pageTitle). */
const MAX_HEADLINE_CHARS = 1_000;

/**
 * Adds `title` to the history of a story Gloss keeps annotations for, when it differs from the last one
 * seen; returns whether it did. A story with nothing saved records nothing.
 */
export async function noteHeadline(
  db: GlossDb,
  pageUrl: string,
  title: string,
  now: number,
): Promise<boolean> {
  const headline = title.trim().slice(0, MAX_HEADLINE_CHARS);
  if (headline === '') return false;
  // Read first, outside a write: almost every load shows the headline seen the last time.
  if ((await db.headlines.get(pageUrl))?.history.at(-1)?.title === headline) return false;
  return inWriteTransaction(db, async () => {
    if (!(await db.pages.get(pageUrl))) return false;
    const history = (await db.headlines.get(pageUrl))?.history ?? [];
    if (history.at(-1)?.title === headline) return false;
    const next: Headline[] = [...history, { title: headline, seenAt: now }].slice(-HEADLINES_KEPT);
    await db.headlines.put({ url: pageUrl, history: next });
    return true;
  });
}

/** The story's headlines, oldest first; none when no tab has shown it since they were kept. */
export async function headlineHistory(db: GlossDb, pageUrl: string): Promise<Headline[]> {
  return (await db.headlines.get(pageUrl))?.history ?? [];
}
