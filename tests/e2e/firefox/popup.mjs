// Gloss's popup page (moz-extension://<uuid>/popup.html) in a window of its own, read and driven as a
// reader would: by what it shows, with clicks at its controls and keys typed into them. The toolbar button's
// real popup is a panel of the browser's chrome, which WebDriver BiDi lists as no browsing context;
// popup.html?tabId=N is that same page for tab N, as the Chromium tests open it (tests/e2e/browser.ts).

/** Page-side JavaScript: the popup has rendered what it loaded (cards, or a line saying there are none). */
const LOADED = `document.querySelector('.annotations, .empty:not(:empty)') !== null && !document.body.innerText.includes('Loading')`;

/**
 * Opens the popup page in a window of its own, as Chromium's tests do: the news tab stays the selected tab
 * of its window, shown (a hidden tab does not run a smooth scroll to a passage), as under the real popup's
 * panel; it keeps the keyboard focus until a step brings the popup to the front. `b` holds the BiDi helpers,
 * `r` the reader's input (reader.mjs), `bringToFront` the browser's (browser.mjs).
 */
export async function popupTab({ b, r, origin, bringToFront }) {
  const { send, json, waitFor, evaluate } = b;
  const context = (await send('browsingContext.create', { type: 'window', background: true })).context;

  /** Loads popup.html with `query` (`?tabId=N`, `?view=all`) and waits until it shows what it loaded. */
  async function show(query) {
    await send('browsingContext.navigate', {
      context,
      url: `${origin}/popup.html${query}`,
      wait: 'complete',
    });
    await waitFor(context, LOADED);
  }
  await show('?view=all');

  /**
   * The tab id of the tab showing `urlPrefix`, for ?tabId=N: the Chromium tests ask the service worker's
   * chrome.tabs.query; here the same query runs in this extension page, which the test opened itself (never
   * in the news page, which has no such API).
   */
  async function tabIdOf(urlPrefix) {
    const ids = await json(
      context,
      `browser.tabs.query({}).then((tabs) => JSON.stringify(tabs.filter((t) => t.url?.startsWith(${JSON.stringify(urlPrefix)})).map((t) => t.id)))`,
    );
    if (ids.length !== 1) throw new Error(`${ids.length} tabs show ${urlPrefix}`);
    return ids[0];
  }

  /** Every card the popup shows: its quote, note, tags, whether it sits under Orphaned, and its text. */
  const cards = () =>
    json(
      context,
      `JSON.stringify([...document.querySelectorAll('li.card[data-annotation-id]')].map((card) => ({
        id: card.dataset.annotationId,
        quote: card.querySelector('blockquote')?.innerText.trim() ?? '',
        note: card.querySelector('.note')?.innerText.trim() ?? '',
        tags: [...card.querySelectorAll('.tags .tag')].map((t) => t.innerText.trim()),
        orphaned: card.closest('.group-orphaned') !== null,
        text: card.innerText,
      })))`,
    );
  const quotes = async () => (await cards()).map((c) => c.quote);
  /** The headings of the page view's region groups (Article, Comments · <author>, Orphaned), lowercased. */
  const headings = () =>
    json(
      context,
      `JSON.stringify([...document.querySelectorAll('.group:not(.group-story) h2')].map((h) => h.innerText.trim().toLowerCase()))`,
    );
  /** The page the popup shows: its title, and the key Gloss files the tab's highlights under. */
  const current = () =>
    json(
      context,
      `JSON.stringify({ title: document.querySelector('.current-title')?.innerText.trim() ?? '', key: document.querySelector('.current-title')?.title ?? '' })`,
    );
  const text = async () => (await evaluate(context, `document.querySelector('main').innerText`)).value;

  /** Page-side JavaScript for the card quoting `quote`. */
  const card = (quote) =>
    `[...document.querySelectorAll('li.card')].find((c) => c.querySelector('blockquote')?.innerText.trim() === ${JSON.stringify(quote)})`;
  /** Page-side JavaScript for the card's button whose text (or, with `label`, aria-label) is `name`. */
  const cardButton = (quote, name, { label = false, prefix = false } = {}) =>
    `[...((${card(quote)})?.querySelectorAll('button') ?? [])].find((b) => {
      const n = ${label ? `b.getAttribute('aria-label') ?? ''` : 'b.textContent.trim()'};
      return ${prefix ? `n.startsWith(${JSON.stringify(name)})` : `n === ${JSON.stringify(name)}`};
    })`;
  /** Page-side JavaScript for the popup's own button (outside the cards) with this text. */
  const button = (name) =>
    `[...document.querySelectorAll('button')].find((b) => !b.closest('li.card') && b.textContent.trim() === ${JSON.stringify(name)})`;

  /** Brings the popup's window to the front with the keyboard focus in it, as a reader looking at it has. */
  async function front() {
    await bringToFront(context);
    await waitFor(context, 'document.hasFocus()');
  }

  /** Clicks into a field and types `text` key by key; the popup must be in front. */
  async function typeInto(expression, text) {
    await r.clickOn(context, expression);
    await waitFor(context, `document.activeElement === (${expression})`);
    await r.type(context, text);
  }

  const close = () => send('browsingContext.close', { context });

  return {
    context,
    show,
    tabIdOf,
    cards,
    quotes,
    headings,
    current,
    text,
    card,
    cardButton,
    button,
    front,
    typeInto,
    click: (expression, what) => r.clickOn(context, expression, what),
    close,
  };
}
