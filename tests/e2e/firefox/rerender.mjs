// Comments that load late or re-render in Firefox, as in tests/e2e/rerender.e2e.test.ts: a highlight in a
// comment is orphaned while the comment section is held back (and listed so in the popup), painted once it
// arrives, and again after the page rebuilds the section from markup (new nodes, same text).
import assert from 'node:assert/strict';
import { eventually } from './browser.mjs';
import { paintedText } from './reader.mjs';

const QUOTE = 'Two hundred neighbours within walking distance will do more for Pier Street';
/** The demo page holds its comments back this long with ?late=MS. */
const LATE_MS = 4_000;

export async function rerenderSteps({ b, r, tab, popup, base, log }) {
  const { send, evaluate } = b;
  // The demo page under the name localhost: another site to Gloss than 127.0.0.1, so its canonical story
  // holds nothing from the earlier steps.
  const story = `${base.replace('//127.0.0.1:', '//localhost:')}/2026/11/pier-street-rerender`;
  const painted = (expected, what, ms) => eventually(() => paintedText(b, tab), expected, { what, ms });
  const comment = async () => (await evaluate(tab, `document.getElementById('comment-310') !== null`)).value;

  await send('browsingContext.navigate', { context: tab, url: story, wait: 'complete' });
  await r.highlight(tab, '#comment-310 .comment-content', QUOTE);
  await painted([QUOTE], 'the story');

  await send('browsingContext.navigate', { context: tab, url: `${story}?late=${LATE_MS}`, wait: 'complete' });
  assert.equal(await comment(), false, 'the comments came early');
  // Gloss looked for the passage on this load and did not find it: the popup lists it as orphaned.
  const tabId = await popup.tabIdOf(story);
  await eventually(
    async () => {
      await popup.show(`?tabId=${tabId}`);
      return (await popup.cards()).map((c) => [c.quote, c.orphaned]);
    },
    [[QUOTE, true]],
    { what: 'the popup while the comments are held back', ms: LATE_MS / 2 },
  );
  assert.deepEqual(await paintedText(b, tab), [], 'painted without the comments');
  // Read while the comments are still held back, or the checks above say nothing.
  if (await comment()) throw new Error('the comments arrived before the popup was read: raise LATE_MS');
  await painted([QUOTE], 'the story once the comments arrived', LATE_MS + 4_000);
  // The popup, still open, moves it from Orphaned to its commenter when the comments arrive.
  await eventually(async () => (await popup.cards()).map((c) => [c.quote, c.orphaned]), [[QUOTE, false]], {
    what: 'the open popup',
  });
  const headings = await popup.headings();
  assert.ok(headings.length === 1 && headings[0].startsWith('comments · '), `headings: ${headings}`);
  log('late comments: orphaned in the popup at first, painted and listed under the commenter once in');

  // The page rebuilds its comment list from markup (as a framework would): new nodes, same passage.
  await evaluate(
    tab,
    `(() => { const list = document.querySelector('.comment-list'); list.outerHTML = list.outerHTML; })()`,
  );
  await painted([QUOTE], 'the story after the comments re-rendered');
  const onNewNodes = await evaluate(
    tab,
    `[...CSS.highlights.get('gloss-yellow')].every((r) => r.startContainer.isConnected && r.startContainer.parentElement.closest('#comment-310') !== null)`,
  );
  assert.equal(onNewNodes.value, true, 'the paint is on the old, removed nodes');
  log('re-rendered comments: painted again on the new nodes');
}
