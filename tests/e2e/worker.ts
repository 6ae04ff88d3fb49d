import type { Page, Worker } from 'playwright-core';
import type { GlossBrowser } from './browser';

interface WorkerVersion {
  scriptURL: string;
  runningStatus: string;
}

/**
 * Stops Gloss's service worker as Chrome does on its own after ~30 s idle (CDP ServiceWorker.stopAllWorkers),
 * and waits until the browser reports it stopped. Whatever it held in memory is lost; the next message starts
 * it afresh.
 */
export async function stopServiceWorker(gloss: GlossBrowser, page: Page): Promise<void> {
  const session = await gloss.context.newCDPSession(page);
  const stopped = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service worker did not stop')), 10_000);
    session.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: WorkerVersion[] }) => {
      const ours = versions.filter((v) => v.scriptURL.includes(gloss.extensionId));
      if (ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await session.send('ServiceWorker.enable');
  await session.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await session.detach();
}

async function answers(worker: Worker): Promise<boolean> {
  return Promise.race([
    worker.evaluate(() => true).catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000)),
  ]);
}

/** A running service worker to read the database through, woken by an extension page if it is stopped. */
export async function liveWorker(gloss: GlossBrowser): Promise<Worker> {
  const end = Date.now() + 15_000;
  let woken = false;
  for (;;) {
    for (const worker of [gloss.worker, ...gloss.context.serviceWorkers()]) {
      if (worker.url().includes(gloss.extensionId) && (await answers(worker))) {
        gloss.worker = worker;
        return worker;
      }
    }
    if (Date.now() > end) throw new Error('the service worker does not start');
    if (!woken) {
      // Any message or extension page starts it again.
      woken = true;
      const wake = await gloss.context.newPage();
      await wake.goto(`chrome-extension://${gloss.extensionId}/popup.html`);
      await wake.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
