/**
 * What a selection and a highlight cost on the main thread, with real input, in each of the three browsers.
 *
 * Method: on the long story, loaded and quiet (page-load.ts), CDP Performance.getMetrics is read just before
 * the input and again once the action is over, and the difference of TaskDuration (every main-thread task:
 * input handling, script of all worlds, style, layout, paint) is the action's main-thread busy time;
 * ScriptDuration's difference is its script part. The page has no scripts of its own and nothing animates,
 * so in the browser without an extension the figure is Chromium's own cost of the drag or key press; the
 * control and the no-extension browser are measured the same way, and Gloss's cost is its figure minus the
 * control's (the target applies to that).
 *
 * - Selection: a mouse drag over a passage (press, 8 moves, release), then SELECTION_WINDOW_MS for Gloss's
 *   toolbar to show (it waits for the selection to settle). Checked after the second reading: the selection
 *   is the passage, and, with Gloss, its toolbar's Highlight button shows (read through the accessibility
 *   tree, as the toolbar is in a closed shadow root).
 * - Highlight: Alt+Shift+H on that selection (the toolbar's button is in a closed shadow root; the shortcut is
 *   the same action), then until Gloss's service worker holds the new highlight (polled in the worker, not in
 *   the page) and HIGHLIGHT_TAIL_MS more for the page's reply handling, at least HIGHLIGHT_WINDOW_MS in all
 *   three browsers. Checked after: one more range painted.
 */
import type { Page, Worker } from 'playwright-core';
import { glossShows } from '../../tests/e2e/browser';
import type { BenchBrowser } from './page-browsers';
import { measuredLoad, metrics } from './page-load';

const SELECTION_WINDOW_MS = 600;
const HIGHLIGHT_WINDOW_MS = 1000;
const HIGHLIGHT_TAIL_MS = 300;
const SAVE_TIMEOUT_MS = 10_000;

export interface ActionCost {
  selectBusyMs: number;
  selectScriptMs: number;
  highlightBusyMs: number;
  highlightScriptMs: number;
  /** What did not happen as it should (the figures are then not Gloss's full cost). */
  problems: string[];
}

interface Passage {
  text: string;
  start: { x: number; y: number };
  end: { x: number; y: number };
}

/** The first `words` words of the story's paragraph `index`, scrolled to the middle of the viewport. */
function passageBox([index, words]: [number, number]): Passage | null {
  const p = document.querySelectorAll('.entry-content p')[index];
  const node = p?.firstChild;
  if (!p || !(node instanceof Text)) return null;
  const end = node.data.split(' ').slice(0, words).join(' ').length;
  const range = document.createRange();
  range.setStart(node, 0);
  range.setEnd(node, end);
  p.scrollIntoView({ block: 'center' });
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  const first = rects[0];
  const last = rects[rects.length - 1];
  if (!first || !last) return null;
  return {
    text: range.toString(),
    start: { x: first.left + 1, y: first.top + first.height / 2 },
    end: { x: last.right - 1, y: last.top + last.height / 2 },
  };
}

async function paintedCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    for (const [name, h] of CSS.highlights)
      if (name.startsWith('gloss-') && name !== 'gloss-flash') n += h.size;
    return n;
  });
}

/** Highlights in Gloss's database (storage/db.ts: database 'gloss', table 'annotations'), read in its worker. */
async function savedCount(worker: Worker): Promise<number> {
  return worker.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('gloss');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('annotations')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('annotations').objectStore('annotations').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => resolve(0);
        };
      }),
  );
}

/** One selection and one highlight on paragraph `run`-dependent passage of the story at `url`. */
export async function measureActions(b: BenchBrowser, url: string, run: number): Promise<ActionCost> {
  const { page, cdp } = b;
  const problems: string[] = [];
  const isGloss = b.kind === 'gloss';
  await measuredLoad(b, url);
  const passage = await page.evaluate(passageBox, [6 + 3 * run, 9] as [number, number]);
  if (!passage) throw new Error(`no passage in paragraph ${6 + 3 * run} of ${url}`);
  await page.waitForTimeout(300);

  const s0 = await metrics(cdp);
  await page.mouse.move(passage.start.x, passage.start.y);
  await page.mouse.down();
  await page.mouse.move(passage.end.x, passage.end.y, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(SELECTION_WINDOW_MS);
  const s1 = await metrics(cdp);
  const selected = await page.evaluate(() => getSelection()?.toString() ?? '');
  if (selected !== passage.text) problems.push(`drag selected "${selected}", not "${passage.text}"`);
  if (isGloss && !(await glossShows(page, 'button', 'Highlight'))) problems.push('no toolbar after the drag');

  const before = isGloss ? await paintedCount(page) : 0;
  const savedBefore = b.worker && isGloss ? await savedCount(b.worker) : 0;
  const h0 = await metrics(cdp);
  const pressed = Date.now();
  await page.keyboard.press('Alt+Shift+KeyH');
  let savedAt: number | null = null;
  for (;;) {
    await page.waitForTimeout(100);
    const now = Date.now();
    if (isGloss && b.worker && savedAt === null && (await savedCount(b.worker)) > savedBefore) savedAt = now;
    const waitedForSave = !isGloss || savedAt !== null || now - pressed > SAVE_TIMEOUT_MS;
    if (waitedForSave && now - pressed >= HIGHLIGHT_WINDOW_MS && now - (savedAt ?? 0) >= HIGHLIGHT_TAIL_MS)
      break;
  }
  const h1 = await metrics(cdp);
  if (isGloss) {
    if (savedAt === null) problems.push('the highlight was not saved');
    if ((await paintedCount(page)) !== before + 1) problems.push('the highlight was not painted');
  }
  await page.keyboard.press('Escape');
  const delta = (a: Record<string, number>, z: Record<string, number>, name: string) =>
    ((z[name] ?? 0) - (a[name] ?? 0)) * 1000;
  return {
    selectBusyMs: delta(s0, s1, 'TaskDuration'),
    selectScriptMs: delta(s0, s1, 'ScriptDuration'),
    highlightBusyMs: delta(h0, h1, 'TaskDuration'),
    highlightScriptMs: delta(h0, h1, 'ScriptDuration'),
    problems,
  };
}
