import type { Page } from 'playwright-core';

/**
 * The baseline for the library's search: the same query answered by reading every annotation (IndexedDB
 * getAll on the annotations store, in the library page) and testing each in memory, with the same rules as
 * the index (every term a word prefix, `#tag` exact, folded case and accents), newest first.
 */
export async function fullScan(page: Page, query: string): Promise<{ ms: number; count: number }> {
  // tsx names the helpers below with esbuild's `__name`, which the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async (q) => {
    const started = performance.now();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('gloss');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<
      {
        quote: string;
        note: string;
        pageTitle: string;
        tags: string[];
        updatedAt: number;
        region: { author?: string };
      }[]
    >((resolve, reject) => {
      const req = db.transaction('annotations').objectStore('annotations').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const fold = (s: string) =>
      s
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
    const tags = [...q.matchAll(/#(\S+)/g)].map((m) => (m[1] ?? '').toLowerCase());
    const terms = fold(q.replace(/#\S+/g, ''));
    const hits = rows.filter((r) => {
      if (!tags.every((t) => r.tags.some((have) => have.toLowerCase() === t))) return false;
      const words = fold([r.quote, r.note, r.pageTitle, ...r.tags, r.region.author ?? ''].join(' '));
      return terms.every((t) => words.some((w) => w.startsWith(t)));
    });
    hits.sort((a, b) => b.updatedAt - a.updatedAt);
    return { ms: performance.now() - started, count: hits.length };
  }, query);
}
