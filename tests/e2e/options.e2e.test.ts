import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaintedText,
  clickGloss,
  type GlossBrowser,
  glossShows,
  launchGloss,
  openPopup,
  openTab,
  paintedRanges,
  SCREENSHOTS,
  selectText,
  storedAnnotations,
  tabIdOf,
  waitForGloss,
} from './browser';

/**
 * Options, driven as a reader: the colour a new highlight takes and when the toolbar appears, chosen with
 * clicks; a site turned off and on from the popup; everything deleted after the confirmation.
 */

const STORY_PATH = '/2026/11/harbor-garage-housing-vote';
const FIRST = 'a concrete hulk that has stood at the edge of the waterfront since 1964';
const SECOND = 'The decision ends a two-year fight over what to do with the structure';
/** Long enough for the toolbar to have appeared, had it been going to (it settles in 120 ms). */
const TOOLBAR_SETTLE_MS = 600;

let gloss: GlossBrowser;
let story: Page;
let options: Page;

beforeAll(async () => {
  gloss = await launchGloss();
  options = await openTab(gloss, `chrome-extension://${gloss.extensionId}/options.html`);
  story = await openTab(gloss, `${gloss.base}${STORY_PATH}`);
  await waitForGloss(story);
}, 60_000);

afterAll(async () => {
  await gloss?.close();
});

describe('Options', () => {
  it('gives new highlights the chosen colour, and keeps the toolbar away when asked', async () => {
    await options.bringToFront();
    await options.getByRole('radio', { name: 'Green' }).click();
    await options.getByRole('radio', { name: 'Never: I use the shortcut or the right-click menu' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText())
      .toBe('Saved. Open pages follow the change.');
    await options.screenshot({ path: path.join(SCREENSHOTS, 'options.png'), fullPage: true });

    await story.bringToFront();
    await selectText(story, '.entry-content', FIRST);
    await story.waitForTimeout(TOOLBAR_SETTLE_MS);
    expect(await glossShows(story, 'toolbar', 'Gloss')).toBe(false);
    // The shortcut still highlights, in the colour chosen.
    await story.keyboard.press('Alt+Shift+KeyH');
    await expect.poll(() => paintedRanges(story)).toEqual({ 'gloss-green': [FIRST] });

    // Back to a toolbar on every selection: an open page follows without a reload.
    await options.bringToFront();
    await options.getByRole('radio', { name: 'On every selection' }).click();
    await expect.poll(async () => (await storedAnnotations(gloss)).length).toBe(1);
    await story.bringToFront();
    await expect
      .poll(async () => {
        await selectText(story, '.entry-content', SECOND);
        await story.waitForTimeout(200);
        return glossShows(story, 'toolbar', 'Gloss');
      })
      .toBe(true);
    await clickGloss(story, 'button', 'Highlight');
    await expect.poll(() => allPaintedText(story)).toEqual([FIRST, SECOND]);
  });

  it('lists the shortcuts, and hides and shows the highlights on a page by key', async () => {
    await options.bringToFront();
    const rows = await options.getByRole('region', { name: 'Shortcuts' }).locator('tr').allInnerTexts();
    // Every command has its suggested key: none collides with one of the browser's own.
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'Add a note to the selected text Alt+Shift+M',
      'Highlight the selected text Alt+Shift+H',
      'Open the Gloss library: every story, search and filters Alt+Shift+L',
      'Show or hide the highlights on this page Alt+Shift+G',
    ]);
    await story.bringToFront();
    const paint = () =>
      story.evaluate(() =>
        [...document.adoptedStyleSheets, ...[...document.styleSheets]]
          .flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText))
          .filter((rule) => rule.includes('::highlight(gloss-green)'))
          .join(''),
      );
    expect(await paint()).not.toContain('transparent');
    await story.keyboard.press('Alt+Shift+KeyG');
    await expect.poll(paint).toContain('transparent');
    expect(await glossShows(story, 'button', 'Show them')).toBe(true);
    await story.keyboard.press('Alt+Shift+KeyG');
    await expect.poll(paint).not.toContain('transparent');
    // Still both there, and saved.
    expect(await allPaintedText(story)).toEqual([FIRST, SECOND]);
  });

  it('turns Gloss off on a site from the popup: the page shows nothing; on again, it does', async () => {
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}`);
    const popup = await openPopup(gloss, `?tabId=${tabId}`);
    await popup.getByRole('button', { name: 'Turn off here' }).click();
    await expect.poll(() => popup.getByText(/^Gloss is off on /).count()).toBe(1);
    await expect.poll(() => allPaintedText(story)).toEqual([]);
    await selectText(story, '.entry-content', FIRST);
    await story.waitForTimeout(TOOLBAR_SETTLE_MS);
    expect(await glossShows(story, 'toolbar', 'Gloss')).toBe(false);
    // Nothing was lost: it is all still in the library, and on again the page shows it.
    expect(await storedAnnotations(gloss)).toHaveLength(2);
    await popup.getByRole('button', { name: 'Turn on' }).click();
    await popup.getByRole('button', { name: 'Reload the page' }).click();
    await expect.poll(() => allPaintedText(story)).toEqual([FIRST, SECOND]);
    await popup.close();
  });

  it('deletes everything after the confirmation, and the page paints nothing', async () => {
    await options.bringToFront();
    await options.reload();
    await expect.poll(() => options.getByText(/^2 highlights and notes on 1 story/).count()).toBe(1);
    await options.getByRole('button', { name: 'Delete everything…' }).click();
    const confirm = options.getByRole('alertdialog', { name: 'Delete everything' });
    await confirm.getByRole('button', { name: 'Delete everything' }).click();
    await expect.poll(() => options.getByText('Deleted 2. Your settings are kept.').count()).toBe(1);
    expect(await storedAnnotations(gloss)).toEqual([]);
    await expect.poll(() => allPaintedText(story)).toEqual([]);
  });
});
