import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
// @ts-expect-error plain JS module shared with `npm start`
import { CORPUS_DIR, startDemoServer } from '../../scripts/demo-server.mjs';

export const EXT_PATH = path.resolve('.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/screenshots');
export const corpusDir: string = CORPUS_DIR;

export interface GlossBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  base: string;
  close(): Promise<void>;
}

/** Chromium with the built extension loaded, and the demo server. */
export async function launchGloss(): Promise<GlossBrowser> {
  if (!existsSync(path.join(EXT_PATH, 'manifest.json')))
    throw new Error('build the extension first: npm run build');
  const server: { base: string; close(): Promise<void> } = await startDemoServer(0);
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${EXT_PATH}`,
      `--load-extension=${EXT_PATH}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    worker,
    extensionId,
    base: server.base,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until Gloss's content script has set itself up on the page. */
export async function waitForGloss(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('gloss-ui') !== null, null, { timeout: 15_000 });
}

/** Selects `text` inside the first element matching `selector`, as a reader's drag would. */
export async function selectText(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ([sel, needle]) => {
      const root = document.querySelector(sel as string);
      if (!root) throw new Error(`no element ${sel}`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(needle as string);
        if (i >= 0) {
          n.parentElement?.scrollIntoView({ block: 'center' });
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + (needle as string).length);
          const selection = document.getSelection();
          selection?.removeAllRanges();
          selection?.addRange(range);
          document.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
          return;
        }
      }
      throw new Error(`text not found in ${sel}: ${needle}`);
    },
    [selector, text],
  );
}

/** Number of ranges painted under each Gloss highlight name, read from the page's own registry. */
export async function paintedRanges(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('gloss-') || name === 'gloss-flash' || highlight.size === 0) continue;
      out[name] = [...(highlight as Highlight)].map((r) => r.toString());
    }
    return out;
  });
}

export async function allPaintedText(page: Page): Promise<string[]> {
  return Object.values(await paintedRanges(page)).flat();
}

export async function tabIdOf(worker: Worker, urlPrefix: string): Promise<number> {
  return worker.evaluate(async (prefix) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url?.startsWith(prefix));
    if (!tab?.id) throw new Error(`no tab for ${prefix}`);
    return tab.id;
  }, urlPrefix);
}

/**
 * Opens the popup page in a window of its own, as the toolbar button would: the news tab stays the active
 * tab of its window (headless Chromium stops routing input into a background tab's frames reliably).
 */
export async function openPopup(gloss: GlossBrowser, query: string): Promise<Page> {
  const url = `chrome-extension://${gloss.extensionId}/popup.html${query}`;
  const [popup] = await Promise.all([
    gloss.context.waitForEvent('page', (p) => p.url() === url),
    gloss.worker.evaluate(
      (u) => chrome.windows.create({ url: u, type: 'popup', width: 440, height: 640 }),
      url,
    ),
  ]);
  await popup.setViewportSize({ width: 440, height: 640 });
  await popup.waitForLoadState();
  return popup;
}

/**
 * Opens a page in a new, focused tab. Headless Chromium routes keyboard input into a frame of another
 * origin (the note editor) unreliably in a tab that is not the focused one.
 */
export async function openTab(gloss: GlossBrowser, url: string): Promise<Page> {
  const page = await gloss.context.newPage();
  // A step that cannot happen fails in 15 s and names itself, instead of running into the test's timeout.
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await page.bringToFront();
  return page;
}
