/**
 * Usage: npx tsx scripts/bench-anchoring-browser.ts [corpus dir] [--pages N] [--per-kind N] [--page-ms MS]
 *          [--sets tune,holdout,fresh,unseen,final,spare,reserve,remainder] [--long-only] [--page ID] [--verbose] [--warm]
 * The anchoring benchmark of scripts/bench-anchoring.ts in headless Chromium instead of jsdom: same page sets,
 * annotations, scenarios and scoring (scripts/bench/browser-harness.ts runs them in the page), but anchoring
 * cost measured where readers pay it. jsdom's Range boundary checks walk the document, which dominates its
 * long-page figures; Chromium's do not.
 * Last lines, one per set then all sets: `anchoring-chromium[SET]: correct=..% wrong=..% orphan=..%
 *   deleted_wrong=N n=N p50=..ms p95=..ms peer_p50=..ms long_p95=..ms long_search_p95=..ms`.
 * --long-only runs only the long pages (top quarter of each set by size), so all its figures are long-page ones.
 *
 * Pages are served from a fake https origin with COOP/COEP headers (cross-origin isolation gives
 * performance.now() 5 µs resolution instead of 100 µs), JavaScript off, images off, and a CSP that refuses every
 * subresource and frame in the renderer (aborting them in the route handler instead stalled the timed calls:
 * each inserted copy of a page loads its iframes again): neither the page's scripts nor its external stylesheets
 * apply, only its inline CSS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { SCENARIOS, type ScenarioName } from './bench/anchoring-scenarios';
import type { GlossBench, Method, PageResult, Tally } from './bench/browser-harness';
import { pageSets } from './bench/page-sets';
import { ms, newTally, pct, percentile } from './bench/scoring';

const args = process.argv.slice(2);
const VALUED = new Set(['--pages', '--per-kind', '--page-ms', '--sets', '--page']);
const corpusDir = resolve(
  args.find((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? '')) ??
    '../shared/corpus/regions-dev',
);
const argOf = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PAGES = Number(argOf('--pages') ?? 40);
const PER_KIND = Number(argOf('--per-kind') ?? 2);
/** As in the jsdom bench: annotations not started within it are skipped, and counted. */
const PAGE_MS = Number(argOf('--page-ms') ?? 120_000);
/** A page whose run has not returned by then is abandoned (and reported): a hang must not stop the run. */
const HARD_MS = Math.max(600_000, 3 * PAGE_MS);
const SETS = (argOf('--sets') ?? 'tune,holdout').split(',');
const LONG_ONLY = args.includes('--long-only');
const VERBOSE = args.includes('--verbose');
/**
 * Each page is a fresh renderer, so its first trials run cold code (what a reader's first anchoring after a page
 * load pays); the jsdom bench runs warm code from its second page on. --warm runs each page twice in the same
 * document and keeps the second pass, for a steady-state figure comparable with jsdom's.
 */
const WARM = args.includes('--warm');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'https://corpus.gloss.test';
const METHODS: Method[] = ['gloss', 'hypothesis'];

interface SetResult {
  byScenario: Map<ScenarioName, Record<Method, Tally>>;
  long: { gloss: number[]; search: number[]; range: number[]; peer: number[] };
  indexBuild: number[];
  wrongExamples: string[];
  misses: string[];
  failures: string[];
  skipped: number;
  hidden: number;
  hiddenAfter: number;
}

async function bundleHarness(): Promise<string> {
  const out = await build({
    entryPoints: [resolve(import.meta.dirname, 'bench/browser-harness.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    logLevel: 'warning',
  });
  return (out.outputFiles[0] as { text: string }).text;
}

async function runSet(browser: Browser, harness: string, ids: string[]): Promise<SetResult> {
  const result: SetResult = {
    byScenario: new Map(SCENARIOS.map((s) => [s, { gloss: newTally(), hypothesis: newTally() }])),
    long: { gloss: [], search: [], range: [], peer: [] },
    indexBuild: [],
    wrongExamples: [],
    misses: [],
    failures: [],
    skipped: 0,
    hidden: 0,
    hiddenAfter: 0,
  };
  const lengths = ids.map((id) => readFileSync(join(corpusDir, id, 'page.html')).length);
  const longCut = percentile(lengths, 75);
  for (const [pi, id] of ids.entries()) {
    const isLong = (lengths[pi] as number) >= longCut;
    if (LONG_ONLY && !isLong) continue;
    const started = performance.now();
    // A context per page: nothing of one page's heap or cache is left for the next.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const url = `${ORIGIN}/${id}/page.html`;
    let served = false;
    await context.route('**/*', (route) => {
      const req = route.request();
      // Served once: a <meta http-equiv=refresh> (live with scripting off) must not reload the page mid-run.
      if (req.url() !== url || !req.isNavigationRequest() || served) return route.abort();
      served = true;
      return route.fulfill({
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
          // Every copy of the page the harness inserts would load its iframes and images again; refused here
          // in the renderer, instead of through the route handler, they do not stall the timed calls.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        },
        body: readFileSync(join(corpusDir, id, 'page.html')),
      });
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
      await printClock(page);
      await page.evaluate(harness);
      const run = () =>
        page.evaluate(
          ([pid, k, ms]) =>
            (window as unknown as { __glossBench: GlossBench }).__glossBench.runPage(pid, k, ms),
          [id, PER_KIND, PAGE_MS] as const,
        );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no result after ${HARD_MS / 1000} s`)), HARD_MS);
      });
      if (WARM) await Promise.race([run(), timeout]);
      merge(result, await Promise.race([run(), timeout]), isLong);
    } catch (e) {
      result.failures.push(`${id}: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      clearTimeout(timer);
      await context.close();
    }
    process.stderr.write(
      `\r${pi + 1}/${ids.length} pages (${id} ${((performance.now() - started) / 1000).toFixed(1)} s)      `,
    );
  }
  process.stderr.write('\n');
  return result;
}

let clockPrinted = false;
/** Once per run: timings below 0.1 ms mean nothing unless the page is cross-origin isolated. */
async function printClock(page: Page) {
  if (clockPrinted) return;
  clockPrinted = true;
  const c = await page.evaluate(() => {
    let step = Number.POSITIVE_INFINITY;
    let last = performance.now();
    for (let i = 0; i < 200_000; i++) {
      const now = performance.now();
      if (now > last) step = Math.min(step, now - last);
      last = now;
    }
    return { isolated: crossOriginIsolated, step, ua: navigator.userAgent };
  });
  console.log(`${c.ua}; crossOriginIsolated=${c.isolated}, performance.now() step ${c.step * 1000} µs`);
}

function merge(into: SetResult, r: PageResult, isLong: boolean) {
  for (const s of SCENARIOS) {
    for (const m of METHODS) {
      const to = (into.byScenario.get(s) as Record<Method, Tally>)[m];
      const from = r.byScenario[s][m];
      to.correct += from.correct;
      to.wrong += from.wrong;
      to.orphaned += from.orphaned;
      to.times.push(...from.times);
      if (isLong) into.long[m === 'gloss' ? 'gloss' : 'peer'].push(...from.times);
    }
  }
  if (isLong) {
    into.long.search.push(...r.searchTimes);
    into.long.range.push(...r.rangeTimes);
  }
  into.indexBuild.push(...r.indexBuild);
  into.wrongExamples.push(...r.wrongExamples);
  into.misses.push(...r.misses);
  into.skipped += r.skipped;
  into.hidden += r.hidden;
  into.hiddenAfter += r.hiddenAfter;
}

const count = (t: Tally) => t.correct + t.wrong + t.orphaned;

function row(label: string, m: Method, t: Tally): string {
  const n = count(t);
  return `${label.padEnd(18)} ${m.padEnd(10)} ${String(n).padStart(4)}  ${pct(t.correct, n)} ${pct(t.wrong, n)} ${pct(t.orphaned, n)}  ${ms(percentile(t.times, 50))} ${ms(percentile(t.times, 95))}`;
}

function printSet(name: string, r: SetResult, pages: number) {
  console.log(
    `\n## ${name} (${pages} pages${LONG_ONLY ? ', long pages only' : ''}${WARM ? ', warm' : ''}) — Chromium`,
  );
  const header = `${'scenario'.padEnd(18)} ${'method'.padEnd(10)} ${'n'.padStart(4)}  ${'correct'.padStart(7)} ${'wrong'.padStart(7)} ${'orphan'.padStart(7)}  ${'p50 ms'.padStart(6)} ${'p95 ms'.padStart(6)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const totals: Record<Method, Tally> = { gloss: newTally(), hypothesis: newTally() };
  for (const [scenario, byMethod] of r.byScenario) {
    for (const m of METHODS) {
      const t = byMethod[m];
      totals[m].correct += t.correct;
      totals[m].wrong += t.wrong;
      totals[m].orphaned += t.orphaned;
      totals[m].times.push(...t.times);
      console.log(row(m === 'gloss' ? scenario : '', m, t));
    }
  }
  console.log('-'.repeat(header.length));
  for (const m of METHODS) console.log(row('ALL', m, totals[m]));
  const { gloss, search, range, peer } = r.long;
  console.log(
    `long pages (top quarter by size): Gloss p50 ${ms(percentile(gloss, 50))} ms, p95 ${ms(percentile(gloss, 95))} ms; search p95 ${ms(percentile(search, 95))} ms; Range build p95 ${ms(percentile(range, 95))} ms; peer p50 ${ms(percentile(peer, 50))} ms, p95 ${ms(percentile(peer, 95))} ms`,
  );
  console.log(
    `Gloss text index build per changed page: p50 ${ms(percentile(r.indexBuild, 50))} ms, p95 ${ms(percentile(r.indexBuild, 95))} ms`,
  );
  if (r.hidden > 0) console.log(`annotations left out, their text hidden by the page's CSS: ${r.hidden}`);
  if (r.hiddenAfter > 0)
    console.log(`trials whose change hid the passage (scored as deleted): ${r.hiddenAfter}`);
  if (r.skipped > 0) console.log(`annotations skipped (page over the ${PAGE_MS} ms budget): ${r.skipped}`);
  for (const f of r.failures) console.log(`page failed: ${f}`);
  if (VERBOSE) for (const m of r.misses) console.log(`  ${m}`);
  if (r.wrongExamples.length > 0) {
    console.log('Gloss wrong-place results:');
    for (const w of r.wrongExamples) console.log(`  ${w}`);
  }
}

/** One line a CI job can grep, over all scenarios of the given results. */
function summaryLine(label: string, rs: SetResult[]): string {
  let [n, correct, wrong, orphaned, deletedWrong] = [0, 0, 0, 0, 0];
  const times: number[] = [];
  const peer: number[] = [];
  for (const r of rs) {
    for (const [scenario, { gloss, hypothesis }] of r.byScenario) {
      n += count(gloss);
      correct += gloss.correct;
      wrong += gloss.wrong;
      orphaned += gloss.orphaned;
      if (scenario === 'deleted') deletedWrong += gloss.wrong;
      times.push(...gloss.times);
      peer.push(...hypothesis.times);
    }
  }
  const p = (x: number) => (n === 0 ? 'nan' : ((100 * x) / n).toFixed(1));
  const q = (xs: number[], at: number) => percentile(xs, at).toFixed(2);
  const longT = rs.flatMap((r) => r.long.gloss);
  const longS = rs.flatMap((r) => r.long.search);
  return `anchoring-chromium${label}: correct=${p(correct)}% wrong=${p(wrong)}% orphan=${p(orphaned)}% deleted_wrong=${deletedWrong} n=${n} p50=${q(times, 50)}ms p95=${q(times, 95)}ms peer_p50=${q(peer, 50)}ms long_p95=${q(longT, 95)}ms long_search_p95=${q(longS, 95)}ms`;
}

async function main() {
  if (!existsSync(corpusDir)) {
    console.log(`corpus not found at ${corpusDir}; skipping (pass the regions-dev directory)`);
    return;
  }
  const t0 = performance.now();
  const sets: Record<string, string[]> = pageSets(corpusDir, PAGES);
  const only = argOf('--page');
  const which: [string, string[]][] = only
    ? [[only, [only]]]
    : SETS.map((s) => {
        const ids = sets[s];
        if (!ids) throw new Error(`unknown set ${s} (tune, holdout, fresh, unseen, final)`);
        return [s, ids];
      });
  console.log(`# Anchoring benchmark in Chromium — ${corpusDir}`);
  console.log(`up to ${PER_KIND} annotations per kind per page; tolerance 3 chars; ${CHROMIUM}`);
  const harness = await bundleHarness();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--blink-settings=imagesEnabled=false',
    ],
  });
  const results: SetResult[] = [];
  const lines: string[] = [];
  try {
    for (const [name, ids] of which) {
      const r = await runSet(browser, harness, ids);
      printSet(name, r, ids.length);
      results.push(r);
      lines.push(summaryLine(`[${name}]`, [r]));
    }
  } finally {
    await browser.close();
  }
  console.log('');
  for (const l of lines) console.log(l);
  console.log(summaryLine('', results));
  console.log(`(run took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

await main();
