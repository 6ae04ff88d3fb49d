import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaintedText,
  clickGloss,
  type GlossBrowser,
  glossShows,
  highlightCentre,
  launchGloss,
  noteEditor,
  noteEditors,
  openTab,
  selectText,
  storedAnnotations,
  typeInto,
  waitForGloss,
} from './browser';

const QUOTE = 'approved the dredging plan on Tuesday';
const NOTE = 'Ask the authority for the environmental review.';
const KEYS_QUOTE = 'close the inner basin to pleasure craft';
const POINTER_QUOTE = 'dried on the old rail yard';
const CLICK_QUOTE = 'had lasted barely a decade';
const LOOK_QUOTE = 'how the drying beds would be kept';
const FRAMED_QUOTE = 'promised a public meeting on the drying beds';
const FRAMED_NOTE = 'Private: the meeting date leaked from the harbour office.';

/** Long enough for Gloss to have acted on an event (its toolbar settles in 120 ms, storage in a few ms). */
const SETTLE_MS = 1_200;

/** What the page's script learns when it looks for Gloss's UI (tests/fixtures/demo/hostile.html). */
interface PageLook {
  host: boolean;
  shadowRoot: boolean;
  captured: string[];
  iframes: string[];
  noteFrames: number;
  markup: boolean;
  frames: number;
}

/** The page's own script, as tests/fixtures/demo/hostile.html defines it, runs one of its attacks. */
function attack<T = unknown>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([fn, rest]) =>
      (window as unknown as { __attack: Record<string, (...a: unknown[]) => unknown> }).__attack[
        fn as string
      ]?.(...(rest as unknown[])) as T,
    [name, args] as const,
  );
}

async function storedQuotes(gloss: GlossBrowser): Promise<string[]> {
  return (await storedAnnotations(gloss)).map((a) => a.quote);
}

describe('a hostile page', () => {
  let gloss: GlossBrowser;
  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  async function openHostile(): Promise<Page> {
    const page = await openTab(gloss, `${gloss.base}/hostile.html`);
    await waitForGloss(page);
    return page;
  }

  it('cannot hide the toolbar or editor, break the highlight, or read the note', async () => {
    const page = await openHostile();
    await selectText(page, '#lede', QUOTE);
    await expect.poll(() => glossShows(page, 'toolbar', 'Gloss')).toBe(true);
    await clickGloss(page, 'button', 'Add note');
    const editor = await noteEditor(page);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), NOTE);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => allPaintedText(page)).toEqual([QUOTE]);
    // The page repaints as soon as the note is stored; the editor frame (which holds the focus) closes a
    // moment later. Until then, keys go to the editor, not to the page.
    await expect.poll(() => noteEditors(page).length).toBe(0);

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
    await page.close();
  });

  it('cannot highlight by selecting text and sending a made-up Alt+Shift+H', async () => {
    const page = await openHostile();
    expect(await attack(page, 'select', KEYS_QUOTE)).toBe(true);
    await attack(page, 'shortcut');
    await page.waitForTimeout(SETTLE_MS);
    expect(await allPaintedText(page)).not.toContain(KEYS_QUOTE);
    expect(await storedQuotes(gloss)).not.toContain(KEYS_QUOTE);

    // The same selection, and the reader's own press of the shortcut: highlighted and stored.
    await page.keyboard.press('Alt+Shift+KeyH');
    await expect.poll(() => storedQuotes(gloss)).toContain(KEYS_QUOTE);
    await expect.poll(() => allPaintedText(page)).toContain(KEYS_QUOTE);
    await page.close();
  });

  it("cannot start Gloss on a story with nothing saved; the reader's selection does", async () => {
    // Its own address: a story of the hostile site with no highlights, where only Gloss's loader runs.
    const page = await openTab(gloss, `${gloss.base}/hostile.html?edition=2`);
    await waitForGloss(page);
    const started = () => page.evaluate(() => document.querySelector('gloss-ui') !== null);
    expect(await attack(page, 'select', POINTER_QUOTE)).toBe(true);
    await attack(page, 'pointerup');
    await attack(page, 'shortcut');
    await page.waitForTimeout(SETTLE_MS);
    expect(await started()).toBe(false);
    expect(await storedQuotes(gloss)).not.toContain(POINTER_QUOTE);

    await selectText(page, '#pointer', POINTER_QUOTE);
    await expect.poll(() => glossShows(page, 'button', 'Highlight')).toBe(true);
    expect(await started()).toBe(true);
    await page.close();
  });

  it('gets no toolbar for a script selection with a made-up pointerup', async () => {
    const page = await openHostile();
    expect(await attack(page, 'select', POINTER_QUOTE)).toBe(true);
    await attack(page, 'pointerup');
    await page.waitForTimeout(SETTLE_MS);
    expect(await glossShows(page, 'toolbar', 'Gloss')).toBe(false);
    expect(await glossShows(page, 'button', 'Highlight')).toBe(false);

    // The reader's own drag over the same words shows it.
    await selectText(page, '#pointer', POINTER_QUOTE);
    await expect.poll(() => glossShows(page, 'button', 'Highlight')).toBe(true);
    await page.close();
  });

  it("cannot stop Gloss with WXT's script-started event, even knowing the extension's id", async () => {
    const page = await openHostile();
    await expect.poll(() => allPaintedText(page)).toContain(QUOTE);
    // A store extension's id is public; the event WXT's content-script context listens for is named after it.
    await page.evaluate((id) => {
      for (const name of [`${id}:content:wxt:content-script-started`, 'wxt:content-script-started'])
        document.dispatchEvent(
          new CustomEvent(name, { detail: { contentScriptName: 'content', messageId: 'page' } }),
        );
      window.postMessage(
        {
          type: `${id}:content:wxt:content-script-started`,
          contentScriptName: 'content',
          messageId: 'page',
        },
        '*',
      );
    }, gloss.extensionId);
    await page.waitForTimeout(SETTLE_MS);
    expect(await allPaintedText(page)).toContain(QUOTE);
    await selectText(page, '#pointer', POINTER_QUOTE);
    await expect.poll(() => glossShows(page, 'button', 'Highlight')).toBe(true);
    await page.close();
  });

  it("opens no editor on a made-up click on a saved highlight; the reader's click opens it", async () => {
    const page = await openHostile();
    await selectText(page, '#click', CLICK_QUOTE);
    await page.keyboard.press('Alt+Shift+KeyH');
    await expect.poll(() => storedQuotes(gloss)).toContain(CLICK_QUOTE);
    await expect.poll(() => allPaintedText(page)).toContain(CLICK_QUOTE);
    // Let the page confirm the stored highlight (a click on a pending one has nothing to edit yet).
    await page.waitForTimeout(300);
    const centre = await highlightCentre(page, CLICK_QUOTE);
    if (!centre) throw new Error('the highlight has no box');

    expect(await attack(page, 'clickAt', centre.x, centre.y)).toBe('p');
    await page.waitForTimeout(SETTLE_MS);
    expect(noteEditors(page)).toHaveLength(0);

    await page.mouse.click(centre.x, centre.y);
    await noteEditor(page);
    await page.close();
  });

  it("finds no handle on Gloss's toolbar or editor from the page", async () => {
    const page = await openHostile();
    const nothing: PageLook = {
      host: true,
      shadowRoot: false,
      // The page patched attachShadow before Gloss loaded: Gloss's root is not made through it.
      captured: [],
      iframes: [],
      noteFrames: 0,
      markup: false,
      frames: 0,
    };
    await selectText(page, '#look', LOOK_QUOTE);
    await expect.poll(() => glossShows(page, 'button', 'Add note')).toBe(true);
    expect(await attack<PageLook>(page, 'lookForGloss')).toEqual(nothing);

    await clickGloss(page, 'button', 'Add note');
    await noteEditor(page);
    expect(await attack<PageLook>(page, 'lookForGloss')).toEqual(nothing);
    await page.close();
  });

  // note.html is web-accessible (Gloss frames it on news pages), so any page may frame it. It shows and does
  // nothing without a one-time ticket the background issued for this tab; in Chrome its address is also
  // per-session (use_dynamic_url), so the page's frame does not even load.
  it('shows no note in note.html framed by the page with a real id', async () => {
    const page = await openHostile();
    await selectText(page, '#framed', FRAMED_QUOTE);
    await clickGloss(page, 'button', 'Add note');
    const editor = await noteEditor(page);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), FRAMED_NOTE);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => noteEditors(page).length).toBe(0);
    const saved = (await storedAnnotations(gloss)).find((a) => a.quote === FRAMED_QUOTE);
    expect(saved?.note).toBe(FRAMED_NOTE);
    const id = saved?.id as string;

    // The page learned the id (from an export, a synced copy, a guess): it frames the editor page itself.
    for (const url of [
      `chrome-extension://${gloss.extensionId}/note.html?id=${encodeURIComponent(id)}`,
      `chrome-extension://${gloss.extensionId}/note.html?draft=${encodeURIComponent(id)}#${id}`,
    ]) {
      await attack(page, 'frame', url);
      // Give it time to load, ask the background and render, then read what it shows, as a visitor sees it.
      await page.waitForTimeout(SETTLE_MS);
      for (const framed of page.frames().filter((f) => f.url().includes('/note.html'))) {
        const shown = await framed.evaluate(() => {
          const fields = [...document.querySelectorAll('textarea, input')].map(
            (f) => (f as HTMLTextAreaElement).value,
          );
          return [document.body.innerText, ...fields].join('\n');
        });
        expect(shown).not.toContain(FRAMED_NOTE);
        expect(await framed.getByRole('button').count()).toBe(0);
      }
    }
    expect((await storedAnnotations(gloss)).find((a) => a.id === id)?.note).toBe(FRAMED_NOTE);
    await page.close();
  });
});
