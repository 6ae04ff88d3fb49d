import assert from 'node:assert/strict';

const STORY = '/2026/11/harbor-garage-housing-vote';
const QUOTE = 'the number 9 bus stops at the garage every twelve minutes';

/**
 * Options in Firefox, driven as a reader: a colour chosen with a click at its swatch, kept across a reload of
 * the page, and taken by the next highlight made on the story with the shortcut.
 */
export async function optionsSteps({ b, r, tab, origin, base, log }) {
  const { send, waitFor, json, evaluate } = b;
  await send('browsingContext.navigate', { context: tab, url: `${origin}/options.html`, wait: 'complete' });
  await waitFor(tab, `document.querySelector('[role=radio][aria-label="Purple"]') !== null`);
  const swatch = await json(
    tab,
    `JSON.stringify((() => { const r = document.querySelector('[role=radio][aria-label="Purple"]').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })())`,
  );
  await r.clickAt(tab, swatch.x, swatch.y);
  await waitFor(
    tab,
    `document.querySelector('[role=status]')?.textContent === 'Saved. Open pages follow the change.'`,
  );
  await send('browsingContext.reload', { context: tab, wait: 'complete' });
  await waitFor(
    tab,
    `document.querySelector('[role=radio][aria-label="Purple"]')?.getAttribute('aria-checked') === 'true'`,
  );
  log('options: purple chosen with a click, and kept');

  await send('browsingContext.navigate', { context: tab, url: `${base}${STORY}`, wait: 'complete' });
  await waitFor(tab, `document.readyState === 'complete'`);
  await r.selectByDrag(tab, '#comment-307', QUOTE);
  await r.pressShortcut(tab);
  await waitFor(
    tab,
    `[...(CSS.highlights.get('gloss-purple') ?? [])].map(String).includes(${JSON.stringify(QUOTE)})`,
  );
  assert.ok((await evaluate(tab, `CSS.highlights.has('gloss-purple')`)).value);
  log('options: the next highlight, made with the shortcut, is purple');
}
