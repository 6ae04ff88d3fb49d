import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, HighlightColor } from '../../storage/annotation';
import { exportW3C } from '../../storage/export';
import { type GlossBrowser, launchGloss, openPopup, SCREENSHOTS } from './browser';
import { chooseNewImportFile, importOutcome, importThroughUi } from './transfer';

/**
 * The library page with real input: a file imported through its file chooser, typed searches, filters chosen
 * with the keyboard and kept in the address, list navigation by keys, Undo import, export, both themes.
 */

const STORIES = 30;
const PER_STORY = 10;
const COLORS: HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];
/** In every 7th highlight's note: what the search looks for. */
const NEEDLE = 'lighthouse';

/** Stories on the demo server, so a story opened from the library loads (as a page the server does not know). */
function library(base: string, stories = STORIES, firstId = 0): Annotation[] {
  const out: Annotation[] = [];
  for (let s = 0; s < stories; s++) {
    for (let i = 0; i < PER_STORY; i++) {
      const n = firstId + s * PER_STORY + i;
      const quote = `Story ${s} passage ${i}: the harbour board met again on Tuesday`;
      out.push({
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        pageUrl: `${base}/library/story-${n - i}`,
        pageTitle: `Harbour story ${s}`,
        region: i % 2 ? { kind: 'comment', author: `Reader ${i}`, commentKey: null } : { kind: 'article' },
        selectors: [{ type: 'TextQuoteSelector', exact: quote, prefix: 'Before. ', suffix: ' After.' }],
        quote,
        note: n % 7 === 0 ? `Ask about the ${NEEDLE} lease` : '',
        color: COLORS[n % COLORS.length] as HighlightColor,
        tags: n % 4 === 0 ? ['ports'] : [],
        createdAt: Date.UTC(2025, 0, 1) + n * 60_000,
        updatedAt: Date.UTC(2025, 0, 1) + n * 60_000,
        anchored: true,
      });
    }
  }
  return out;
}
let ALL: Annotation[] = [];
let WITH_NEEDLE: Annotation[] = [];

let gloss: GlossBrowser;
let page: Page;
let dir: string;

async function status(region: string): Promise<string> {
  return (await page.getByRole('region', { name: region }).getByRole('status').first().textContent()) ?? '';
}

beforeAll(async () => {
  gloss = await launchGloss();
  ALL = library(gloss.base);
  WITH_NEEDLE = ALL.filter((a) => a.note.includes(NEEDLE));
  dir = mkdtempSync(path.join(tmpdir(), 'gloss-library-e2e-'));
  page = await gloss.context.newPage();
  await page.goto(`chrome-extension://${gloss.extensionId}/library.html`);
}, 60_000);

afterAll(async () => {
  await gloss?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('library page', () => {
  it('says clearly why a file that is not JSON cannot be imported, and imports nothing', async () => {
    const bad = path.join(dir, 'broken.json');
    writeFileSync(bad, '{"type": "AnnotationCollection", "first": {"items": [');
    await page.getByLabel('Import file').setInputFiles(bad);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/broken\.json is not JSON/);
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    expect(await status('Stories')).toBe('0 stories');
  });

  it('imports a file through its file chooser and lists the stories, newest activity first', async () => {
    const file = path.join(dir, 'library.json');
    writeFileSync(file, JSON.stringify(exportW3C(ALL)));
    const go = await chooseNewImportFile(page, file);
    expect(await go.textContent()).toBe(`Import ${ALL.length.toLocaleString('en-US')}`);
    expect(await status('Stories')).toBe('0 stories');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-preview.png') });
    await go.click();
    expect(await importOutcome(page)).toContain(`${ALL.length.toLocaleString('en-US')} added`);
    await expect.poll(() => status('Stories')).toBe(`${STORIES} stories`);
    const stories = page.getByRole('list', { name: 'Stories' }).getByRole('listitem');
    await expect.poll(() => stories.first().textContent()).toContain(`Harbour story ${STORIES - 1}`);
    expect(await stories.first().textContent()).toContain(`${PER_STORY} highlights`);
  });

  it('searches as the reader types, with the total and the matches marked', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).click();
    await page.keyboard.type(NEEDLE.slice(0, 5));
    const results = page.getByRole('region', { name: 'Search results' });
    await expect.poll(() => status('Search results')).toBe(`${WITH_NEEDLE.length} highlights`);
    const marks = await results.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set([NEEDLE]));
    // Newest first.
    const newest = WITH_NEEDLE.at(-1) as Annotation;
    expect(await results.getByRole('listitem').first().textContent()).toContain(newest.quote);
    expect(page.url()).toContain(`q=${NEEDLE.slice(0, 5)}`);
  });

  it('copies a quote with its source and a link that opens the story at the passage', async () => {
    const newest = WITH_NEEDLE.at(-1) as Annotation;
    const row = page.getByRole('region', { name: 'Search results' }).getByRole('listitem').first();
    await row.getByRole('button', { name: /^Copy/ }).click();
    await expect.poll(() => row.getByRole('button', { name: /^Copy/ }).textContent()).toBe('Copied');
    // Pasted where a reader would: rich text keeps the link, plain text names the source.
    const notes = await gloss.context.newPage();
    await notes.goto(`${gloss.base}/library/notes`);
    await notes.setContent('<div contenteditable="true" id="notes" style="min-height:50px"></div>');
    await notes.click('#notes');
    await notes.keyboard.press('Control+V');
    const pasted = notes.locator('#notes');
    await expect.poll(() => pasted.textContent()).toContain(newest.quote);
    const href = await pasted.locator('a').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^${gloss.base}/library/story-\\d+#:~:text=`));
    expect(await pasted.textContent()).toContain(newest.pageTitle);
    await notes.close();
    await page.bringToFront();
  });

  it('combines a filter chosen with the keyboard with the search, and keeps both in the address', async () => {
    const colour = page.getByRole('combobox', { name: 'Colour' });
    await colour.focus();
    await colour.selectOption('pink');
    const expected = WITH_NEEDLE.filter((a) => a.color === 'pink').length;
    await expect
      .poll(() => status('Search results'))
      .toBe(`${expected} ${expected === 1 ? 'highlight' : 'highlights'}`);
    expect(page.url()).toContain('color=pink');
    // A bookmarked view opens as it was left.
    await page.reload();
    await expect
      .poll(() => status('Search results'))
      .toBe(`${expected} ${expected === 1 ? 'highlight' : 'highlights'}`);
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe(NEEDLE.slice(0, 5));
    expect(await page.getByRole('combobox', { name: 'Colour' }).inputValue()).toBe('pink');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => status('Search results')).toBe(`${WITH_NEEDLE.length} highlights`);
  });

  it('moves through the results with the keyboard, with visible focus, and opens the story at the passage', async () => {
    const rows = page.getByRole('list', { name: 'Highlights' }).getByRole('listitem');
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = page.locator('.vrow:focus');
    await expect.poll(() => focused.getAttribute('aria-posinset')).toBe('3');
    expect(await focused.getAttribute('aria-setsize')).toBe(String(WITH_NEEDLE.length));
    const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('End');
    await expect.poll(() => focused.getAttribute('aria-posinset')).toBe(String(WITH_NEEDLE.length));
    await page.keyboard.press('Home');
    await expect.poll(() => focused.getAttribute('aria-posinset')).toBe('1');
    const [opened] = await Promise.all([gloss.context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await opened.waitForLoadState('domcontentloaded');
    expect(opened.url()).toBe((WITH_NEEDLE.at(-1) as Annotation).pageUrl);
    await opened.close();
  });

  it('shows both themes following the browser', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library-light.png') });
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    const channels = dark.match(/\d+/g)?.map(Number) ?? [];
    expect(Math.max(...channels)).toBeLessThan(64);
  });

  it('exports the whole library as one file that holds every highlight', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const saved = path.join(dir, 'export.json');
    await download.saveAs(saved);
    const doc = JSON.parse(readFileSync(saved, 'utf8')) as {
      total: number;
      first: { items: { id: string }[] };
    };
    expect(doc.total).toBe(ALL.length);
    expect(new Set(doc.first.items.map((i) => i.id))).toEqual(new Set(ALL.map((a) => `urn:uuid:${a.id}`)));
  });

  it('undoes a whole import with one click, and only that import', async () => {
    const extra = path.join(dir, 'extra.json');
    writeFileSync(extra, JSON.stringify(exportW3C(library(gloss.base, 2, ALL.length))));
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await importThroughUi(page, extra);
    await expect.poll(() => status('Stories')).toBe(`${STORIES + 2} stories`);
    await page.getByRole('button', { name: 'Undo import' }).click();
    await page.getByText(/^Import undone/).waitFor();
    expect(await page.getByText(/^Import undone/).textContent()).toContain(`${2 * PER_STORY} removed`);
    await expect.poll(() => status('Stories')).toBe(`${STORIES} stories`);
  });

  it('acts on a selection: tags all results, deletes and exports some, each undone as one', async () => {
    const n = WITH_NEEDLE.length;
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill(NEEDLE);
    await expect.poll(() => status('Search results')).toBe(`${n} highlights`);
    const bar = page.getByRole('toolbar', { name: 'Selection' });
    await bar.getByRole('button', { name: `Select all ${n}` }).click();
    await expect.poll(() => bar.textContent()).toContain(`${n} selected`);
    await bar.getByRole('textbox', { name: 'Tag for the selected highlights' }).fill('review');
    await page.keyboard.press('Enter');
    const said = bar.getByRole('status');
    await expect.poll(() => said.textContent()).toBe(`Tagged ${n} highlights #review.Undo`);
    await page.goto(`chrome-extension://${gloss.extensionId}/library.html?tag=review`);
    await expect.poll(() => status('Search results')).toBe(`${n} highlights`);
    await page.goBack();
    await page.getByRole('searchbox', { name: 'Search' }).fill(NEEDLE);
    await expect.poll(() => status('Search results')).toBe(`${n} highlights`);

    // Two rows picked with the keyboard: Space selects the focused row.
    const rows = page.getByRole('region', { name: 'Search results' }).getByRole('listitem');
    await rows.first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => bar.textContent()).toContain('2 selected');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      bar.getByRole('button', { name: 'Export the selected as CSV' }).click(),
    ]);
    const lines = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    await bar.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => status('Search results')).toBe(`${n - 2} highlights`);
    await bar.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => status('Search results')).toBe(`${n} highlights`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library-selection.png') });
  });

  it('renames a tag across the library with the keyboard, and Undo puts it back', async () => {
    const ports = ALL.filter((a) => a.tags.includes('ports')).length;
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByText('Tags', { exact: true }).click();
    const tags = page.getByRole('list', { name: 'Tags' });
    await expect
      .poll(() => tags.getByRole('listitem').first().textContent())
      .toContain(`#ports${ports} highlights`);
    await tags.getByRole('button', { name: 'Rename #ports' }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Harbour board');
    await page.keyboard.press('Enter');
    const done = page.getByRole('status').filter({ hasText: /^Renamed/ });
    await expect
      .poll(() => done.textContent())
      .toBe(`Renamed #ports to #Harbour board on ${ports} highlights.Undo`);
    // Listed as the reader typed it; filtered by the index's lower-case form.
    await expect.poll(() => tags.textContent()).toContain('#Harbour board');
    expect(await tags.textContent()).not.toContain('#ports');
    await tags.getByRole('button', { name: '#Harbour board', exact: true }).click();
    await expect.poll(() => status('Search results')).toBe(`${ports} highlights`);
    expect(page.url()).toContain('tag=harbour+board');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library-tags.png') });
    await done.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => tags.textContent()).toContain('#ports');
    await page.goto(`chrome-extension://${gloss.extensionId}/library.html?tag=ports`);
    await expect.poll(() => status('Search results')).toBe(`${ports} highlights`);
  });

  it("is one tab: the popup's Library button brings the open library to the front", async () => {
    const popup = await openPopup(gloss, '?view=all');
    const libraryTabs = () => gloss.context.pages().filter((p) => p.url().includes('/library.html'));
    expect(libraryTabs()).toHaveLength(1);
    const opened = gloss.context.waitForEvent('page', { timeout: 2_000 }).then(
      (p) => p.url(),
      () => null,
    );
    await popup.getByRole('button', { name: 'Library' }).click();
    expect(await opened).toBeNull();
    await expect.poll(() => page.evaluate(() => document.visibilityState)).toBe('visible');
    expect(libraryTabs()).toHaveLength(1);
    await popup.close();
  });
});
