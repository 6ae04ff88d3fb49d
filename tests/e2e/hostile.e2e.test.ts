import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPaintedText, type GlossBrowser, launchGloss, openTab, selectText, waitForGloss } from './browser';

const QUOTE = 'approved the dredging plan on Tuesday';
const NOTE = 'Ask the authority for the environmental review.';

describe('a hostile page', () => {
  let gloss: GlossBrowser;
  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  it('cannot hide the toolbar or editor, break the highlight, or read the note', async () => {
    const page = await openTab(gloss, `${gloss.base}/hostile.html`);
    await waitForGloss(page);
    await selectText(page, '#lede', QUOTE);
    const toolbar = page.locator('gloss-ui .toolbar');
    await expect.poll(() => toolbar.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add note' }).click();
    const editor = page.frameLocator('gloss-ui iframe.editor');
    await editor.getByRole('textbox', { name: 'Note' }).fill(NOTE);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => allPaintedText(page)).toEqual([QUOTE]);
    // The page repaints as soon as the note is stored; the editor frame (which holds the focus) closes a
    // moment later. Until then, keys go to the editor, not to the page.
    await expect.poll(() => page.locator('gloss-ui iframe.editor').count()).toBe(0);

    // The shortcut still works although the page swallows key events on document.
    await selectText(page, 'article p:nth-of-type(2)', 'too shallow for their boats');
    await page.keyboard.press('Alt+Shift+KeyH');
    await expect
      .poll(() => allPaintedText(page).then((t) => t.sort()))
      .toEqual([QUOTE, 'too shallow for their boats'].sort());

    const seen = await page.evaluate(() =>
      JSON.stringify((window as unknown as { __seen: string[] }).__seen),
    );
    expect(seen).not.toContain(NOTE);
    const dom = await page.evaluate(() => document.documentElement.outerHTML);
    expect(dom).not.toContain(NOTE);
  });
});
