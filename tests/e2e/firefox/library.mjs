import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sleep } from './browser.mjs';

/** Highlights in the file the library imports: a few stories, one word to search for in some notes. */
const STORIES = 6;
const PER_STORY = 5;
const NEEDLE = 'lighthouse';
/** Notes on a whole story in the file. */
const PAGE_NOTES = 1;

function backup(base) {
  const items = [];
  for (let i = 0; i < STORIES * PER_STORY; i++) {
    const quote = `Story ${Math.floor(i / PER_STORY)} passage ${i}: the harbour board met again`;
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    items.push({
      type: 'Annotation',
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      created: at,
      modified: at,
      target: {
        source: `${base}/library/story-${Math.floor(i / PER_STORY)}`,
        selector: [{ type: 'TextQuoteSelector', exact: quote }],
      },
      ...(i % 3 === 0 ? { bodyValue: `Ask about the ${NEEDLE} lease` } : {}),
      'gloss:pageTitle': `Harbour story ${Math.floor(i / PER_STORY)}`,
    });
  }
  // A note on a whole story: W3C's annotation of the page itself, without a selector.
  items.push({
    type: 'Annotation',
    id: 'urn:uuid:00000000-0000-4000-8000-900000000001',
    created: '2025-01-02T00:00:00Z',
    target: `${base}/library/story-1`,
    bodyValue: 'Dredging the harbour is the real story here',
  });
  return { type: 'AnnotationCollection', first: { type: 'AnnotationPage', items } };
}

/**
 * The library page in Firefox, driven as a reader: a file chosen in Import (WebDriver BiDi input.setFiles),
 * the preview confirmed with a click at the button's place, a search typed key by key.
 */
export async function librarySteps({ b, r, tab, origin, base, log, shots }) {
  const { send, evaluate, json, waitFor } = b;
  const file = path.join(tmpdir(), `gloss-firefox-library-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(backup(base)));
  await send('browsingContext.navigate', { context: tab, url: `${origin}/library.html`, wait: 'complete' });
  await waitFor(tab, `document.querySelector('[aria-label="Import file"]') !== null`);
  // The stories the earlier steps highlighted are listed already.
  const countNow = `parseInt(document.querySelector('[role=status].count')?.textContent ?? '', 10)`;
  const before = (await waitFor(tab, `((n) => (Number.isInteger(n) ? n : null))(${countNow})`)).value;

  const input = await send('script.evaluate', {
    expression: `document.querySelector('[aria-label="Import file"]')`,
    target: { context: tab },
    awaitPromise: false,
    resultOwnership: 'root',
  });
  await send('input.setFiles', { context: tab, element: { sharedId: input.result.sharedId }, files: [file] });
  const total = STORIES * PER_STORY + PAGE_NOTES;
  const button = (name) =>
    json(
      tab,
      `JSON.stringify((() => { const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === ${JSON.stringify(name)}); if (!b) return null; const r = b.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })())`,
    );
  await waitFor(
    tab,
    `[...document.querySelectorAll('button')].some((x) => x.textContent.trim() === 'Import ${total}')`,
  );
  log(`library: the preview offers to import ${total}`);
  const go = await button(`Import ${total}`);
  await r.clickAt(tab, go.x, go.y);
  await waitFor(
    tab,
    `[...document.querySelectorAll('[role=status]')].some((s) => s.textContent.startsWith('Import: ${total} added'))`,
  );
  await waitFor(tab, `${countNow} === ${before + STORIES}`);
  log(`library: imported ${total} highlights, ${before + STORIES} stories listed`);

  const search = await json(
    tab,
    `JSON.stringify((() => { const r = document.querySelector('input[type=search]').getBoundingClientRect(); return { x: r.left + 20, y: r.top + r.height / 2 }; })())`,
  );
  await r.clickAt(tab, search.x, search.y);
  await r.type(tab, NEEDLE.slice(0, 5));
  const found = Math.ceil((STORIES * PER_STORY) / 3);
  await waitFor(tab, `document.querySelector('[role=status].count')?.textContent === '${found} highlights'`);
  const marks = await json(
    tab,
    `JSON.stringify([...document.querySelectorAll('mark')].map((m) => m.textContent))`,
  );
  assert.ok(marks.length > 0 && marks.every((m) => m === NEEDLE), `marks: ${marks}`);
  assert.ok(
    (await evaluate(tab, 'location.search')).value.includes('q=light'),
    'the search is not in the address',
  );
  await sleep(200);
  const shot = await send('browsingContext.captureScreenshot', { context: tab });
  writeFileSync(path.join(shots, 'firefox-library.png'), Buffer.from(shot.data, 'base64'));
  log(`library: a typed search found ${found}, matches marked, view in the address`);

  // A page note written in a story's view, then found with the imported one by the page-note filter.
  const story = encodeURIComponent(`${base}/library/story-0`);
  await send('browsingContext.navigate', {
    context: tab,
    url: `${origin}/library.html?story=${story}`,
    wait: 'complete',
  });
  await waitFor(
    tab,
    `[...document.querySelectorAll('button')].some((x) => x.textContent.trim() === 'Add a note on this story')`,
  );
  const add = await button('Add a note on this story');
  await r.clickAt(tab, add.x, add.y);
  await waitFor(
    tab,
    `document.activeElement?.getAttribute('aria-label') === null && document.activeElement?.tagName === 'TEXTAREA'`,
  );
  await r.type(tab, 'Ask the board who pays');
  const save = await button('Save');
  await r.clickAt(tab, save.x, save.y);
  await waitFor(
    tab,
    `document.querySelector('.group-story li.card .note')?.textContent === 'Ask the board who pays'`,
  );
  await send('browsingContext.navigate', {
    context: tab,
    url: `${origin}/library.html?region=story`,
    wait: 'complete',
  });
  await waitFor(
    tab,
    `document.querySelector('[role=status].count')?.textContent === '${PAGE_NOTES + 1} highlights'`,
  );
  log('library: a page note written in a story view, listed with the imported one');
}
