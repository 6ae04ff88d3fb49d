// The hostile page (tests/fixtures/demo/hostile.html) in Firefox, as in tests/e2e/hostile.e2e.test.ts: its
// CSS hides anything an extension adds and makes Gloss's yellow transparent, its scripts swallow key and
// pointer events, patch attachShadow and make selections and input of their own. The page's script runs its
// attacks (window.__attack); the reader's own input is real (input.performActions). What the reader sees is
// checked on screenshots; the note path on this page is in notes.mjs.
import assert from 'node:assert/strict';
import { eventually, sleep } from './browser.mjs';
import { paintedText } from './reader.mjs';

const LEDE_QUOTE = 'approved the dredging plan on Tuesday';
const KEYS_QUOTE = 'close the inner basin to pleasure craft';
const POINTER_QUOTE = 'dried on the old rail yard';
const LOOK_QUOTE = 'how the drying beds would be kept';
/** Long enough for Gloss to have acted on an event (toolbar settles in 120 ms, storage in a few ms). */
const SETTLE_MS = 1_200;
/** Gloss's yellow (components/palette.ts), which the page's CSS tries to make transparent. */
const YELLOW = [0xff, 0xf5, 0x9d];
/** The note editor's Save button (components/base.css --accent). */
const ACCENT = [0x2f, 0x5b, 0xd3];
/** What the page's script finds of Gloss, toolbar or editor open: only the host element. */
const NOTHING = {
  host: true,
  shadowRoot: false,
  // The page patched attachShadow before Gloss loaded: Gloss's root is not made through it.
  captured: [],
  iframes: [],
  noteFrames: 0,
  markup: false,
  frames: 0,
};

export async function hostileSteps({ b, r, tab, base, origin, log }) {
  const { send, evaluate, json, waitFor, frames } = b;
  const attack = (call) => json(tab, `JSON.stringify(window.__attack.${call} ?? null)`);
  const started = async () => (await evaluate(tab, `document.querySelector('gloss-ui') !== null`)).value;
  const open = (query = '') =>
    send('browsingContext.navigate', { context: tab, url: `${base}/hostile.html${query}`, wait: 'complete' });

  // A story of the hostile site with nothing saved runs only Gloss's loader: the page's own selection and
  // made-up events do not start the rest (it would then listen, paint and store for the page).
  await open('?edition=2');
  assert.equal(await attack(`select(${JSON.stringify(POINTER_QUOTE)})`), true);
  await attack('pointerup()');
  await attack('shortcut()');
  await sleep(SETTLE_MS);
  assert.equal(await started(), false, "the page's selection and made-up events started Gloss");
  // Nothing stored either: a story with something saved starts Gloss on load.
  await send('browsingContext.reload', { context: tab, wait: 'complete' });
  await sleep(SETTLE_MS);
  assert.equal(await started(), false, 'Gloss stored something for the made-up events');
  await r.selectByDrag(tab, '#pointer', POINTER_QUOTE);
  await r.waitForToolbar(tab);
  assert.equal(await started(), true);
  await r.pressEscape(tab);
  log('hostile page: made-up events did not start Gloss; the reader drag did');

  await open();
  // The page's CSS hides gloss-ui and anything named like a toolbar: the toolbar is seen anyway, with its
  // Highlight button's yellow on a screenshot (addNoteButton checks it), and the page finds only its host.
  await r.selectByDrag(tab, '#lede', LEDE_QUOTE);
  const bar = await r.waitForToolbar(tab);
  await r.addNoteButton(tab, bar);
  assert.deepEqual(await attack('lookForGloss()'), NOTHING, 'the page found Gloss with the toolbar open');
  await r.pressEscape(tab);

  // A made-up Alt+Shift+H over the page's own selection highlights nothing; the reader's key over it does.
  assert.equal(await attack(`select(${JSON.stringify(KEYS_QUOTE)})`), true);
  await attack('shortcut()');
  await sleep(SETTLE_MS);
  assert.ok(!(await paintedText(b, tab)).includes(KEYS_QUOTE), 'a made-up Alt+Shift+H highlighted');
  await r.pressShortcut(tab);
  await eventually(() => paintedText(b, tab), [KEYS_QUOTE], { what: 'the paint after the real key' });

  // A made-up drag's end over the page's selection shows no toolbar; the reader's drag over it does. Gloss
  // takes a selection made within a second of the reader's own input as theirs (toolbar.ts): wait that out.
  await sleep(SETTLE_MS);
  assert.equal(await attack(`select(${JSON.stringify(POINTER_QUOTE)})`), true);
  await attack('pointerup()');
  await sleep(SETTLE_MS);
  assert.equal((await r.toolbar(tab)).shown, false, 'a made-up pointerup showed the toolbar');
  await r.highlight(tab, '#pointer', POINTER_QUOTE);
  log('hostile page: made-up shortcut and pointerup did nothing; the real key and drag worked');

  // Stored? A fresh load paints what Gloss stored for the page: only what the reader's own input made.
  await send('browsingContext.reload', { context: tab, wait: 'complete' });
  await eventually(() => paintedText(b, tab), [KEYS_QUOTE, POINTER_QUOTE].sort(), {
    what: 'the paint after reload',
  });
  // The page's `::highlight(gloss-yellow) { background-color: transparent !important }` loses: the reader
  // sees the yellow behind the passage.
  const box = await json(tab, `JSON.stringify(${rangeBox(POINTER_QUOTE)})`);
  const yellow = await r.colourShare(tab, box, YELLOW);
  assert.ok(yellow > 0.4, `the highlight shows ${Math.round(yellow * 100)}% of Gloss's yellow on screen`);
  // WXT's script-started event, named after the extension's id (public: it is in the manifest), would make
  // the content script stand down if it reached document.
  await evaluate(
    tab,
    `document.dispatchEvent(new CustomEvent('gloss@gloss.invalid:content:wxt:content-script-started', { detail: { contentScriptName: 'content', messageId: 'page' } }))`,
  );
  await sleep(SETTLE_MS);
  assert.deepEqual(await paintedText(b, tab), [KEYS_QUOTE, POINTER_QUOTE].sort(), 'stopped by the page');
  log(
    `hostile page: the highlight shows yellow (${Math.round(yellow * 100)}% of its box); a made-up WXT event`,
  );

  // A made-up click on a saved highlight opens no editor; the reader's click opens it, where the reader
  // sees it and can click its buttons, and the page still finds nothing of it.
  await r.highlightByShortcut(tab, '#look', LOOK_QUOTE);
  await sleep(300); // the highlight is confirmed stored: a click on a pending one has nothing to edit yet
  const centre = await json(tab, `JSON.stringify(${rangeBox(LOOK_QUOTE, true)})`);
  const editors = async () => (await frames(tab)).filter((f) => f.url.startsWith(`${origin}/note.html`));
  assert.equal(await attack(`clickAt(${centre.x}, ${centre.y})`), 'p');
  await sleep(SETTLE_MS);
  assert.deepEqual(await editors(), [], 'a made-up click opened the editor');
  await r.clickAt(tab, centre.x, centre.y);
  const [editor] = await eventually(editors, (e) => e.length === 1, { what: 'the editor frames' });
  await waitFor(editor.context, `document.getElementById('gloss-note') !== null`);
  assert.deepEqual(await attack('lookForGloss()'), NOTHING, 'the page found Gloss with the editor open');
  // Where the editor frame's Save button is on the page: the frame's own viewport offset, from the screen
  // positions Firefox gives each window (mozInnerScreenX/Y), plus the button's box in the frame.
  const [top, save] = await Promise.all([
    json(tab, 'JSON.stringify({ x: mozInnerScreenX, y: mozInnerScreenY })'),
    json(
      editor.context,
      `JSON.stringify((() => { const r = document.querySelector('button.primary').getBoundingClientRect(); return { x: mozInnerScreenX + r.left, y: mozInnerScreenY + r.top, width: r.width, height: r.height }; })())`,
    ),
  ]);
  const button = { x: save.x - top.x, y: save.y - top.y, width: save.width, height: save.height };
  const blue = await r.colourShare(tab, button, ACCENT);
  assert.ok(blue > 0.5, `the editor's Save shows ${Math.round(blue * 100)}% of its blue on the page`);
  await r.clickAt(tab, button.x + button.width / 2, button.y + button.height / 2);
  await eventually(editors, [], { what: 'the editor frames after a click on Save' });
  assert.ok((await paintedText(b, tab)).includes(LOOK_QUOTE));
  log(
    'hostile page: a made-up click opened no editor; the reader saw and clicked its Save; the page saw none',
  );
}

/**
 * Page-side JavaScript: the first box of Gloss's painted range reading `quote` (scrolled into view), or its
 * centre. Read from the page's highlight registry, which the page reads as well.
 */
const rangeBox = (quote, centre = false) => `(() => {
  for (const [name, h] of CSS.highlights) {
    if (!name.startsWith('gloss-') || name === 'gloss-flash') continue;
    const range = [...h].find((x) => String(x) === ${JSON.stringify(quote)});
    if (!range) continue;
    let b = range.getClientRects()[0];
    if (b.top < 40 || b.bottom > innerHeight - 40) { range.startContainer.parentElement.scrollIntoView({ block: 'center' }); b = range.getClientRects()[0]; }
    return ${centre} ? { x: b.left + b.width / 2, y: b.top + b.height / 2 } : { x: b.left, y: b.top, width: b.width, height: b.height };
  }
  return null;
})()`;
