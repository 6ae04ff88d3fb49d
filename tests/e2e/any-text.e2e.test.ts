import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaintedText,
  clickGloss,
  type GlossBrowser,
  launchGloss,
  openPopup,
  openTab,
  SCREENSHOTS,
  selectText,
  tabIdOf,
  waitForGloss,
} from './browser';

const FORUM = '/forum-story.html';
const REPLY_QUOTE = 'for three years my only way home was a taxi I could not afford';
const WIDGET = '/widget-comments.html';
const WIDGET_QUOTE = 'Four millimetres a year sounds small until you add it up';
const WIDGET_COMMENT = '#coral_thread >>> #comment-c-102 .coral-comment-content';

/** The popup's headings over this tab's highlights, Orphaned and the page note aside. */
async function popupHeadings(gloss: GlossBrowser, url: string): Promise<string[]> {
  const popup = await openPopup(gloss, `?tabId=${await tabIdOf(gloss.worker, url)}`);
  try {
    await expect.poll(() => popup.locator('li.card').count()).toBe(1);
    const headings = await popup.locator('.group:not(.group-story) h2').allInnerTexts();
    return headings.map((h) => h.toLowerCase());
  } finally {
    await popup.close();
  }
}

/** The paint the page shows on the widget's text: the ::highlight() style that applies inside its shadow root. */
function widgetPaint(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.getElementById('coral_thread')?.shadowRoot;
    const el = root?.querySelector('#comment-c-102 .coral-comment-content');
    return el ? getComputedStyle(el, '::highlight(gloss-yellow)').backgroundColor : 'no widget';
  });
}

function widgetDrawn(page: Page): Promise<unknown> {
  return page.waitForFunction(() => document.getElementById('coral_thread')?.shadowRoot?.childElementCount);
}

describe('any readable text on the page can be kept', () => {
  let gloss: GlossBrowser;

  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  it('highlights a reply in a section the detector does not know, and files it under the page', async () => {
    const url = `${gloss.base}${FORUM}`;
    const page = await openTab(gloss, url);
    await waitForGloss(page);
    await selectText(page, '#r1 .c_text', REPLY_QUOTE);
    await clickGloss(page, 'button', 'Highlight');
    await expect.poll(() => allPaintedText(page)).toEqual([REPLY_QUOTE]);
    expect(await popupHeadings(gloss, url)).toEqual(['elsewhere on the page']);
    await page.reload();
    await waitForGloss(page);
    await expect.poll(() => allPaintedText(page)).toEqual([REPLY_QUOTE]);
    await page.close();
  });

  it('highlights a comment inside a widget’s shadow root, with its author, and restores it after reload', async () => {
    const url = `${gloss.base}${WIDGET}`;
    const page = await openTab(gloss, url);
    await waitForGloss(page);
    await widgetDrawn(page);
    await selectText(page, WIDGET_COMMENT, WIDGET_QUOTE);
    await clickGloss(page, 'button', 'Highlight');
    await expect.poll(() => allPaintedText(page)).toEqual([WIDGET_QUOTE]);
    const painted = await widgetPaint(page);
    expect(painted).not.toBe('rgba(0, 0, 0, 0)');
    expect(await popupHeadings(gloss, url)).toEqual(['comments · karl ekberg']);
    await page.evaluate(() => document.getSelection()?.removeAllRanges());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shadow-comment.png') });

    // The widget draws itself 1.5 s after load into a shadow root of a host already in the page: no mutation
    // of the page's tree tells Gloss, which finds the passage when it looks for orphans again.
    await page.goto(`${url}?late=1500`);
    await waitForGloss(page);
    expect(await allPaintedText(page)).toEqual([]);
    await expect.poll(() => allPaintedText(page), { timeout: 8_000 }).toEqual([WIDGET_QUOTE]);
    expect(await widgetPaint(page)).toBe(painted);

    // The widget draws its comments again, as it does on every update: the highlight follows the new nodes.
    await page.evaluate(() => {
      const root = document.getElementById('coral_thread')?.shadowRoot as ShadowRoot;
      const list = root.querySelector('.coral') as Element;
      const markup = list.outerHTML;
      list.outerHTML = markup;
    });
    await expect.poll(() => allPaintedText(page), { timeout: 5_000 }).toEqual([WIDGET_QUOTE]);
    const onNewNodes = await page.evaluate(() =>
      [...(CSS.highlights.get('gloss-yellow') ?? [])].every((r) => {
        const range = r as Range;
        return (
          !range.collapsed &&
          range.startContainer.nodeType === Node.TEXT_NODE &&
          range.startContainer.isConnected
        );
      }),
    );
    expect(onNewNodes).toBe(true);
    await page.close();
  });
});
