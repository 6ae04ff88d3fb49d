// Comments in a third-party frame (tests/fixtures/demo/embed-story.html framing comments-frame.html from
// another origin) in Firefox, as in tests/e2e/comment-frame.e2e.test.ts: the reader drags over a comment
// in the frame and clicks the toolbar Gloss shows there; the highlight is filed under the story, with its
// author.
import assert from 'node:assert/strict';
import { eventually } from './browser.mjs';
import { paintedRanges } from './reader.mjs';

const QUOTE = 'cost the service very little';

export async function commentFrameSteps({ b, r, tab, popup, base, log }) {
  const { send, waitFor, frames } = b;
  await send('browsingContext.navigate', { context: tab, url: `${base}/embed-story.html`, wait: 'complete' });
  const frame = await eventually(
    async () => (await frames(tab)).find((f) => f.url.includes('/comments-frame.html')),
    (f) => f !== undefined,
    { what: 'the comments frame' },
  );
  assert.notEqual(new URL(frame.url).origin, new URL(base).origin, 'the comments frame is cross-origin');
  await waitFor(frame.context, `document.readyState === 'complete'`);

  // Input in the frame's own browsing context: the browser places it in the frame's viewport.
  await r.highlight(frame.context, '#comment-902 p', QUOTE);
  await eventually(() => paintedRanges(b, frame.context), { 'gloss-yellow': [QUOTE] }, { what: 'the frame' });
  assert.deepEqual(await paintedRanges(b, tab), {}, 'the story around the frame paints the comment');

  await popup.show(`?tabId=${await popup.tabIdOf(`${base}/embed-story.html`)}`);
  assert.deepEqual(await popup.quotes(), [QUOTE], 'the popup lists');
  assert.deepEqual(await popup.headings(), ['comments · dev malhotra'], 'filed under the commenter');
  assert.ok((await popup.current()).title.includes('Ferry fares rise'), 'filed under the story');
  log(
    'comment frame: highlighted in a cross-origin frame, listed under the story as Comments · Dev Malhotra',
  );
}
