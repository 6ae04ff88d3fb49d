/**
 * The benchmark's three browsers: Chromium with no extension, with the do-nothing control extension
 * (scripts/bench/noop-extension), and with Gloss. One function launches each, parametrised only by the
 * extension it loads, so the three differ in nothing else. Each is a persistent context with one tab that
 * every measured load reuses, a CDP session on it with the Performance domain on from the start, and the
 * page-world probe (page-probe.ts) registered for every document.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page, type Worker } from 'playwright-core';
import { chromiumArgs } from '../../tests/e2e/browser';
import { pageProbeScript } from './page-probe';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const GLOSS_EXTENSION = path.resolve(process.env.GLOSS_EXT ?? '.output/chrome-mv3');
export const CONTROL_EXTENSION = path.resolve(import.meta.dirname, 'noop-extension');

export type BrowserKind = 'plain' | 'control' | 'gloss';

export interface BenchBrowser {
  kind: BrowserKind;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** The extension's service worker and id; null in the browser without one. */
  worker: Worker | null;
  extensionId: string | null;
  /**
   * Full URLs of the extension's main content script: the manifest's document_idle scripts, and the scripts
   * the background starts in frames at run time (WXT builds those into content-scripts/ too). Gloss's loader
   * (document_start) is not among them.
   */
  mainScripts: string[];
  close(): Promise<void>;
}

function mainContentScripts(extensionPath: string, id: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'manifest.json'), 'utf8')) as {
    content_scripts?: { run_at?: string; js?: string[] }[];
  };
  const declared = (manifest.content_scripts ?? [])
    .flatMap((cs) => cs.js ?? [])
    .map((js) => js.replace(/^\//, ''));
  const idle = (manifest.content_scripts ?? [])
    .filter((cs) => (cs.run_at ?? 'document_idle') === 'document_idle')
    .flatMap((cs) => cs.js ?? [])
    .map((js) => js.replace(/^\//, ''));
  const dir = path.join(extensionPath, 'content-scripts');
  const atRunTime = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => `content-scripts/${f}`)
        .filter((f) => !declared.includes(f))
    : [];
  return [...new Set([...idle, ...atRunTime])].map((js) => `chrome-extension://${id}/${js}`);
}

export async function launchBenchBrowser(
  kind: BrowserKind,
  extensionPath: string | null,
): Promise<BenchBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), `gloss-bench-${kind}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      ...chromiumArgs(extensionPath),
      // Corpus pages embed third-party frames and images; with no network here each would wait for DNS for
      // seconds. Failing every host but the local servers at once keeps loads short, and the same in all three.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  let worker: Worker | null = null;
  let extensionId: string | null = null;
  if (extensionPath) {
    worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
  }
  await context.addInitScript({ content: pageProbeScript() });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  return {
    kind,
    context,
    page,
    cdp,
    worker,
    extensionId,
    mainScripts: extensionPath && extensionId ? mainContentScripts(extensionPath, extensionId) : [],
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
