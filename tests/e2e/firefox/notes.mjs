// The note path in Firefox, on the hostile page (tests/fixtures/demo/hostile.html), with real input only:
// the reader drags over a passage, clicks the toolbar's "Add note", types in the editor frame Gloss opens
// (moz-extension://<uuid>/note.html#<ticket>) and saves with Ctrl+Enter. What is stored is read from the
// popup page in a window of its own (popup.mjs: an extension page, not the news page). Then the page's
// script attacks: it frames note.html itself, looks for the note in everything it can read, and changes its
// address while the reader types.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from './browser.mjs';

const NOTE_QUOTE = 'approved the dredging plan on Tuesday after months of delay';
/** What the reader types: nothing in it may ever reach the page (no "noted" either, see below). */
const NOTE = 'Ask Marta whether the 2009 silt report was ever published';
const FRAMED_QUOTE = 'promised a public meeting on the drying beds';
const FRAMED_NOTE = 'Check the council minutes for the meeting date';
const MOVED_QUOTE = 'the last dredging, in 2009, had lasted barely a decade';
const MOVED_FIRST = 'The captain is Ivo Brandt, ';
const MOVED_REST = 'harbour master until 2015.';
/** Longer than WXT's location poll (1 s) and Gloss's settling after it (300 ms). */
const LOCATION_SETTLE_MS = 1_600;

/**
 * Runs the note steps on `tab`, which shows the hostile page. `b` holds the BiDi helpers (send, evaluate,
 * json, waitFor, frames), `r` the reader's input (reader.mjs), `origin` the add-on's moz-extension://<uuid>.
 */
export async function noteSteps({ b, r, tab, popup, origin, log, shots }) {
  const { send, evaluate, json, waitFor, frames } = b;
  const editorPrefix = `${origin}/note.html#`;

  /** The editor frame Gloss opened on the page (in its closed shadow root: the browser's tree still lists it). */
  const editorFrames = async () =>
    (await frames(tab)).filter((f) => f.url.startsWith(editorPrefix) && !pageFramed.has(f.context));
  /** Frames the page's script made itself (step 2), which are not Gloss's editor. */
  const pageFramed = new Set();
  async function waitForEditor() {
    const end = Date.now() + 10_000;
    for (;;) {
      const [editor] = await editorFrames();
      if (editor) {
        // The editor focuses its textarea once it has its draft: from then on, keys go there.
        await waitFor(editor.context, `document.activeElement?.id === 'gloss-note' && document.hasFocus()`);
        return editor;
      }
      if (Date.now() > end) throw new Error('the note editor did not open');
      await sleep(100);
    }
  }
  async function waitForEditorGone() {
    const end = Date.now() + 10_000;
    while ((await editorFrames()).length > 0) {
      if (Date.now() > end) throw new Error('the note editor did not close after saving');
      await sleep(100);
    }
  }
  const noteValue = (editor) =>
    evaluate(editor.context, `document.getElementById('gloss-note').value`).then((v) => v.value);

  /** Drags over `quote` in `selector`, clicks "Add note" and waits for the editor to hold the focus. */
  async function addNoteOn(selector, quote, shotName) {
    await r.selectByDrag(tab, selector, quote);
    const bar = await r.waitForToolbar(tab);
    const button = await r.addNoteButton(tab, bar);
    if (shotName) writeFileSync(path.join(shots, shotName), button.png);
    await r.clickAt(tab, button.x, button.y);
    return waitForEditor();
  }

  // The popup page is in a window of its own (popup.mjs), so the news page keeps the focus. The add-on's
  // UUID is the one user.js set before launch: this page loading at all says so.
  /** The library as the popup shows it: each card's id, quote and note, from its text. */
  async function library() {
    await popup.show('?view=all');
    return popup.cards();
  }
  const stored = async (quote) => (await library()).filter((c) => c.quote === quote);
  const before = await library();
  assert.ok(
    before.some((c) => c.quote === 'dried on the old rail yard'),
    'the popup lists the stored highlights',
  );
  log(`popup page read at ${origin}/popup.html?view=all (the UUID user.js set): ${before.length} highlights`);

  // 1. The note path.
  const editor = await addNoteOn('#lede', NOTE_QUOTE, 'firefox-add-note.png');
  assert.ok(editor.url.startsWith(editorPrefix) && editor.url.length > editorPrefix.length, editor.url);
  log('"Add note" (found on a screenshot of the toolbar) opened the editor frame at note.html#<ticket>');
  await r.type(tab, NOTE);
  assert.equal(await noteValue(editor), NOTE, 'typed into the editor');
  await r.pressCtrlEnter(tab);
  await waitForEditorGone();
  const [saved, ...more] = await stored(NOTE_QUOTE);
  assert.equal(more.length, 0, 'one highlight stored for the passage');
  assert.equal(saved?.note, NOTE, `stored note (card text: ${saved?.text})`);
  await waitFor(
    tab,
    `[...CSS.highlights.values()].some((h) => [...h].some((r) => String(r) === ${JSON.stringify(NOTE_QUOTE)}))`,
  );
  log('typed a note, Ctrl+Enter saved it: the popup page shows it under the passage');
  const savedShot = await send('browsingContext.captureScreenshot', { context: tab });
  writeFileSync(path.join(shots, 'firefox-hostile-note.png'), Buffer.from(savedShot.data, 'base64'));

  // 3. What the page can read holds neither the note nor a sign that the passage has one ("noted": the old
  // paint names, `gloss-yellow-noted`, and `data-gloss-noted` marks, told the page which highlights had one).
  async function assertNothingLeaked(notes, when) {
    const seen = await json(
      tab,
      `JSON.stringify({
        html: document.documentElement.outerHTML,
        highlights: [...CSS.highlights.keys()],
        sheets: [...document.styleSheets, ...document.adoptedStyleSheets]
          .map((sheet) => { try { return [...sheet.cssRules].map((rule) => rule.cssText).join('\\n'); } catch { return ''; } })
          .join('\\n'),
        messages: window.__seen,
        title: document.title,
        href: location.href,
        storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
      })`,
    );
    for (const [what, value] of Object.entries(seen)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      for (const note of notes) assert.ok(!text.includes(note), `the page's ${what} holds the note ${when}`);
      assert.ok(!/noted/i.test(text), `the page's ${what} says "noted" ${when}: ${text.slice(0, 300)}`);
    }
    assert.ok(seen.highlights.length > 0, 'the page shows the highlights');
    return seen;
  }
  const seen = await assertNothingLeaked([NOTE], 'after saving');
  log(`the page's DOM, CSS.highlights (${seen.highlights.join(', ')}) and messages hold no note, no "noted"`);

  // 2. The page frames note.html itself. It learned a real id (an export, a synced copy, a guess) and tries
  // the addresses an editor might take it by: the old design's note.html?id=<id> (draft=<id> for a new
  // one), or a ticket it made up. The old design (before 96a9c82) would have failed here: note.html read
  // ?id= and asked the background for `annotation.get`, and the old router's checkSender let any sender
  // whose URL was on the extension's origin through, which a page-framed note.html is. So that frame loaded
  // the stored note into its textarea, with Save, Cancel and "Delete highlight": all three checks below (no
  // note text, no textbox, no button) fail on it; ?draft=<id> got draft.get's error with a Close button.
  // Now neither carries a ticket the background issued for this tab: an error, and no form.
  await addNoteOn('#framed', FRAMED_QUOTE);
  await r.type(tab, FRAMED_NOTE);
  await r.pressCtrlEnter(tab);
  await waitForEditorGone();
  const [framedSaved] = await stored(FRAMED_QUOTE);
  assert.equal(framedSaved?.note, FRAMED_NOTE, 'stored note for the framed case');
  const id = framedSaved.id;
  assert.ok(id, 'the popup card carries data-annotation-id');
  const madeUp = randomUUID(); // the shape of a real ticket
  const attempts = [
    ['?id=<real id>', `?id=${encodeURIComponent(id)}`],
    ['#<made-up ticket>', `#${madeUp}`],
    ['?draft=<real id>#<real id>', `?draft=${encodeURIComponent(id)}#${id}`],
  ];
  for (const [label, address] of attempts) {
    const url = `${origin}/note.html${address}`;
    await evaluate(tab, `window.__attack.frame(${JSON.stringify(url)})`);
    let framed = null;
    const end = Date.now() + 10_000;
    while (!framed) {
      framed = (await frames(tab)).find((f) => f.url === url && !pageFramed.has(f.context));
      if (!framed && Date.now() > end) throw new Error(`the page's frame did not load: ${url}`);
      if (!framed) await sleep(100);
    }
    pageFramed.add(framed.context);
    // It has rendered once it shows its error (it asks the background first when it has a hash).
    await waitFor(framed.context, `document.querySelector('#app .error') !== null`);
    await sleep(300); // anything else it would render after that
    const shown = await json(
      framed.context,
      `JSON.stringify({
        text: document.body.innerText,
        fields: [...document.querySelectorAll('textarea, input, select')].map((f) => f.value),
        textboxes: document.querySelectorAll('textarea, input, select, [contenteditable], [role=textbox]').length,
        buttons: document.querySelectorAll('button, [role=button], input[type=submit], input[type=button]').length,
      })`,
    );
    const all = [shown.text, ...shown.fields].join('\n');
    for (const note of [NOTE, FRAMED_NOTE]) assert.ok(!all.includes(note), `${label} shows a note: ${all}`);
    assert.equal(shown.textboxes, 0, `${label} shows a textbox`);
    assert.equal(shown.buttons, 0, `${label} shows a button`);
    log(`page-framed note.html${label}: shows only "${shown.text.trim()}"`);
  }
  assert.equal(
    (await stored(FRAMED_QUOTE))[0]?.note,
    FRAMED_NOTE,
    'the note after the page framed the editor',
  );
  await assertNothingLeaked([NOTE, FRAMED_NOTE], 'after framing note.html');
  log('the page-framed editors showed no note, no textbox, no button; nothing changed in storage');

  // 4. The page changes its address while the reader types (what news sites do after load and while the
  // reader scrolls: strip tracking parameters, mark a section in the hash), and fires WXT's event name.
  const moving = await addNoteOn('#click', MOVED_QUOTE);
  await r.type(tab, MOVED_FIRST);
  const from = await evaluate(tab, 'location.href').then((v) => v.value);
  await evaluate(
    tab,
    `history.replaceState(null, '', location.pathname);
     location.hash = 'look';
     window.dispatchEvent(new Event('wxt:locationchange'));`,
  );
  assert.equal((await evaluate(tab, 'location.hash')).value, '#look', `the page moved from ${from}`);
  await sleep(LOCATION_SETTLE_MS);
  const still = await editorFrames();
  assert.deepEqual(
    still.map((f) => f.context),
    [moving.context],
    'the editor frame is gone or another took its place after replaceState and a hash change',
  );
  assert.equal(await noteValue(moving), MOVED_FIRST, 'the editor kept what was typed');
  await r.type(tab, MOVED_REST);
  assert.equal(await noteValue(moving), MOVED_FIRST + MOVED_REST, 'typing went on in the editor');
  await r.pressCtrlEnter(tab);
  await waitForEditorGone();
  const moved = await stored(MOVED_QUOTE);
  assert.deepEqual(
    moved.map((c) => c.note),
    [MOVED_FIRST + MOVED_REST],
    'stored after the page changed its address',
  );
  await assertNothingLeaked([NOTE, FRAMED_NOTE, MOVED_FIRST.trim(), MOVED_REST], 'at the end');
  log('replaceState and a hash change while typing: the editor stayed open, Save stored the whole text');
}
