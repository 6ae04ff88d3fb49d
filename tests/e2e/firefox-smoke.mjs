// Firefox smoke test of the built add-on (.output/firefox-mv2) over raw WebDriver BiDi: Playwright cannot
// drive Firefox ESR here. It loads the add-on and drives it as a reader does, with real input
// (input.performActions): drags over a passage on the demo page, clicks the toolbar's Highlight button,
// reloads and checks the passage is painted again, highlights another with Alt+Shift+H; then, on the hostile
// page, checks that a page script's own selection with made-up key and pointer events highlights nothing.
// Gloss's UI is in a closed shadow root: the toolbar is found where Gloss places it (centred above the
// selection) and seen through elementFromPoint, which answers its host for any point it covers.
// Node 20 needs --experimental-websocket. Skips (exit 0) when Firefox is missing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer } from '../../scripts/demo-server.mjs';

const EXT = path.resolve(process.argv[2] ?? '.output/firefox-mv2');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const QUOTE = 'a concrete hulk that has stood at the edge of the waterfront since 1964';
const SHORTCUT_QUOTE = 'The decision ends a two-year fight over what to do with the structure';
const KEYS_QUOTE = 'close the inner basin to pleasure craft';
const POINTER_QUOTE = 'dried on the old rail yard';
/** Long enough for Gloss to have acted on an event (toolbar settles in 120 ms, storage in a few ms). */
const SETTLE_MS = 1_200;
const t0 = Date.now();
const log = (...a) => console.log(`[firefox +${Date.now() - t0}ms]`, ...a);

if (!existsSync(FIREFOX)) {
  console.log(`[firefox] skipped: ${FIREFOX} not installed (apt-get install firefox-esr)`);
  process.exit(0);
}
if (!existsSync(path.join(EXT, 'manifest.json'))) throw new Error('build first: npm run build:firefox');

const server = await startDemoServer(0);
const profile = mkdtempSync(path.join(tmpdir(), 'gloss-ff-'));
writeFileSync(
  path.join(profile, 'user.js'),
  [
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.enabled", false);',
    'user_pref("extensions.update.enabled", false);',
    'user_pref("app.normandy.enabled", false);',
  ].join('\n'),
);
const ff = spawn(
  FIREFOX,
  [
    '--headless',
    '--remote-debugging-port=0',
    '--remote-allow-system-access',
    '--no-remote',
    '--profile',
    profile,
  ],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  },
);
const wsBase = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('firefox did not start')), 30_000);
  ff.stderr.on('data', (d) => {
    const m = String(d).match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  ff.on('exit', (c) => reject(new Error(`firefox exited ${c}`)));
});

const ws = new WebSocket(`${wsBase}/session`);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = reject;
});
let nextId = 1;
const pending = new Map();
ws.onmessage = (ev) => {
  const msg = JSON.parse(ev.data);
  const waiter = msg.id && pending.get(msg.id);
  if (!waiter) return;
  pending.delete(msg.id);
  if (msg.type === 'error') waiter.reject(new Error(`${msg.error}: ${msg.message}`));
  else waiter.resolve(msg.result);
};
const send = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });
const evaluate = async (context, expression) => {
  const r = await send('script.evaluate', {
    expression,
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (r.type === 'exception') throw new Error(`page exception: ${r.exceptionDetails.text}`);
  return r.result;
};
const waitFor = async (context, expression, ms = 15_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const r = await evaluate(context, expression);
    if (r.type === 'boolean' ? r.value : r.type !== 'undefined' && r.type !== 'null') return r;
    if (Date.now() > end) throw new Error(`timeout waiting for ${expression}`);
    await new Promise((s) => setTimeout(s, 100));
  }
};
const painted = `[...CSS.highlights].filter(([n, h]) => n.startsWith('gloss-') && n !== 'gloss-flash').flatMap(([, h]) => [...h].map(String)).join('|')`;
const sleep = (ms) => new Promise((s) => setTimeout(s, ms));
const json = async (context, expression) => JSON.parse((await evaluate(context, expression)).value);

/**
 * Page-side observation: finds `needle` under `selector` (in one text node), scrolls it into view and
 * returns its first and last characters' boxes; or, with check, compares the selection with it.
 */
const locate = (selector, needle, check) => `JSON.stringify((() => {
  const root = document.querySelector(${JSON.stringify(selector)});
  const needle = ${JSON.stringify(needle)};
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let range = null;
  for (let n = walker.nextNode(); n && !range; n = walker.nextNode()) {
    const i = n.data.indexOf(needle);
    if (i < 0) continue;
    range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + needle.length);
  }
  if (!range) return null;
  if (${check}) {
    const sel = document.getSelection();
    if (!sel || sel.rangeCount === 0) return { text: '', start: 0, end: 0 };
    const got = sel.getRangeAt(0);
    return { text: sel.toString().replace(/\\s+/g, ' ').trim(),
      start: got.compareBoundaryPoints(Range.START_TO_START, range),
      end: got.compareBoundaryPoints(Range.END_TO_END, range) };
  }
  const box = range.getBoundingClientRect();
  if (box.top < 60 || box.bottom > innerHeight - 20) range.startContainer.parentElement.scrollIntoView({ block: 'center' });
  const charBox = (node, offset, last) => {
    const r = document.createRange(); r.setStart(node, offset); r.setEnd(node, offset + 1);
    const rects = [...r.getClientRects()].filter((b) => b.width > 0);
    return last ? rects[rects.length - 1] : rects[0];
  };
  const a = charBox(range.startContainer, range.startOffset, false);
  const b = charBox(range.endContainer, range.endOffset - 1, true);
  return { x0: a.left, y0: a.top + a.height / 2, w0: a.width, x1: b.right, y1: b.top + b.height / 2, w1: b.width };
})())`;

const pointer = (context, actions) =>
  send('input.performActions', {
    context,
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
  });
const move = (x, y, duration = 0) => ({
  type: 'pointerMove',
  x: Math.round(x),
  y: Math.round(y),
  duration,
  origin: 'viewport',
});
const clickAt = (context, x, y) =>
  pointer(context, [move(x, y), { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }]);

/** Selects `needle` with a real mouse drag, from the first character's left edge to the last's right edge. */
async function selectByDrag(context, selector, needle) {
  const wanted = needle.replace(/\s+/g, ' ').trim();
  let inStart = 1;
  let inEnd = 1;
  for (let attempt = 0; attempt < 6; attempt++) {
    if (attempt > 0) await sleep(400); // not a double click
    let box = await json(context, locate(selector, needle, false));
    await sleep(80);
    box = await json(context, locate(selector, needle, false)); // after any scrolling settled
    if (!box) throw new Error(`not on the page: ${needle}`);
    await pointer(context, [
      move(box.x0 + inStart, box.y0),
      { type: 'pointerDown', button: 0 },
      move((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, 50),
      move(box.x1 - inEnd, box.y1, 50),
      { type: 'pointerUp', button: 0 },
    ]);
    const got = await json(context, locate(selector, needle, true));
    if (got.text === wanted && got.start === 0 && got.end === 0) return;
    if (got.start < 0) inStart += 1;
    else if (got.start > 0) inStart -= 1;
    if (got.end > 0) inEnd += 1;
    else if (got.end < 0) inEnd -= 1;
  }
  throw new Error(`could not drag-select: ${needle}`);
}

/**
 * Where Gloss's toolbar for the current selection is: centred above it, 300 x 44 as place() in
 * entrypoints/content/page-ui.tsx lays it out, and whether Gloss's UI covers that point (its closed root
 * answers elementFromPoint with the <gloss-ui> host). `highlight` is a point on the Highlight button, after
 * the toolbar's 8 px padding and five 20 px colour swatches (gaps 4, margin 4, gap 6: 134 px in).
 */
async function toolbar(context) {
  return json(
    context,
    `JSON.stringify((() => {
      const sel = document.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return { shown: false };
      const rect = sel.getRangeAt(0).getBoundingClientRect();
      const width = 300, height = 44;
      const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), Math.max(8, innerWidth - width - 8));
      const above = rect.top - height - 10;
      const top = Math.min(Math.max(8, above >= 8 ? above : rect.bottom + 10), Math.max(8, innerHeight - height - 8));
      const highlight = { x: left + 134 + 24, y: top + 20 };
      const hit = (x, y) => document.elementFromPoint(x, y)?.localName === 'gloss-ui';
      return { shown: hit(highlight.x, highlight.y) && hit(left + 20, top + 20), highlight };
    })())`,
  );
}

async function waitForToolbar(context, ms = 5_000) {
  const end = Date.now() + ms;
  for (;;) {
    const t = await toolbar(context);
    if (t.shown) return t;
    if (Date.now() > end) throw new Error('no toolbar over the selection');
    await sleep(100);
  }
}

/** Alt+Shift+H as key presses the browser sends to the page. */
const pressShortcut = (context) =>
  send('input.performActions', {
    context,
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: '\uE00A' },
          { type: 'keyDown', value: '\uE008' },
          { type: 'keyDown', value: 'H' },
          { type: 'keyUp', value: 'H' },
          { type: 'keyUp', value: '\uE008' },
          { type: 'keyUp', value: '\uE00A' },
        ],
      },
    ],
  });

const paintedList = async (context) => (await evaluate(context, painted)).value.split('|').filter(Boolean);

let ok = false;
try {
  const session = await send('session.new', { capabilities: {} });
  log('session', session.capabilities.browserName, session.capabilities.browserVersion);
  await send('webExtension.install', { extensionData: { type: 'path', path: EXT } });
  const { contexts } = await send('browsingContext.getTree', {});
  const tab = contexts[0].context;
  await send('browsingContext.navigate', {
    context: tab,
    url: `${server.base}/2026/11/harbor-garage-housing-vote`,
    wait: 'complete',
  });
  await waitFor(tab, `document.querySelector('gloss-ui') !== null`);
  log('content script up');

  await selectByDrag(tab, '.entry-content', QUOTE);
  const bar = await waitForToolbar(tab);
  log('toolbar over the dragged selection');
  mkdirSync(path.resolve('test-results/screenshots'), { recursive: true });
  const toolbarShot = await send('browsingContext.captureScreenshot', { context: tab });
  writeFileSync(
    path.resolve('test-results/screenshots/firefox-toolbar.png'),
    Buffer.from(toolbarShot.data, 'base64'),
  );
  await clickAt(tab, bar.highlight.x, bar.highlight.y);
  await waitFor(tab, `${painted} === ${JSON.stringify(QUOTE)}`);
  log('highlighted with a click on the toolbar');

  await send('browsingContext.reload', { context: tab, wait: 'complete' });
  await waitFor(tab, `${painted} === ${JSON.stringify(QUOTE)}`);
  log('painted again after reload');

  await selectByDrag(tab, '.entry-content', SHORTCUT_QUOTE);
  await pressShortcut(tab);
  await waitFor(tab, `${painted}.split('|').includes(${JSON.stringify(SHORTCUT_QUOTE)})`);
  log('highlighted with Alt+Shift+H');

  const pageDbs = (
    await evaluate(tab, `indexedDB.databases().then((d) => JSON.stringify(d.map((x) => x.name)))`)
  ).value;
  assert.ok(!JSON.parse(pageDbs).includes('gloss'), `the page sees a Gloss database: ${pageDbs}`);
  const shot = await send('browsingContext.captureScreenshot', { context: tab });
  writeFileSync(path.resolve('test-results/screenshots/firefox-page.png'), Buffer.from(shot.data, 'base64'));

  // A hostile page's script: its own selections and made-up events get nothing from Gloss.
  await send('browsingContext.navigate', {
    context: tab,
    url: `${server.base}/hostile.html`,
    wait: 'complete',
  });
  await waitFor(tab, `document.querySelector('gloss-ui') !== null`);
  const look = await json(tab, `JSON.stringify(window.__attack.lookForGloss())`);
  assert.equal(look.shadowRoot, false, 'the page reaches Gloss shadow root');
  assert.deepEqual(look.captured, [], 'the page captured a shadow root through attachShadow');

  await evaluate(tab, `window.__attack.select(${JSON.stringify(KEYS_QUOTE)}); window.__attack.shortcut()`);
  await sleep(SETTLE_MS);
  assert.ok(!(await paintedList(tab)).includes(KEYS_QUOTE), 'a made-up Alt+Shift+H highlighted');

  await evaluate(
    tab,
    `window.__attack.select(${JSON.stringify(POINTER_QUOTE)}); window.__attack.pointerup()`,
  );
  await sleep(SETTLE_MS);
  assert.equal((await toolbar(tab)).shown, false, 'a made-up pointerup showed the toolbar');
  await pressShortcut(tab); // nothing selected by the reader, but the page's selection is there: control
  await sleep(SETTLE_MS);

  // Stored? A fresh load paints what Gloss stored for the page: only the one the reader's own key made.
  await send('browsingContext.reload', { context: tab, wait: 'complete' });
  await waitFor(tab, `${painted} !== ''`);
  await sleep(300);
  assert.deepEqual(await paintedList(tab), [POINTER_QUOTE], 'stored for the hostile page');
  log('hostile page: made-up shortcut and pointerup did nothing; the real shortcut worked');
  ok = true;
} finally {
  try {
    await send('browser.close', {});
  } catch {}
  ws.close();
  await new Promise((resolve) => {
    if (ff.exitCode !== null) return resolve();
    const t = setTimeout(() => {
      ff.kill('SIGKILL');
      resolve();
    }, 5000);
    ff.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
  await server.close();
  rmSync(profile, { recursive: true, force: true });
  log(ok ? 'Firefox smoke test passed' : 'Firefox smoke test FAILED');
}
process.exit(ok ? 0 : 1);
