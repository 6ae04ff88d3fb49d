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

const STORY = '/2026/11/pier-street-rerender';
const QUOTE = 'Two hundred neighbours within walking distance will do more for Pier Street';

describe('highlights in comments that load late or re-render', () => {
  let gloss: GlossBrowser;

  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  it('comes back when the comment section arrives late, and after it re-renders', async () => {
    const page = await openTab(gloss, `${gloss.base}${STORY}`);
    await waitForGloss(page);
    await selectText(page, '#comment-310 .comment-content', QUOTE);
    await clickGloss(page, 'button', 'Highlight');
    await expect.poll(() => allPaintedText(page)).toEqual([QUOTE]);

    // Comments held back for 4 s: orphaned at first (and listed so in the popup), painted once they arrive.
    await page.goto(`${gloss.base}${STORY}?late=4000`);
    await waitForGloss(page);
    expect(await page.locator('#comment-310').count()).toBe(0);
    expect(await allPaintedText(page)).toEqual([]);
    const popup = await openPopup(gloss, `?tabId=${await tabIdOf(gloss.worker, `${gloss.base}${STORY}`)}`);
    const orphaned = popup.locator('.group-orphaned');
    await expect.poll(() => orphaned.locator('li.card').count()).toBe(1);
    expect(await orphaned.innerText()).toContain(QUOTE);
    await expect.poll(() => allPaintedText(page), { timeout: 8_000 }).toEqual([QUOTE]);
    // The popup, still open, moves it from Orphaned to its commenter when the comments arrive.
    await expect.poll(() => orphaned.count()).toBe(0);
    expect(await popup.locator('.group:not(.group-story) h2').allInnerTexts()).toEqual([
      expect.stringMatching(/^Comments · /i),
    ]);
    await popup.close();

    // The page rebuilds its comment list from markup (as a framework would): new nodes, same passage.
    await page.evaluate(() => {
      const list = document.querySelector('.comment-list') as Element;
      const markup = list.outerHTML;
      list.outerHTML = markup;
    });
    await expect.poll(() => allPaintedText(page), { timeout: 5_000 }).toEqual([QUOTE]);
    const onNewNodes = await page.evaluate(() =>
      [...(CSS.highlights.get('gloss-yellow') ?? [])].every((r) => (r as Range).startContainer.isConnected),
    );
    expect(onNewNodes).toBe(true);
  });
});
