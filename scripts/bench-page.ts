/**
 * Usage: npm run bench:page -- [--pages N] [--runs R] [--action-runs R] [--highlights 20,200] [--no-fail]
 *   (`npm run bench:page` builds first; `npx tsx scripts/bench-page.ts` measures the build that is there)
 *
 * What Gloss costs a reader's page, in Chromium (issue 16): the long generated story (scripts/bench/
 * page-long-story.ts) and the N largest pages of ../shared/corpus/regions-dev (default 4; skipped with a
 * message when the corpus is absent), loaded in three browsers in the same run, alternating: no extension,
 * a do-nothing extension (the control: what any extension costs, and this machine's noise) and Gloss.
 *
 * - load: main-thread script time (CDP ScriptDuration, navigation to 1.5 s of quiet after load) and long
 *   tasks, no highlights saved;
 * - restore: K highlights saved (imported through the popup; every K on the long story, the largest on corpus
 *   pages), time from the content script's start to all painted, long tasks, heap; K = 0 is the load phase;
 * - actions: a selection and a highlight with real input, main-thread busy time;
 * - the content scripts' size gzipped.
 * R runs of each (default 5), medians. Prints per-page tables, the targets beside their figures and the
 * no-extension baseline, and a last line `page-cost: key=value ...`. Exits 1 when a target is missed, unless
 * --no-fail. How each figure is measured: the modules in scripts/bench/page-*.ts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONTROL_EXTENSION, GLOSS_EXTENSION, launchBenchBrowser } from './bench/page-browsers';
import { contentScriptSizes } from './bench/page-bundle';
import { measuredLoad } from './bench/page-load';
import { actionPhase, type Browsers, loadPhase, restorePhase } from './bench/page-phases';
import { buildReport } from './bench/page-report';
import { seedHighlights } from './bench/page-seed';
import { corpusDir, LONG_ID, startBenchServers } from './bench/page-server';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
}
function count(name: string, fallback: number): number {
  const n = Number(option(name, String(fallback)));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${option(name, '')}`);
  return n;
}
const CORPUS_PAGES = count('--pages', 4);
const RUNS = Math.max(1, count('--runs', 5));
const ACTION_RUNS = count('--action-runs', RUNS);
const HIGHLIGHTS = option('--highlights', '20,200')
  .split(',')
  .map(Number)
  .filter((k) => Number.isInteger(k) && k > 0)
  .sort((a, b) => a - b);
const NO_FAIL = args.includes('--no-fail');

/** The n largest corpus pages (by page.html size): the heaviest a reader would open. */
function heaviestCorpusPages(n: number): string[] {
  if (n === 0) return [];
  if (!existsSync(corpusDir)) {
    console.log(`No corpus at ${corpusDir}: measuring the long story only.`);
    return [];
  }
  return readdirSync(corpusDir)
    .filter((id) => existsSync(path.join(corpusDir, id, 'page.html')))
    .map((id) => ({ id, size: statSync(path.join(corpusDir, id, 'page.html')).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, n)
    .map((p) => p.id);
}

async function main(): Promise<number> {
  const started = Date.now();
  const progress = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`);
  if (!existsSync(path.join(GLOSS_EXTENSION, 'manifest.json')))
    throw new Error(`no build at ${GLOSS_EXTENSION}: run npm run build`);
  const pages = [LONG_ID, ...heaviestCorpusPages(CORPUS_PAGES)];
  const servers = await startBenchServers();
  const browsers: Browsers = {
    plain: await launchBenchBrowser('plain', null),
    control: await launchBenchBrowser('control', CONTROL_EXTENSION),
    gloss: await launchBenchBrowser('gloss', GLOSS_EXTENSION),
  };
  try {
    progress(`pages: ${pages.join(', ')}; ${RUNS} runs; highlights ${HIGHLIGHTS.join(', ')}`);
    // One load each before measuring: the first load of a fresh browser pays for its process and caches.
    for (const b of Object.values(browsers)) await measuredLoad(b, servers.url(LONG_ID, 'warm-up'));
    const loads = await loadPhase(browsers, pages, servers.url, RUNS, progress);
    const seeded = await seedHighlights(
      browsers.plain,
      browsers.gloss,
      pages.flatMap((id) =>
        // Every K on the long story (the targets are there); corpus pages only the largest K, to keep the
        // run short.
        (id === LONG_ID ? HIGHLIGHTS : HIGHLIGHTS.slice(-1)).map((k) => ({
          id,
          k,
          url: servers.url(id, `h${k}`),
        })),
      ),
    );
    progress(
      `seeded: ${seeded.map((s) => `${s.id} ${s.made}/${s.k} (${s.inComments} in comments)`).join(', ')}`,
    );
    const restores = await restorePhase(browsers, seeded, servers.url, RUNS, progress);
    const actions = ACTION_RUNS > 0 ? await actionPhase(browsers, servers.url, ACTION_RUNS, progress) : null;
    const report = buildReport({
      runs: RUNS,
      loads,
      seeded,
      restores,
      actions,
      bundle: contentScriptSizes(GLOSS_EXTENSION),
    });
    progress('done');
    for (const line of report.lines) console.log(line);
    if (report.missed.length && !NO_FAIL) {
      console.error(`\n${report.missed.length} target(s) missed: ${report.missed.join('; ')}`);
      return 1;
    }
    return 0;
  } finally {
    for (const b of Object.values(browsers)) await b.close();
    await servers.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
