// The popup paths of tests/e2e/core.e2e.test.ts in Firefox: the popup lists the story's quotes grouped by
// region; a card's note, colour and tags are edited there and the page repaints without a reload; a tag lists
// what carries it; a quote jumps to its passage (in the tab, or from the library in a new tab); a highlight
// made in the tab shows up in the open popup; Delete and Undo there, with the page following each time.
import assert from 'node:assert/strict';
import { eventually } from './browser.mjs';
import { paintedRanges } from './reader.mjs';

const COMMENT_QUOTE = 'Enforcement is the whole question then';
const BUS_QUOTE = 'the number 9 bus stops at the garage every twelve minutes';
const NOTE = 'Check the loading-zone ticket numbers with the city clerk.';
/** Typed with stray spaces and a repeat: stored trimmed, once each. */
const TAGS_TYPED = 'clerk follow-up,  Archive , clerk follow-up';
const TAGS_SHOWN = ['#clerk follow-up', '#Archive'];
const TITLE = 'Harbor City votes to turn its oldest parking garage into homes';

/**
 * Runs on `tab`, which shows the harbour story, where Gloss has painted `storyQuotes` (yellow, in the
 * article) and nothing else. Leaves the story with only those again.
 */
export async function popupSteps({ b, r, tab, popup, storyUrl, storyQuotes, bringToFront, log }) {
  const { send, evaluate, waitFor } = b;
  const yellow = [...storyQuotes].sort();
  const paint = (what) => eventually(() => paintedRanges(b, tab), what, { what: 'the paint on the page' });
  await bringToFront(tab);
  await paint({ 'gloss-yellow': yellow });
  // Marks this document: still there at the end, the page never reloaded while the popup changed it.
  await evaluate(tab, 'window.__sameDocument = true');

  await r.highlight(tab, '#comment-303 .comment-content', COMMENT_QUOTE);
  await paint({ 'gloss-yellow': [...yellow, COMMENT_QUOTE].sort() });

  const tabId = await popup.tabIdOf(storyUrl);
  await popup.show(`?tabId=${tabId}`);
  assert.deepEqual((await popup.quotes()).sort(), [...yellow, COMMENT_QUOTE].sort(), 'the popup lists');
  assert.deepEqual(await popup.headings(), ['article', 'comments · dana whitcombe'], 'grouped by region');
  assert.ok((await popup.current()).title.includes(TITLE), 'the popup names the story');
  log('popup: the story quotes grouped as Article and Comments · Dana Whitcombe');

  // A note, a colour and tags written on the popup's card; the page repaints without a reload.
  await popup.front();
  await popup.click(popup.cardButton(COMMENT_QUOTE, 'Add note'), 'the card\'s "Add note"');
  const field = (selector) => `(${popup.card(COMMENT_QUOTE)})?.querySelector(${JSON.stringify(selector)})`;
  await popup.typeInto(field('textarea'), NOTE);
  await popup.click(field('[role=radio][aria-label="Green"]'), "the card's Green");
  await popup.typeInto(field('input.tags-input'), TAGS_TYPED);
  await popup.click(field('button.primary'), "the card's Save");
  await eventually(async () => (await popup.cards()).find((c) => c.quote === COMMENT_QUOTE)?.note, NOTE, {
    what: "the card's note",
  });
  await paint({ 'gloss-green': [COMMENT_QUOTE], 'gloss-yellow': yellow });
  await popup.show(`?tabId=${tabId}`);
  const edited = (await popup.cards()).find((c) => c.quote === COMMENT_QUOTE);
  assert.deepEqual(edited?.tags, TAGS_SHOWN, 'tags as stored, shown when the popup opens again');
  log('popup: note, Green and tags saved on the card; the page repainted the passage green');

  // A tag lists the highlights carrying it; "This page" lists them all again.
  await popup.click(popup.cardButton(COMMENT_QUOTE, '#clerk follow-up'), 'the tag');
  await eventually(
    () => evaluate(popup.context, `document.getElementById('gloss-search').value`).then((v) => v.value),
    '#"clerk follow-up"',
    { what: 'the search' },
  );
  await eventually(popup.quotes, [COMMENT_QUOTE], { what: 'the cards for the tag' });
  await popup.click(popup.button('This page (3)'), 'the "This page" view');
  await eventually(async () => (await popup.quotes()).length, 3, { what: 'the cards on this page' });
  log('popup: a click on a tag listed only its highlight');

  // From the library (popup.html without a tab id, which shows every page), a quote opens its story in a
  // new tab, at the passage.
  await popup.show('?view=all');
  const all = await popup.text();
  for (const text of [TITLE, COMMENT_QUOTE, NOTE, ...yellow])
    assert.ok(all.includes(text), `library: ${text}`);
  const tabsBefore = new Set(
    (await send('browsingContext.getTree', { maxDepth: 0 })).contexts.map((c) => c.context),
  );
  await popup.click(`(${popup.card(COMMENT_QUOTE)})?.querySelector('.quote-button')`, 'the quote');
  const opened = await eventually(
    async () =>
      (await send('browsingContext.getTree', { maxDepth: 0 })).contexts.find(
        (c) => !tabsBefore.has(c.context) && c.url.startsWith(storyUrl),
      ),
    (c) => c !== undefined,
    { what: 'a new tab at the story' },
  );
  await waitFor(opened.context, `CSS.highlights.get('gloss-flash')?.size === 1`);
  await waitFor(opened.context, inView(COMMENT_QUOTE));
  await send('browsingContext.close', { context: opened.context });
  log('popup: from the library, the quote opened the story in a new tab, at the passage, flashed');

  // From the popup of the tab, a quote scrolls the tab to the passage and flashes it.
  await evaluate(tab, 'window.scrollTo(0, 0)');
  await popup.show(`?tabId=${tabId}`);
  await popup.front();
  await popup.click(`(${popup.card(COMMENT_QUOTE)})?.querySelector('.quote-button')`, 'the quote');
  await waitFor(tab, `CSS.highlights.get('gloss-flash')?.size === 1`);
  await waitFor(tab, inView(COMMENT_QUOTE));
  log('popup: a click on the quote scrolled the tab to the passage and flashed it');

  // A highlight made in the tab shows up in the popup, open all along; Delete there removes it from the page.
  await bringToFront(tab);
  await r.highlightByShortcut(tab, '#comment-307', BUS_QUOTE);
  await eventually(async () => (await popup.quotes()).includes(BUS_QUOTE), true, {
    what: 'the new highlight in the open popup',
  });
  assert.equal((await popup.headings()).length, 3, 'a group for the second commenter');
  await popup.front();
  await popup.click(popup.cardButton(BUS_QUOTE, 'Delete highlight', { label: true, prefix: true }), 'Delete');
  await eventually(async () => (await popup.quotes()).length, 3, { what: 'the cards after Delete' });
  await paint({ 'gloss-green': [COMMENT_QUOTE], 'gloss-yellow': yellow });
  log('popup: a highlight made in the tab appeared in the open popup; Delete there unpainted it');

  // Delete the noted one, Undo puts it back with its note, colour and tags, on the page too; then it goes.
  const deleteComment = () =>
    popup.click(popup.cardButton(COMMENT_QUOTE, 'Delete highlight', { label: true, prefix: true }), 'Delete');
  await deleteComment();
  await eventually(popup.quotes, (q) => q.length === 2 && !q.includes(COMMENT_QUOTE), {
    what: 'the cards after Delete',
  });
  await paint({ 'gloss-yellow': yellow });
  await popup.click(`document.querySelector('.undo button')`, 'Undo');
  const back = await eventually(
    async () => (await popup.cards()).find((c) => c.quote === COMMENT_QUOTE),
    (c) => c !== undefined,
    { what: 'the card after Undo' },
  );
  assert.equal(back.note, NOTE, 'the note after Undo');
  assert.deepEqual(back.tags, TAGS_SHOWN, 'the tags after Undo');
  await paint({ 'gloss-green': [COMMENT_QUOTE], 'gloss-yellow': yellow });
  await deleteComment();
  await paint({ 'gloss-yellow': yellow });
  assert.equal(
    (await evaluate(tab, 'window.__sameDocument === true')).value,
    true,
    'the page reloaded while the popup changed it',
  );
  log('popup: Delete, Undo (note, colour, tags back on the page), Delete again; the page never reloaded');
  await bringToFront(tab);
}

/** Page-side JavaScript: the passage `quote` is on screen (the page scrolled to it). */
const inView = (quote) => `(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.data.indexOf(${JSON.stringify(quote)});
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(n, at);
    range.setEnd(n, at + 1);
    const box = range.getBoundingClientRect();
    return scrollY > 0 && box.top >= 0 && box.bottom <= innerHeight;
  }
  return false;
})()`;
