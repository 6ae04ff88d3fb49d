import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickGloss,
  type GlossBrowser,
  launchGloss,
  openPopup,
  openTab,
  paintedRanges,
  selectText,
  tabIdOf,
  waitForGloss,
} from './browser';

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
    await expect.poll(() => page.frames().some((f) => f.url().includes('/comments-frame.html'))).toBe(true);
    const commentsFrame = page.frames().find((f) => f.url().includes('/comments-frame.html'));
    if (!commentsFrame) throw new Error('no comments frame');
    expect(new URL(commentsFrame.url()).origin).not.toBe(new URL(page.url()).origin);
    await waitForGloss(commentsFrame);

    // A drag inside the frame, and a click on the toolbar Gloss shows in that frame.
    await selectText(commentsFrame, '#comment-902 p', QUOTE);
    await clickGloss(commentsFrame, 'button', 'Highlight');
    await expect.poll(() => paintedRanges(commentsFrame)).toEqual({ 'gloss-yellow': [QUOTE] });

    const popup = await openPopup(
      gloss,
      `?tabId=${await tabIdOf(gloss.worker, `${gloss.base}/embed-story.html`)}`,
    );
    await expect.poll(() => popup.locator('li.card').count()).toBe(1);
    expect(await popup.locator('.group:not(.group-story) h2').allTextContents()).toEqual([
      'Comments · Dev Malhotra',
    ]);
    expect(await popup.locator('.current-title').innerText()).toContain('Ferry fares rise');
    await popup.close();
  });
});
