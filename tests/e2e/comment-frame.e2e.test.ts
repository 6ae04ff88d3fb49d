import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GlossBrowser, launchGloss, openPopup, openTab, tabIdOf } from './browser';

const QUOTE = 'cost the service very little';

describe('comments in a third-party frame', () => {
  let gloss: GlossBrowser;
  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  it('highlights a comment inside a cross-origin frame and files it under the story, with its author', async () => {
    const page = await openTab(gloss, `${gloss.base}/embed-story.html`);
    const frame = page.frameLocator('#comments-frame');
    await expect.poll(() => frame.locator('gloss-ui').count(), { timeout: 15_000 }).toBe(1);
    const commentsFrame = page.frames().find((f) => f.url().includes('/comments-frame.html'));
    if (!commentsFrame) throw new Error('no comments frame');
    expect(new URL(commentsFrame.url()).origin).not.toBe(new URL(page.url()).origin);

    await commentsFrame.evaluate((quote) => {
      const p = document.querySelector('#comment-902 p') as HTMLElement;
      const text = p.firstChild as Text;
      const i = text.data.indexOf(quote);
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + quote.length);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      document.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    }, QUOTE);
    await frame.getByRole('button', { name: 'Highlight', exact: true }).click();
    await expect
      .poll(() =>
        commentsFrame.evaluate(() =>
          [...CSS.highlights].flatMap(([name, h]) => (name.startsWith('gloss-') ? [...h].map(String) : [])),
        ),
      )
      .toEqual([QUOTE]);

    const popup = await openPopup(
      gloss,
      `?tabId=${await tabIdOf(gloss.worker, `${gloss.base}/embed-story.html`)}`,
    );
    await expect.poll(() => popup.locator('li.card').count()).toBe(1);
    expect(await popup.locator('.group h2').allTextContents()).toEqual(['Comments · Dev Malhotra']);
    expect(await popup.locator('.current-title').innerText()).toContain('Ferry fares rise');
    await popup.close();
  });
});
