// The context menu on a highlight, in Firefox's own menu: the reader's right-click (input.performActions)
// opens the browser's real content-area menu, which the test reads and clicks in the browser's chrome
// (moz:scope chrome), as the reader's click on an item would. Chromium's native menus cannot be driven, so
// this path is tested here.
import assert from 'node:assert/strict';
import { sleep } from './browser.mjs';
import { paintedText } from './reader.mjs';

const MENU_QUOTE = 'study two smaller garages on Mill Road and Canal Street';
const EDIT_LABEL = 'Edit note (Gloss)';
const DELETE_LABEL = 'Delete highlight (Gloss)';

/** The browser's content-area context menu, seen from its chrome. */
function contextMenu(send) {
  let chrome = null;
  const run = async (expression) => {
    chrome ??= (await send('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0].context;
    const r = await send('script.evaluate', {
      expression,
      target: { context: chrome },
      awaitPromise: true,
    });
    if (r.type === 'exception') throw new Error(`chrome exception: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  const menu = `document.getElementById('contentAreaContextMenu')`;
  return {
    /** Gloss's items of the open menu, by label: visible or not; null when no menu is open. */
    async glossItems() {
      const json = await run(`(() => {
        const m = ${menu};
        if (m.state !== 'open') return 'null';
        // A refreshed menu may hold an item twice, the stale copy hidden: an item shows if any copy does.
        const shown = {};
        for (const i of m.querySelectorAll('menuitem')) {
          if (i.label.endsWith('(Gloss)')) shown[i.label] = shown[i.label] === true || !i.hidden;
        }
        return JSON.stringify(shown);
      })()`);
      return JSON.parse(json);
    },
    /** Chooses the item with this label, as the reader's click does (the item's command runs, the menu closes). */
    activate: (label) =>
      run(`(() => {
        const m = ${menu};
        const item = [...m.querySelectorAll('menuitem')].find((i) => i.label === ${JSON.stringify(label)} && !i.hidden);
        // Gloss's items sit in a submenu named after it (Firefox groups an add-on's items): its command is
        // what a click on it runs, then the menu closes.
        item.doCommand();
        m.hidePopup();
        return 'ok';
      })()`),
    close: () => run(`${menu}.hidePopup(), 'ok'`),
  };
}

export async function menuSteps({ b, r, tab, log, storyUrl }) {
  const paintedList = (context) => paintedText(b, context);
  const menu = contextMenu(b.send);
  const box = async (selector, needle) => b.json(tab, r.locate(selector, needle, false));
  const rightClickAt = async (x, y) => {
    // The pointer rests there first, as a reader's does before a right-click.
    await r.pointer(tab, [r.move(x - 12, y), r.move(x, y, 200)]);
    await sleep(400);
    await r.pointer(tab, [
      { type: 'pointerDown', button: 2 },
      { type: 'pointerUp', button: 2 },
    ]);
  };
  const openMenu = async (x, y) => {
    await rightClickAt(x, y);
    for (let i = 0; i < 40; i++) {
      const items = await menu.glossItems();
      if (items) return items;
      await sleep(100);
    }
    throw new Error('the context menu did not open');
  };

  await b.send('browsingContext.navigate', { context: tab, url: storyUrl, wait: 'complete' });
  await r.highlight(tab, '.entry-content', MENU_QUOTE);

  // Off a highlight: no Edit note, no Delete.
  const plain = await box('.entry-content', 'After eleven hours');
  let items = await openMenu(plain.x0 + 2, plain.y0);
  // Hidden items are left out of the menu altogether.
  assert.notEqual(items[EDIT_LABEL], true, 'Edit note offered off a highlight');
  assert.notEqual(items[DELETE_LABEL], true, 'Delete offered off a highlight');
  await menu.close();

  // On it: both, and Edit note opens its note editor.
  const on = await box('.entry-content', MENU_QUOTE);
  items = await openMenu(on.x0 + 20, on.y0);
  assert.equal(items[EDIT_LABEL], true, 'no Edit note on a highlight');
  assert.equal(items[DELETE_LABEL], true, 'no Delete on a highlight');
  await menu.activate(EDIT_LABEL);
  await b.waitFor(tab, `document.querySelector('gloss-ui') !== null`);
  const editorFrame = async () => {
    const { contexts } = await b.send('browsingContext.getTree', { root: tab });
    const walk = (c) => [c, ...(c.children ?? []).flatMap(walk)];
    return contexts.flatMap(walk).some((c) => c.url.includes('/note.html'));
  };
  for (let i = 0; i < 50 && !(await editorFrame()); i++) await sleep(100);
  assert.ok(await editorFrame(), 'Edit note opened no note editor');
  await r.pressEscape(tab);
  log('context menu: Edit note and Delete only on a highlight; Edit note opens its editor');

  // Delete: gone from the page, and the background (not the page) deleted it.
  await sleep(400);
  items = await openMenu(on.x0 + 20, on.y0);
  assert.equal(items[DELETE_LABEL], true, 'no Delete on the highlight the second time');
  await menu.activate(DELETE_LABEL);
  for (let i = 0; i < 50 && (await paintedList(tab)).includes(MENU_QUOTE); i++) await sleep(100);
  assert.ok(!(await paintedList(tab)).includes(MENU_QUOTE), 'Delete left the highlight painted');
  await b.send('browsingContext.reload', { context: tab, wait: 'complete' });
  await sleep(1_500);
  assert.ok(!(await paintedList(tab)).includes(MENU_QUOTE), 'the deleted highlight came back on reload');
  log('context menu: Delete removed the highlight, for good after a reload');
}
