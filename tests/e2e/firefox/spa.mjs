// A single-page news site (tests/fixtures/demo/spa.html) in Firefox, as in tests/e2e/spa.e2e.test.ts: its
// links change the story with history.pushState, without a page load. Each story keeps its own highlights
// across those navigations, Back and a fresh load; a canonical link the site forgot to update is not trusted.
import assert from 'node:assert/strict';
import { eventually } from './browser.mjs';
import { paintedText } from './reader.mjs';

const TRAM = 'the council promised a fund but did not say how large it would be';
const TRAM_COMMENT = 'the tram is the only way to add capacity';
const MARKET = 'will close the promenade to cars from six in the evening';
/** WXT reports a pushState navigation from a poll of location.href, about once a second. */
const NAVIGATION_MS = 5_000;

export async function spaSteps({ b, r, tab, popup, base, log }) {
  const { send, waitFor, evaluate } = b;
  const story = (slug, query = '') => `${base}/spa/${slug}${query}`;
  const painted = (expected, what, ms) => eventually(() => paintedText(b, tab), expected, { what, ms });
  const headline = (text) =>
    waitFor(tab, `document.querySelector('h1')?.textContent.includes(${JSON.stringify(text)})`);
  const follow = (name) =>
    r.clickOn(
      tab,
      `[...document.querySelectorAll('nav a')].find((a) => a.textContent === ${JSON.stringify(name)})`,
      name,
    );
  /** The page the background files the tab's highlights under, as the popup shows it (opened afresh). */
  const keyOf = async (tabId) => {
    await popup.show(`?tabId=${tabId}`);
    return (await popup.current()).key;
  };

  await send('browsingContext.navigate', {
    context: tab,
    url: story('tram-line-extension'),
    wait: 'complete',
  });
  await r.highlight(tab, 'article', TRAM);
  await r.highlight(tab, '#c-402', TRAM_COMMENT);
  await painted([TRAM, TRAM_COMMENT].sort(), 'the tram story');
  const tabId = await popup.tabIdOf(story(''));

  // Another story, rendered by the page's own script: nothing of the first story is painted here.
  await follow('Night market');
  await headline('Night market');
  await painted([], 'the market story', NAVIGATION_MS);
  // Gloss has moved to this story before the reader highlights, so the new highlight is filed under it.
  await eventually(() => keyOf(tabId), story('night-market-returns'), { what: 'the key', ms: NAVIGATION_MS });
  await r.highlight(tab, 'article', MARKET);
  await painted([MARKET], 'the market story');
  await popup.show(`?tabId=${tabId}`);
  assert.deepEqual(await popup.quotes(), [MARKET], "the popup lists the market story's highlights");
  assert.ok((await popup.current()).title.includes('Night market'), 'the popup names the market story');
  log('SPA: pushState to another story; it paints and lists only its own highlight');

  // Back to the first story: its two highlights return, the market one does not follow.
  await send('browsingContext.traverseHistory', { context: tab, delta: -1 });
  await headline('Tram line');
  await painted([TRAM, TRAM_COMMENT].sort(), 'the tram story after Back', NAVIGATION_MS);
  // A fresh load of the second story's address finds its highlight, filed under that address.
  await send('browsingContext.navigate', {
    context: tab,
    url: story('night-market-returns'),
    wait: 'complete',
  });
  await painted([MARKET], 'the market story loaded afresh');
  await popup.show('?view=all');
  const pages = await b.json(
    popup.context,
    `JSON.stringify([...document.querySelectorAll('section.page')].map((s) => ({ url: s.querySelector('.page-heading a')?.getAttribute('href'), title: s.querySelector('.page-heading a')?.innerText.trim() })).filter((p) => p.url?.startsWith(${JSON.stringify(story(''))})).sort((a, b) => (a.url < b.url ? -1 : 1)))`,
  );
  assert.deepEqual(pages, [
    {
      url: story('night-market-returns'),
      title: 'Night market returns to the waterfront this summer | The Harbor Ledger',
    },
    {
      url: story('tram-line-extension'),
      title: 'Tram line to reach the old port by 2029 | The Harbor Ledger',
    },
  ]);
  log('SPA: Back paints the first story again; a fresh load the second; the library lists both stories');

  // The site leaves the first story's canonical link in place after a pushState: the address wins.
  await send('browsingContext.navigate', {
    context: tab,
    url: story('tram-line-extension', '?stale-canonical'),
    wait: 'complete',
  });
  await eventually(() => keyOf(tabId), story('tram-line-extension'), { what: 'the key' });
  await painted([TRAM, TRAM_COMMENT].sort(), 'the tram story');
  await follow('Night market');
  await headline('Night market');
  const canonical = (await evaluate(tab, `document.querySelector('link[rel=canonical]').href`)).value;
  assert.ok(canonical.endsWith('/spa/tram-line-extension'), `canonical link: ${canonical}`);
  await eventually(() => keyOf(tabId), story('night-market-returns'), { what: 'the key', ms: NAVIGATION_MS });
  await painted([MARKET], 'the market story under a stale canonical link');
  log('SPA: a stale canonical link after pushState: the market story still shows its own highlight');
}
