/**
 * Usage: npx tsx scripts/bench-page-script.ts [--pages N] [--runs R] [--compare DIR]   (after `npm run build`)
 *
 * Main-thread script time that loading a page costs with Gloss, in Chromium: CDP Performance.getMetrics
 * ScriptDuration from before navigation to 1.5 s after the load event, and the long tasks (> 50 ms) of the
 * load, on the N largest corpus pages, with no highlights saved. Each browser (no extension, Gloss as built
 * in .output/chrome-mv3, and with --compare another build, e.g. an older checkout's) loads every page R
 * times; medians. A first measure for issue 16, not yet its whole benchmark: no do-nothing extension control,
 * no saved highlights.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
// @ts-expect-error plain JS module shared with `npm start`
import { CORPUS_DIR, startDemoServer } from './demo-server.mjs';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PAGES = Number(arg('--pages') ?? 5);
const RUNS = Number(arg('--runs') ?? 3);
const QUIET_MS = 1_500;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Counts the load's long tasks in the page's world, from document start. */
const LONG_TASKS = `window.__longTasks = 0;
  try { new PerformanceObserver((l) => { window.__longTasks += l.getEntries().length; })
    .observe({ type: 'longtask', buffered: true }); } catch {}`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

function largestPages(n: number): string[] {
  if (!existsSync(CORPUS_DIR)) return [];
  return readdirSync(CORPUS_DIR)
    .filter((id) => existsSync(path.join(CORPUS_DIR, id, 'page.html')))
    .sort(
      (a, b) =>
        statSync(path.join(CORPUS_DIR, b, 'page.html')).size -
        statSync(path.join(CORPUS_DIR, a, 'page.html')).size,
    )
    .slice(0, n);
}

async function launch(
  extension: string | null,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-script-cost-'));
  const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
  if (extension) flags.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: flags,
    viewport: { width: 1200, height: 900 },
  });
  await context.addInitScript(LONG_TASKS);
  if (extension && context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker');
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One load: script milliseconds and long tasks. */
async function measure(context: BrowserContext, url: string): Promise<{ script: number; longTasks: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const scriptSeconds = async (): Promise<number> =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
  const before = await scriptSeconds();
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForTimeout(QUIET_MS);
  const script = ((await scriptSeconds()) - before) * 1000;
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks);
  await page.close();
  return { script, longTasks };
}

async function main(): Promise<void> {
  const pages = largestPages(PAGES);
  if (pages.length === 0) {
    console.log(`no corpus at ${CORPUS_DIR}: nothing to measure`);
    return;
  }
  const builds: [string, string | null][] = [
    ['no extension', null],
    ['Gloss', path.resolve('.output/chrome-mv3')],
  ];
  const compare = arg('--compare');
  if (compare) builds.push([`compare`, path.resolve(compare)]);
  const server: { base: string; close(): Promise<void> } = await startDemoServer(0);
  const rows = new Map<string, Map<string, { script: number; longTasks: number }>>();
  // One browser at a time: three extension browsers side by side do not fit this machine's memory.
  for (const [name, extension] of builds) {
    const browser = await launch(extension);
    for (const id of pages) {
      const loads = [];
      for (let r = 0; r < RUNS; r++)
        loads.push(await measure(browser.context, `${server.base}/corpus/${id}/`));
      const row = rows.get(id) ?? new Map();
      row.set(name, {
        script: median(loads.map((l) => l.script)),
        longTasks: median(loads.map((l) => l.longTasks)),
      });
      rows.set(id, row);
    }
    await browser.close();
  }
  await server.close();
  for (const [id, row] of rows) {
    const cells = [...row].map(([name, m]) => `${name} ${m.script.toFixed(0)} ms / ${m.longTasks} long`);
    console.log(`${id.padEnd(30)} ${cells.join(' | ')}`);
  }
  const of = (name: string) => [...rows.values()].map((r) => r.get(name)?.script ?? Number.NaN);
  console.log(
    `page-script: pages=${rows.size} runs=${RUNS} gloss_script_median=${median(of('Gloss')).toFixed(0)}ms` +
      (compare ? ` compare_script_median=${median(of('compare')).toFixed(0)}ms` : ''),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
