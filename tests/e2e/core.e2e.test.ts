import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaintedText,
  clickGloss,
  type GlossBrowser,
  glossShows,
  glossTexts,
  highlightCentre,
  highlightNames,
  launchGloss,
  noteEditor,
  noteEditors,
  openPopup,
  openTab,
  paintedRanges,
  SCREENSHOTS,
  selectText,
  tabIdOf,
  typeInto,
  waitForGloss,
} from './browser';

const STORY_PATH = '/2026/11/harbor-garage-housing-vote';
const ARTICLE_QUOTE = 'a concrete hulk that has stood at the edge of the waterfront since 1964';
const COMMENT_QUOTE = 'Enforcement is the whole question then';
const BUS_QUOTE = 'the number 9 bus stops at the garage every twelve minutes';
const NOTE = 'Check the loading-zone ticket numbers with the city clerk.';
/** Private like the note: typed in the editor frame, never in the page. */
const TAGS = 'enforcement, clerk follow-up';

let gloss: GlossBrowser;
let page: Page;
const started = Date.now();

/** Every request any context made (pages, frames, extension pages, the service worker), as it was made. */
const requested: string[] = [];

beforeAll(async () => {
  gloss = await launchGloss();
  gloss.context.on('request', (r) => requested.push(r.url()));
  console.log(`[e2e] browser + extension ready in ${Date.now() - started} ms`);
});

afterAll(async () => {
  await gloss?.close();
  console.log(`[e2e] core loop total ${Date.now() - started} ms`);
});

async function openStory(query = ''): Promise<Page> {
  const p = await openTab(gloss, `${gloss.base}${STORY_PATH}${query}`);
  await waitForGloss(p);
  return p;
}

describe('Gloss core loop in Chromium', () => {
  it('highlights a passage in the story, and paints it again after a reload and via a tracking link', async () => {
    page = await openStory('?utm_source=newsletter&utm_medium=email#top');
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}`);
    const badge = () => gloss.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    expect(await badge()).toBe('');
    await selectText(page, '.entry-content', ARTICLE_QUOTE);
    await expect.poll(() => glossShows(page, 'toolbar', 'Gloss')).toBe(true);
    await clickGloss(page, 'button', 'Highlight');
    await expect.poll(() => allPaintedText(page)).toEqual([ARTICLE_QUOTE]);
    expect(await glossShows(page, 'toolbar', 'Gloss')).toBe(false);

    await page.reload();
    await waitForGloss(page);
    await expect.poll(() => paintedRanges(page)).toEqual({ 'gloss-yellow': [ARTICLE_QUOTE] });
    // The toolbar button counts the story's highlights in this tab.
    await expect.poll(badge).toBe('1');

    // Tomorrow, through another tracking link: same story, same key, same highlight.
    const later = await openStory('?utm_campaign=morning&fbclid=abc123');
    await expect.poll(() => allPaintedText(later)).toEqual([ARTICLE_QUOTE]);
    await later.close();
    // Keyboard input into the editor frame needs the story's tab focused again.
    await page.bringToFront();
  });

  it('adds a private note to a comment in the extension-page editor', async () => {
    // For the README: the toolbar over a selection in the story, next to a saved highlight.
    await selectText(
      page,
      '.entry-content',
      'The decision ends a two-year fight over what to do with the structure',
    );
    await expect.poll(() => glossShows(page, 'button', 'Highlight')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'toolbar.png') });

    await selectText(page, '#comment-303 .comment-content', COMMENT_QUOTE);
    await clickGloss(page, 'button', 'Add note');
    const editor = await noteEditor(page);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), NOTE);
    await typeInto(editor.getByRole('textbox', { name: 'Tags' }), TAGS);
    await editor.getByRole('radio', { name: 'Blue' }).click();
    // The passage on the page shows the colour being tried before it is saved.
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-yellow': [ARTICLE_QUOTE], 'gloss-blue': [COMMENT_QUOTE] });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'note-editor.png') });
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => noteEditors(page).length).toBe(0);
    // A noted highlight is painted under its colour's name; the page's registry does not tell it has a note.
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-yellow': [ARTICLE_QUOTE], 'gloss-blue': [COMMENT_QUOTE] });
    expect((await highlightNames(page)).filter((n) => n.includes('noted'))).toEqual([]);
    await page.locator('#comment-301').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-with-highlights.png') });
  });

  it('keeps notes and the database away from the page', async () => {
    const pageDbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(pageDbs).not.toContain('gloss');
    const extensionDbs = await gloss.worker.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name),
    );
    expect(extensionDbs).toContain('gloss');
    const visibleToPage = await page.evaluate(() => {
      const ui = document.querySelector('gloss-ui');
      return document.documentElement.outerHTML + (ui?.shadowRoot?.innerHTML ?? '');
    });
    expect(visibleToPage).not.toContain(NOTE);
    expect(visibleToPage).not.toContain('loading-zone ticket');
    expect(visibleToPage).not.toContain('clerk follow-up');
  });

  it('opens the editor on a click on a highlight: Escape closes it, a new colour repaints', async () => {
    await page.bringToFront();
    await page.locator('#comment-303').scrollIntoViewIfNeeded();
    const box = await highlightCentre(page, COMMENT_QUOTE);
    if (!box) throw new Error('no painted comment highlight');
    await page.mouse.click(box.x, box.y);
    let editor = await noteEditor(page);
    await expect.poll(() => editor.getByRole('textbox', { name: 'Note' }).inputValue()).toBe(NOTE);
    // A colour tried and then abandoned: the page previews it, and Escape puts the stored one back.
    await editor.getByRole('radio', { name: 'Green' }).click();
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-yellow': [ARTICLE_QUOTE], 'gloss-green': [COMMENT_QUOTE] });
    // Escape closes the editor frame on keydown; a keyup sent into the removed frame never returns
    // (headless Chromium), so the key is released only once the frame is gone.
    await editor.getByRole('textbox', { name: 'Note' }).click();
    await page.keyboard.down('Escape');
    await expect.poll(() => noteEditors(page).length).toBe(0);
    await page.keyboard.up('Escape');
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-yellow': [ARTICLE_QUOTE], 'gloss-blue': [COMMENT_QUOTE] });

    await page.mouse.click(box.x, box.y);
    editor = await noteEditor(page);
    await editor.getByRole('radio', { name: 'Pink' }).click();
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-yellow': [ARTICLE_QUOTE], 'gloss-pink': [COMMENT_QUOTE] });
  });

  it('highlights with the keyboard shortcut, Escape dismisses the toolbar, the editor deletes', async () => {
    await selectText(page, '#comment-307', BUS_QUOTE);
    await expect.poll(() => glossShows(page, 'toolbar', 'Gloss')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => glossShows(page, 'toolbar', 'Gloss')).toBe(false);

    await page.keyboard.press('Alt+Shift+KeyH');
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({
        'gloss-yellow': [ARTICLE_QUOTE, BUS_QUOTE],
        'gloss-pink': [COMMENT_QUOTE],
      });

    // Deleting from the editor opened by a click on the highlight.
    const box = await highlightCentre(page, BUS_QUOTE);
    if (!box) throw new Error('no painted highlight of the bus quote');
    const deleteInEditor = async () => {
      // Until storage confirms the highlight (a few ms) a click on it has nothing to edit yet.
      await expect
        .poll(async () => {
          await page.mouse.click(box.x, box.y);
          return noteEditors(page).length;
        })
        .toBe(1);
      const editor = await noteEditor(page);
      await editor.getByRole('button', { name: 'Delete highlight' }).click();
      await expect.poll(() => allPaintedText(page)).toEqual([ARTICLE_QUOTE, COMMENT_QUOTE]);
    };
    await deleteInEditor();
    // A mistaken deletion can be taken back from the page.
    await expect.poll(() => glossTexts(page)).toContain('Highlight deleted.');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'undo-toast.png') });
    await clickGloss(page, 'button', 'Undo');
    await expect
      .poll(() => allPaintedText(page).then((t) => t.sort()))
      .toEqual([ARTICLE_QUOTE, BUS_QUOTE, COMMENT_QUOTE].sort());
    expect(await glossShows(page, 'button', 'Undo')).toBe(false);
    await deleteInEditor();
    await clickGloss(page, 'button', 'Dismiss');
    await expect.poll(() => glossShows(page, 'button', 'Dismiss')).toBe(false);
  });

  it('lists quotes and notes in the popup, grouped by region, and jumps to a highlight', async () => {
    const library = await openPopup(gloss, '?view=all');
    await expect.poll(() => library.locator('li.card').count()).toBe(2);
    const text = await library.locator('main').innerText();
    expect(text).toContain(ARTICLE_QUOTE);
    expect(text).toContain(COMMENT_QUOTE);
    expect(text).toContain(NOTE);
    expect(text).toContain('Harbor City votes to turn its oldest parking garage into homes');
    // From the library, a quote opens its story in a new tab, scrolled to the passage and flashed.
    const [opened] = await Promise.all([
      gloss.context.waitForEvent('page', (p) => p.url().includes(STORY_PATH)),
      library.locator('li.card', { hasText: COMMENT_QUOTE }).locator('.quote-button').click(),
    ]);
    await expect.poll(() => opened.evaluate(() => CSS.highlights.get('gloss-flash')?.size ?? 0)).toBe(1);
    await expect.poll(() => opened.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await opened.close();
    await library.close();
    await page.bringToFront();

    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}`);
    const popup = await openPopup(gloss, `?tabId=${tabId}`);
    await expect.poll(() => popup.locator('li.card').count()).toBe(2);
    const headings = await popup.locator('.group:not(.group-story) h2').allInnerTexts();
    expect(headings.map((h) => h.toLowerCase())).toEqual(['article', 'comments · dana whitcombe']);
    const commentCard = popup.locator('li.card', { hasText: COMMENT_QUOTE });
    expect(await commentCard.locator('.tags .tag').allInnerTexts()).toEqual([
      '#enforcement',
      '#clerk follow-up',
    ]);
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup.png') });
    // A tag lists the highlights carrying it, across pages.
    await commentCard.getByRole('button', { name: '#clerk follow-up' }).click();
    await expect
      .poll(() => popup.getByRole('searchbox', { name: 'Search' }).inputValue())
      .toBe('#"clerk follow-up"');
    await expect
      .poll(() => popup.locator('li.card').allInnerTexts())
      .toEqual([expect.stringContaining(COMMENT_QUOTE)]);
    await popup.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(() => popup.locator('li.card').count()).toBe(2);

    await page.evaluate(() => window.scrollTo(0, 0));
    await popup.locator('li.card', { hasText: COMMENT_QUOTE }).locator('.quote-button').click();
    await expect.poll(() => page.evaluate(() => CSS.highlights.get('gloss-flash')?.size ?? 0)).toBe(1);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);

    // While the popup stays open, a highlight made in the tab appears in it, and leaves it when deleted.
    await page.bringToFront();
    await selectText(page, '#comment-307', BUS_QUOTE);
    await page.keyboard.press('Alt+Shift+KeyH');
    await expect.poll(() => popup.locator('li.card', { hasText: BUS_QUOTE }).count()).toBe(1);
    expect(await popup.locator('.group:not(.group-story) h2').allInnerTexts()).toHaveLength(3);
    await popup
      .locator('li.card', { hasText: BUS_QUOTE })
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expect.poll(() => popup.locator('li.card').count()).toBe(2);
    await expect.poll(() => allPaintedText(page)).toEqual([ARTICLE_QUOTE, COMMENT_QUOTE]);
    await popup.close();
  });

  it('edits and deletes from the popup, and the page follows without a reload', async () => {
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}`);
    let popup = await openPopup(gloss, `?tabId=${tabId}`);
    const card = popup.locator('li.card', { hasText: ARTICLE_QUOTE });
    await card.getByRole('button', { name: 'Add note' }).click();
    await card
      .getByRole('textbox', { name: 'Note' })
      .fill('The garage opened in 1964: check the city archive.');
    await card.getByRole('radio', { name: 'Green' }).click();
    await card.getByRole('textbox', { name: 'Tags' }).fill('history,  Archive , history');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => popup.locator('li.card', { hasText: 'check the city archive' }).count()).toBe(1);
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-green': [ARTICLE_QUOTE], 'gloss-pink': [COMMENT_QUOTE] });
    // Tags typed on the card are stored trimmed and once each, and are there when the popup opens again.
    await popup.close();
    popup = await openPopup(gloss, `?tabId=${tabId}`);
    await expect
      .poll(() => popup.locator('li.card', { hasText: ARTICLE_QUOTE }).locator('.tags .tag').allInnerTexts())
      .toEqual(['#history', '#Archive']);

    await popup
      .locator('li.card', { hasText: ARTICLE_QUOTE })
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expect.poll(() => popup.locator('li.card').count()).toBe(1);
    await expect.poll(() => allPaintedText(page)).toEqual([COMMENT_QUOTE]);

    // Undo puts it back, note and colour included, on the page too; then it goes for good.
    await popup.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => popup.locator('li.card').count()).toBe(2);
    await expect
      .poll(() => paintedRanges(page))
      .toEqual({ 'gloss-green': [ARTICLE_QUOTE], 'gloss-pink': [COMMENT_QUOTE] });
    await popup
      .locator('li.card', { hasText: ARTICLE_QUOTE })
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expect.poll(() => allPaintedText(page)).toEqual([COMMENT_QUOTE]);
    await popup.close();
  });

  it('writes a note on the whole story in the popup, keeps it through a close, finds it in the library', async () => {
    const PAGE_NOTE = 'The council vote is on the 14th; ask which members toured the garage.';
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}`);
    let popup = await openPopup(gloss, `?tabId=${tabId}`);
    const section = () => popup.getByRole('region', { name: 'Page note' });
    await section().getByRole('button', { name: 'Add a note on this story' }).click();
    // The editor takes the keyboard, so the reader types without another click.
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('placeholder')))
      .toBe('What you make of this story');
    await popup.keyboard.type(PAGE_NOTE);
    await popup.keyboard.press('Tab');
    await popup.keyboard.type('council, follow-up');
    await popup.keyboard.press('Enter');
    await expect.poll(() => section().locator('li.card').innerText()).toContain(PAGE_NOTE);
    expect(await section().locator('.tags .tag').allInnerTexts()).toEqual(['#council', '#follow-up']);
    // It is about the story, not a passage: nothing new is painted, the tab's count is the highlights'.
    expect(await allPaintedText(page)).toEqual([COMMENT_QUOTE]);
    expect(await popup.getByRole('button', { name: /^This page/ }).innerText()).toBe('This page (1)');
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-page-note.png') });

    // An edit left unsaved when the popup closes is there when it opens again.
    await section().getByRole('button', { name: 'Edit' }).click();
    await section().getByRole('textbox', { name: 'Page note' }).press('End');
    await popup.keyboard.type(' Also the fire marshal.');
    await popup.close();
    popup = await openPopup(gloss, `?tabId=${tabId}`);
    await expect
      .poll(() => section().getByRole('textbox', { name: 'Page note' }).inputValue())
      .toBe(`${PAGE_NOTE} Also the fire marshal.`);
    await section().getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => section().locator('.note').innerText())
      .toBe(`${PAGE_NOTE} Also the fire marshal.`);

    // The page never sees it.
    const visibleToPage = await page.evaluate(() => {
      const ui = document.querySelector('gloss-ui');
      return document.documentElement.outerHTML + (ui?.shadowRoot?.innerHTML ?? '');
    });
    expect(visibleToPage).not.toContain('fire marshal');

    // The library finds it by a word of it and by the page-note filter, labelled as what it is.
    const library = await gloss.context.newPage();
    await library.goto(`chrome-extension://${gloss.extensionId}/library.html?region=story`);
    await expect
      .poll(() => library.getByRole('list', { name: 'Highlights' }).innerText())
      .toContain('fire marshal');
    expect(await library.locator('.hit .page-note-label').count()).toBe(1);
    await library.getByRole('searchbox', { name: 'Search' }).pressSequentially('marshal');
    await expect.poll(() => library.getByRole('status').first().innerText()).toBe('1 highlight');
    await library.close();

    await section().getByRole('button', { name: 'Delete page note' }).click();
    await expect
      .poll(() => section().getByRole('button', { name: 'Add a note on this story' }).count())
      .toBe(1);
    await popup.close();
  });

  it('exports W3C JSON, Markdown and Readwise CSV from the popup, with links that open at the passage', async () => {
    const popup = await openPopup(gloss, '?view=all');
    await expect.poll(() => popup.locator('li.card').count()).toBe(1);
    const [json] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(exported.type).toBe('AnnotationCollection');
    expect(JSON.stringify(exported)).toContain(COMMENT_QUOTE);
    expect(JSON.stringify(exported)).toContain(NOTE);
    const [md] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    const markdown = readFileSync(await md.path(), 'utf8');
    expect(markdown).toContain('Harbor City votes');
    expect(markdown).toContain('Dana Whitcombe');
    const [csv] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^gloss-\d{4}-\d\d-\d\d\.csv$/);
    const rows = readFileSync(await csv.path(), 'utf8').split('\r\n');
    expect(rows[0]).toBe('Highlight,Title,Author,URL,Note,Location,Date');
    expect(rows.filter((r) => r.includes(COMMENT_QUOTE.split(' ')[0] ?? ''))).toHaveLength(1);
    // The passage link is a text fragment: Chromium scrolls to the quote and marks it.
    const link = /\(<(http[^>]+#:~:text=[^>]+)>\)/.exec(markdown)?.[1];
    expect(link).toBeDefined();
    const reader = await gloss.context.newPage();
    await reader.setViewportSize({ width: 800, height: 300 });
    await reader.goto(link as string);
    await expect
      .poll(() =>
        reader.evaluate((quote) => {
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const at = (n.textContent ?? '').indexOf(quote.slice(0, 20));
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(n, at);
            range.setEnd(n, at + 1);
            const box = range.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= innerHeight && scrollY > 0;
          }
          return false;
        }, COMMENT_QUOTE),
      )
      .toBe(true);
    await reader.close();
    await popup.close();
  });

  it('says when the story was edited after the quote was saved, with both texts', async () => {
    const saved = 'The decision ends a two-year fight over what to do with the structure';
    const edited = 'The decision ends a three-year fight over what to do with the structure';
    const story = await openStory('?ref=corrections');
    await selectText(story, '.entry-content', saved);
    await clickGloss(story, 'button', 'Highlight');
    await expect.poll(() => allPaintedText(story)).toContain(saved);
    // The publisher corrects the story: the next visit gets the new text.
    await story.route(`**${STORY_PATH}?ref=corrections`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        body: (await response.text())
          .replace('two-year fight', 'three-year fight')
          .replace(/<title>([^<]*)<\/title>/, '<title>Corrected: $1</title>'),
      });
    });
    await story.reload();
    await waitForGloss(story);
    await expect.poll(() => allPaintedText(story)).toContain(edited);
    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}?ref=corrections`);
    const popup = await openPopup(gloss, `?tabId=${tabId}`);
    const card = popup.locator('li.card', { hasText: saved });
    const notice = card.getByText('The story was edited since you saved this');
    await expect.poll(() => notice.count()).toBe(1);
    await notice.click();
    expect(await card.locator('.edited-compare').innerText()).toBe(
      `You saved\n${saved}\nThe story now reads\n${edited}`,
    );
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-edited.png') });
    await popup.close();
    // The library keeps the headline the story had before, and when the new one was first seen.
    const library = await gloss.context.newPage();
    await library.goto(
      `chrome-extension://${gloss.extensionId}/library.html?story=${encodeURIComponent(`${gloss.base}${STORY_PATH}`)}`,
    );
    const history = library.locator('details.headlines');
    await history.getByText('The headline changed once since Gloss first saw this story').click();
    const titles = await history.locator('li').allInnerTexts();
    expect(titles).toHaveLength(2);
    expect(titles[1]).toContain(`Corrected: ${titles[0]?.replace(/^\S+ \d+, \d{4} /, '')}`);
    await library.screenshot({ path: path.join(SCREENSHOTS, 'library-story.png') });
    await library.close();
    await story.close();
  });
  it("made no request anywhere but the story's own server and its own files, through the whole session", () => {
    // The demo story loads only from its server; anything else was Gloss calling out.
    const elsewhere = requested.filter(
      (url) => !url.startsWith(`${gloss.base}/`) && !/^(chrome-extension|data|blob):/.test(url),
    );
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.some((url) => url.startsWith('chrome-extension://'))).toBe(true);
    expect(elsewhere).toEqual([]);
  });
});
