// Serves the bundled demo news page (and, when ../shared/corpus exists, real corpus pages under
// /corpus/<id>/) on localhost, for `npm start` and the browser tests.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_DIR = path.join(ROOT, 'tests/fixtures/demo');
export const CORPUS_DIR = path.resolve(ROOT, '../shared/corpus/regions-dev');

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

/** Starts the server; resolves with its base URL and a close function. */
export async function startDemoServer(port = 0) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = null;
    const corpus = url.pathname.match(/^\/corpus\/([\w-]+)\/?$/);
    if (corpus) {
      file = path.join(CORPUS_DIR, corpus[1], 'page.html');
    } else if (url.pathname.startsWith('/spa/')) {
      // A single-page news site: every story URL serves the same app, which renders the story itself.
      file = path.join(DEMO_DIR, 'spa.html');
    } else {
      // Every story path serves the demo page, as a news site serves one story under many links.
      const name = url.pathname.endsWith('.html') ? path.basename(url.pathname) : 'index.html';
      file = path.join(DEMO_DIR, name);
    }
    if (!file.startsWith(DEMO_DIR) && !file.startsWith(CORPUS_DIR)) file = null;
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    // Corpus pages are stored without their scripts' dependencies: block scripts so they cannot
    // reach the network, and keep the page as the dataset recorded it.
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (corpus)
      headers['content-security-policy'] = "script-src 'none'; img-src 'self' data:; connect-src 'none'";
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${address.port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}
