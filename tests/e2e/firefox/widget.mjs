// Comments a widget draws into an open shadow root (any-text.e2e.test.ts): Firefox paints ::highlight() in a
// shadow tree only from a style sheet inside it, so the reader's eye (a screenshot) is what decides here.
import assert from 'node:assert/strict';
import { eventually } from './browser.mjs';
import { paintedText } from './reader.mjs';

const WIDGET = '/widget-comments.html';
const QUOTE = 'Four millimetres a year sounds small until you add it up';
const COMMENT = '#coral_thread >>> #comment-c-102 .coral-comment-content';
/** Gloss's yellow (components/palette.ts). */
const YELLOW = [0xff, 0xf5, 0x9d];

export async function widgetSteps({ b, r, tab, base, log }) {
  const drawn = `!!document.getElementById('coral_thread')?.shadowRoot?.querySelector('#comment-c-102')`;
  const passageBox = `JSON.stringify((() => {
    const el = document.getElementById('coral_thread').shadowRoot.querySelector('#comment-c-102 .coral-comment-content');
    el.scrollIntoView({ block: 'center' });
    const text = el.firstChild;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, ${QUOTE.length});
    const box = range.getBoundingClientRect();
    return { x: box.x, y: box.y, width: box.width, height: box.height };
  })())`;

  await b.send('browsingContext.navigate', { context: tab, url: `${base}${WIDGET}`, wait: 'complete' });
  await b.waitFor(tab, drawn);
  await r.highlight(tab, COMMENT, QUOTE);
  await b.evaluate(tab, 'document.getSelection().removeAllRanges()');
  const yellow = await r.colourShare(tab, await b.json(tab, passageBox), YELLOW);
  assert.ok(yellow > 0.4, `the comment's highlight shows ${Math.round(yellow * 100)}% of Gloss's yellow`);
  log(`shadow-root widget: a comment highlighted and painted (${Math.round(yellow * 100)}% yellow)`);

  // Drawn 1.5 s after load into a host already in the page: no mutation tells Gloss; it looks again.
  await b.send('browsingContext.navigate', {
    context: tab,
    url: `${base}${WIDGET}?late=1500`,
    wait: 'complete',
  });
  await eventually(() => paintedText(b, tab), [QUOTE], { what: 'the paint after a late widget' });
  const again = await r.colourShare(tab, await b.json(tab, passageBox), YELLOW);
  assert.ok(again > 0.4, `after reload the highlight shows ${Math.round(again * 100)}% yellow`);
  log('shadow-root widget: painted again when the widget came late');
}
