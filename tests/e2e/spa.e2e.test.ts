import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaintedText,
  clickGloss,
  type GlossBrowser,
  launchGloss,
  openPopup,
  openTab,
  selectText,
  tabIdOf,
  waitForGloss,
} from './browser';

const TRAM = 'the council promised a fund but did not say how large it would be';
const TRAM_COMMENT = 'the tram is the only way to add capacity';
const MARKET = 'will close the promenade to cars from six in the evening';

/** WXT reports a pushState navigation from a poll of location.href, about once a second. */
const NAVIGATION_TIMEOUT = 5_000;

describe('a single-page news site that changes story without a page load', () => {
  let gloss: GlossBrowser;

  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  /** The page key Gloss files the tab's highlights under, as the background recorded it (storage.session). */
  async function pageKeyOf(tabId: number): Promise<unknown> {
    return gloss.worker.evaluate(async (id) => {
      const key = `tab:${id}`;
      const state = (await chrome.storage.session.get(key))[key] as { pageUrl?: string } | undefined;
      return state?.pageUrl;
    }, tabId);
  }

  async function highlight(page: import('playwright-core').Page, scope: string, quote: string) {
    await selectText(page, scope, quote);
    await clickGloss(page, 'button', 'Highlight');
  }

  it("keeps each story's highlights to that story across pushState navigation, back and reload", async () => {
    const page = await openTab(gloss, `${gloss.base}/spa/tram-line-extension`);
    await waitForGloss(page);
    await highlight(page, 'article', TRAM);
    await highlight(page, '#c-402', TRAM_COMMENT);
    await expect.poll(() => allPaintedText(page)).toEqual([TRAM, TRAM_COMMENT]);

    // Another story, rendered by the page's own script: nothing of the first story is painted here.
    await page.getByRole('link', { name: 'Night market' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toContain('Night market');
    await expect.poll(() => allPaintedText(page), { timeout: NAVIGATION_TIMEOUT }).toEqual([]);
    // Wait until Gloss has loaded this story, so the new highlight is filed under it.
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}/spa/`);
    await expect.poll(() => pageKeyOf(tabId)).toBe(`${gloss.base}/spa/night-market-returns`);
    await highlight(page, 'article', MARKET);
    await expect.poll(() => allPaintedText(page)).toEqual([MARKET]);

    const popup = await openPopup(gloss, `?tabId=${tabId}`);
    await expect.poll(() => popup.locator('li.card').count()).toBe(1);
    expect(await popup.locator('main').innerText()).toContain(MARKET);
    expect(await popup.locator('.current-title').innerText()).toContain('Night market');
    await popup.close();

    // Back to the first story: its two highlights return, the market one does not follow.
    await page.bringToFront();
    await page.goBack();
    await expect.poll(() => page.locator('h1').innerText()).toContain('Tram line');
    await expect
      .poll(() => allPaintedText(page), { timeout: NAVIGATION_TIMEOUT })
      .toEqual([TRAM, TRAM_COMMENT]);

    // A fresh load of the second story's address finds its highlight, filed under that address.
    await page.goto(`${gloss.base}/spa/night-market-returns`);
    await waitForGloss(page);
    await expect.poll(() => allPaintedText(page)).toEqual([MARKET]);

    const library = await openPopup(gloss, '?view=all');
    await expect.poll(() => library.locator('section.page').count()).toBe(2);
    const text = await library.locator('main').innerText();
    expect(text).toContain('Tram line to reach the old port by 2029');
    expect(text).toContain('Night market returns to the waterfront this summer');
    await library.close();
  });

  it('does not trust a canonical link the site forgot to update after an in-page navigation', async () => {
    const page = await openTab(gloss, `${gloss.base}/spa/tram-line-extension?stale-canonical`);
    await waitForGloss(page);
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}/spa/tram-line-extension?stale-canonical`);
    await expect.poll(() => pageKeyOf(tabId)).toBe(`${gloss.base}/spa/tram-line-extension`);
    await page.getByRole('link', { name: 'Night market' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toContain('Night market');
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toContain('tram-line-extension');
    // The market story is recognised by its address, and shows its own highlight, not the tram ones.
    await expect
      .poll(() => pageKeyOf(tabId), { timeout: NAVIGATION_TIMEOUT })
      .toBe(`${gloss.base}/spa/night-market-returns`);
    await expect.poll(() => allPaintedText(page)).toEqual([MARKET]);
    await page.close();
  });
});
