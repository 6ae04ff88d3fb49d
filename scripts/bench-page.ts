/**
 * Usage: npx tsx scripts/bench-page.ts [--pages N] [--highlights K] [--runs R]   (after `npm run build`)
 *
 * What Gloss costs a reader on a real page, in Chromium: the same pages are loaded in a browser without the
 * extension (the peer) and in one with Gloss, first with no highlights, then with K highlights saved on the
 * page (made through the keyboard shortcut, as a reader would). Per load it records main-thread blocking
 * (long tasks, the part of each beyond 50 ms, summed until the page has been idle) and, with highlights,
 * the time from navigation start until all K are painted. Pages: the demo story and the N largest corpus
 * pages. Prints a table and a last machine-readable line `page-cost: ...`.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, corpusDir, type GlossBrowser, launchGloss } from '../tests/e2e/browser';

const args = process.argv.slice(2);
const numArg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const PAGES = numArg('--pages', 3);
const HIGHLIGHTS = numArg('--highlights', 20);
const RUNS = numArg('--runs', 3);
/** Quiet time after the load event before blocking is read: Gloss works at document_idle and after. */
const SETTLE_MS = 1500;

/** Registered at document start in the page's world: records long tasks for the whole load. */
const LONG_TASK_PROBE = `
  window.__glossBench = { blocking: 0, longTasks: 0 };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__glossBench.longTasks += 1;
        window.__glossBench.blocking += Math.max(0, e.duration - 50);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

interface Load {
  blocking: number;
  longTasks: number;
  /** Load event end, ms after navigation start. */
  loadMs: number;
  paintedMs: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : Number.NaN;
}

function largestCorpusPages(n: number): string[] {
  if (!existsSync(corpusDir)) return [];
  return readdirSync(corpusDir)
    .filter((id) => existsSync(path.join(corpusDir, id, 'page.html')))
    .map((id) => ({ id, size: statSync(path.join(corpusDir, id, 'page.html')).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, n)
    .map((p) => p.id);
}

async function paintedCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    for (const [name, h] of CSS.highlights)
      if (name.startsWith('gloss-') && name !== 'gloss-flash') n += h.size;
    return n;
  });
}

async function load(page: Page, url: string, expectPainted: number): Promise<Load> {
  await page.goto(url, { waitUntil: 'load' });
  let paintedMs: number | null = null;
  if (expectPainted > 0) {
    const handle = await page.waitForFunction(
      (k) => {
        let n = 0;
        for (const [name, h] of CSS.highlights)
          if (name.startsWith('gloss-') && name !== 'gloss-flash') n += h.size;
        return n >= k ? performance.now() : null;
      },
      expectPainted,
      { polling: 'raf', timeout: 30_000 },
    );
    paintedMs = (await handle.jsonValue()) as number;
  }
  await page.waitForTimeout(SETTLE_MS);
  const probe = await page.evaluate(() => ({
    ...(window as unknown as { __glossBench: { blocking: number; longTasks: number } }).__glossBench,
    loadMs: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  }));
  return { ...probe, paintedMs };
}

/** Makes K highlights on the page through the shortcut, on passages of readable paragraphs. */
async function makeHighlights(page: Page, k: number): Promise<number> {
  const before = await paintedCount(page);
  let made = 0;
  for (let i = 0; i < k * 3 && made < k; i++) {
    const selected = await page.evaluate(
      ([i, k]) => {
        const paragraphs = [...document.querySelectorAll('p, li, blockquote')].filter((el) => {
          const t = el.textContent ?? '';
          return t.length > 120 && (el as HTMLElement).offsetParent !== null;
        });
        if (paragraphs.length === 0) return false;
        const el = paragraphs[
          Math.floor(((i as number) * paragraphs.length) / ((k as number) * 3))
        ] as Element;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode() as Text | null;
        if (!node || node.data.trim().length < 40) return false;
        const start = node.data.search(/\S/);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, Math.min(node.data.length, start + 30 + ((i as number) % 5) * 8));
        const sel = getSelection() as Selection;
        sel.removeAllRanges();
        sel.addRange(range);
        return true;
      },
      [i, k],
    );
    if (!selected) continue;
    await page.keyboard.press('Alt+Shift+KeyH');
    try {
      await page.waitForFunction(
        (n) => {
          let c = 0;
          for (const [name, h] of CSS.highlights) if (name.startsWith('gloss-')) c += h.size;
          return c >= n;
        },
        before + made + 1,
        { timeout: 2000 },
      );
      made++;
    } catch {
      // Not highlightable (e.g. outside any region on a page with an article): try another paragraph.
    }
  }
  return made;
}

async function plainBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-bench-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const gloss: GlossBrowser = await launchGloss();
  const plain = await plainBrowser();
  await gloss.context.addInitScript(LONG_TASK_PROBE);
  await plain.context.addInitScript(LONG_TASK_PROBE);
  const urls = [
    ['demo', `${gloss.base}/2026/11/bench-story`],
    ...largestCorpusPages(PAGES).map((id) => [id, `${gloss.base}/corpus/${id}/`]),
  ] as [string, string][];

  const rows: {
    id: string;
    peer: number;
    bare: number;
    withK: number;
    painted: number;
    load: number;
    made: number;
  }[] = [];
  for (const [id, url] of urls) {
    const peerPage = await plain.context.newPage();
    const peer: Load[] = [];
    for (let r = 0; r < RUNS; r++) peer.push(await load(peerPage, url, 0));
    await peerPage.close();

    const page = await gloss.context.newPage();
    await page.bringToFront();
    const bare: Load[] = [];
    for (let r = 0; r < RUNS; r++) bare.push(await load(page, url, 0));
    const made = await makeHighlights(page, HIGHLIGHTS);
    const withK: Load[] = [];
    for (let r = 0; r < RUNS; r++) withK.push(await load(page, url, made));
    await page.close();

    const row = {
      id,
      peer: median(peer.map((l) => l.blocking)),
      bare: median(bare.map((l) => l.blocking)),
      withK: median(withK.map((l) => l.blocking)),
      painted: median(withK.map((l) => (l.paintedMs ?? Number.NaN) - l.loadMs)),
      load: median(withK.map((l) => l.loadMs)),
      made,
    };
    rows.push(row);
    console.log(
      `${id.padEnd(40)} blocking ms: no extension ${row.peer.toFixed(0).padStart(4)}, Gloss ${row.bare
        .toFixed(0)
        .padStart(4)}, Gloss + ${String(made).padStart(2)} highlights ${row.withK
        .toFixed(0)
        .padStart(
          4,
        )}; load event at ${row.load.toFixed(0)} ms, all painted ${row.painted.toFixed(0)} ms after it`,
    );
  }
  await gloss.close();
  await plain.close();

  const extra = rows.map((r) => r.withK - r.peer);
  console.log(
    `page-cost: pages=${rows.length} runs=${RUNS} highlights=${HIGHLIGHTS} ` +
      `blocking_peer_median=${median(rows.map((r) => r.peer)).toFixed(0)}ms ` +
      `blocking_gloss_median=${median(rows.map((r) => r.withK)).toFixed(0)}ms ` +
      `extra_blocking_max=${Math.max(...extra).toFixed(0)}ms ` +
      `painted_after_load_median=${median(rows.map((r) => r.painted)).toFixed(0)}ms ` +
      `painted_after_load_max=${Math.max(...rows.map((r) => r.painted)).toFixed(0)}ms`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
