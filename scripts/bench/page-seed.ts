/**
 * Saved highlights for the restore loads, seeded the way a reader would bring them in: one W3C export file
 * (storage/export.ts exportW3C) imported through Gloss's popup ("Import file"). Making 200 highlights through
 * the shortcut would take minutes and measure saving; the benchmark measures restoring.
 *
 * The passages are chosen and described in the page (page-seed-inpage.ts) in a browser without Gloss: the
 * same document, so the selectors are the ones Gloss would have saved there.
 */
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import type { Annotation } from '../../storage/annotation';
import { exportW3C } from '../../storage/export';
import { importThroughUi } from '../../tests/e2e/transfer';
import type { BenchBrowser } from './page-browsers';
import type { SeedPick } from './page-seed-inpage';

export interface SeedTarget {
  id: string;
  url: string;
  k: number;
}

export interface Seeded extends SeedTarget {
  /** How many passages were found and imported (fewer than k on a page with little text). */
  made: number;
  /** How many of them are in comments. */
  inComments: number;
  /** Why this page's restore cannot be measured, when it cannot. */
  problem: string | null;
}

async function bundlePicker(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('./page-seed-inpage.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    logLevel: 'warning',
  });
  return (out.outputFiles[0] as { text: string }).text;
}

function annotationsOf(pick: SeedPick, now: number): Annotation[] {
  return pick.passages.map((p, i) => ({
    id: randomUUID(),
    pageUrl: pick.pageUrl,
    pageTitle: pick.pageTitle,
    region: p.region,
    selectors: p.selectors,
    quote: p.quote,
    note: '',
    color: 'yellow',
    tags: [],
    createdAt: now - 60_000 + i,
    updatedAt: now - 60_000 + i,
    anchored: true,
  }));
}

/** Imports `file` (W3C JSON) through the popup; resolves with the popup's report line. */
async function importThroughPopup(gloss: BenchBrowser, file: string): Promise<string> {
  const popup = await gloss.context.newPage();
  try {
    await popup.goto(`chrome-extension://${gloss.extensionId}/popup.html`);
    const upload = { name: 'gloss-bench.json', mimeType: 'application/json', buffer: Buffer.from(file) };
    return await importThroughUi(popup, upload, 60_000);
  } finally {
    await popup.close();
    // The benchmark's tab is hidden while the popup's tab is in front: hidden pages get no animation frames.
    await gloss.page.bringToFront();
  }
}

/**
 * Picks the passages of every target in `picker` (a browser without Gloss), and imports them all into
 * `gloss` in one file. Every target needs its own page key: a page whose canonical link folds the
 * benchmark's `?bench=` variants into one is reported, not seeded.
 */
export async function seedHighlights(
  picker: BenchBrowser,
  gloss: BenchBrowser,
  targets: SeedTarget[],
): Promise<Seeded[]> {
  const script = await bundlePicker();
  const now = Date.now();
  const all: Annotation[] = [];
  const seeded: Seeded[] = [];
  const keys = new Set<string>();
  for (const [i, t] of targets.entries()) {
    await picker.page.goto(t.url, { waitUntil: 'load' });
    await picker.page.evaluate(script);
    const pick = await picker.page.evaluate(
      ([k, seed]) =>
        (
          window as unknown as { __glossBenchSeed: { pick(k: number, s: number): SeedPick } }
        ).__glossBenchSeed.pick(k, seed),
      [t.k, 1000 + i] as const,
    );
    if (keys.has(pick.pageUrl)) {
      seeded.push({
        ...t,
        made: 0,
        inComments: 0,
        problem: `its canonical link files every variant under ${pick.pageUrl}`,
      });
      continue;
    }
    keys.add(pick.pageUrl);
    all.push(...annotationsOf(pick, now));
    const inComments = pick.passages.filter((p) => p.region.kind === 'comment').length;
    seeded.push({ ...t, made: pick.passages.length, inComments, problem: null });
  }
  const report = await importThroughPopup(gloss, JSON.stringify(exportW3C(all)));
  if (!report.includes(`${all.length} added`))
    throw new Error(`importing ${all.length} highlights through the popup: ${report}`);
  return seeded;
}
