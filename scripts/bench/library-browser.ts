/**
 * Chromium with the built extension, for `npm run bench:library`: the library page, its CDP session (heap,
 * DOM counters) and the service worker's, reached through the browser's target list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
// The build under test: .output/chrome-mv3, or GLOSS_EXT (an older build, measured in the same session).
import { chromiumArgs, EXT_PATH } from '../../tests/e2e/browser';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LibraryBrowser {
  context: BrowserContext;
  extensionId: string;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

export async function launchLibrary(): Promise<LibraryBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-bench-library-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    args: [...chromiumArgs(EXT_PATH), '--js-flags=--expose-gc'],
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/library.html`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    context,
    extensionId,
    page,
    cdp,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** JS heap in use by the page's renderer after a full garbage collection, in bytes. */
export async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

export async function domNodes(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'Nodes')?.value ?? Number.NaN;
}

/**
 * The service worker's JS heap after a garbage collection, through the browser target list: attach to the
 * worker's target from the page's session (not flattened) and ask its Runtime. NaN when the browser does not
 * allow it.
 */
export async function workerHeap(cdp: CDPSession, extensionId: string): Promise<number> {
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extensionId));
    if (!target) return Number.NaN;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    let next = 1;
    const call = (method: string, params: object = {}) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const id = next++;
        const onMessage = (event: { sessionId?: string; message: string }) => {
          const reply = JSON.parse(event.message) as {
            id?: number;
            result?: Record<string, unknown>;
            error?: unknown;
          };
          if (reply.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          if (reply.error) reject(new Error(JSON.stringify(reply.error)));
          else resolve(reply.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        });
      });
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    await cdp.send('Target.detachFromTarget', { sessionId });
    return Number(usage.usedSize);
  } catch {
    return Number.NaN;
  }
}
