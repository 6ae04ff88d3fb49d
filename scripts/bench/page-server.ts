/**
 * Where the benchmark's pages are served: the long generated story from a server of its own on 127.0.0.1
 * (any path under /story/), and corpus pages from the demo server (scripts/demo-server.mjs, /corpus/<id>/,
 * the pages' own scripts blocked by its CSP). A page is loaded under a `?bench=` variant per scenario
 * (`load`, `h20`, `act`, ...): Gloss files highlights by address, so each scenario has its own saved set.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain JS module shared with `npm start`
import { CORPUS_DIR, startDemoServer } from '../demo-server.mjs';
import { longStoryHtml } from './page-long-story';

export const corpusDir: string = CORPUS_DIR;

/** The id the long story goes by in the benchmark's tables. */
export const LONG_ID = 'long-story';

export interface BenchServers {
  /** The address of page `id` (LONG_ID or a corpus id) in scenario `variant`. */
  url(id: string, variant: string): string;
  close(): Promise<void>;
}

async function startLongStoryServer(): Promise<{ base: string; close(): Promise<void> }> {
  const html = Buffer.from(longStoryHtml());
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/story/')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startBenchServers(): Promise<BenchServers> {
  const demo: { base: string; close(): Promise<void> } = await startDemoServer(0);
  const long = await startLongStoryServer();
  return {
    url: (id, variant) =>
      id === LONG_ID
        ? `${long.base}/story/harbor-waterfront-plans?bench=${variant}`
        : `${demo.base}/corpus/${id}/?bench=${variant}`,
    async close() {
      await Promise.all([demo.close(), long.close()]);
    },
  };
}
