import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkItems } from '../../components/import-chunks';
import type { Annotation } from '../../storage/annotation';
import { exportW3C } from '../../storage/export';
import {
  clickGloss,
  type GlossBrowser,
  glossControl,
  glossShows,
  highlightCentre,
  launchGloss,
  noteEditor,
  noteEditors,
  openPopup,
  openTab,
  selectText,
  storedAnnotations,
  typeInto,
  waitForGloss,
} from './browser';
import { chooseNewImportFile, importThroughUi } from './transfer';
import { liveWorker, stopServiceWorker } from './worker';

/** A backup of `n` annotations over 50 stories, as a Gloss export file. */
function backup(n: number): string {
  const at = Date.UTC(2026, 0, 1);
  const annotations: Annotation[] = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    pageUrl: `https://news.example/2026/story-${i % 50}`,
    pageTitle: `Story ${i % 50}`,
    region: { kind: 'article' },
    selectors: [{ type: 'TextQuoteSelector', exact: `quote number ${i}` }],
    quote: `quote number ${i}`,
    note: `note ${i}`,
    color: 'yellow',
    tags: [],
    createdAt: at + i,
    updatedAt: at + i,
    anchored: true,
  }));
  return JSON.stringify(exportW3C(annotations));
}

async function annotationCount(): Promise<number> {
  const worker = await liveWorker(gloss);
  return worker.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('gloss');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('annotations').objectStore('annotations').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
      }),
  );
}

/**
 * Nothing a reader types is lost, and nothing is stored twice: the browser stops the service worker, the
 * page changes its address while the reader types, two windows edit one note, Save is pressed twice.
 */
const STORY_PATH = '/2026/11/harbor-garage-housing-vote';
const QUOTE_A = 'a concrete hulk that has stood at the edge of the waterfront since 1964';
const QUOTE_B = 'The decision ends a two-year fight over what to do with the structure';
const COMMENT = 'Enforcement is the whole question then';

let gloss: GlossBrowser;

beforeAll(async () => {
  gloss = await launchGloss();
});
afterAll(async () => {
  await gloss?.close();
});

async function openStory(): Promise<Page> {
  const page = await openTab(gloss, `${gloss.base}${STORY_PATH}`);
  await waitForGloss(page);
  return page;
}

/** Selects a passage and opens the note editor on it with the toolbar's Add note. */
async function addNoteOn(page: Page, selector: string, quote: string) {
  await selectText(page, selector, quote);
  await clickGloss(page, 'button', 'Add note');
  return noteEditor(page);
}

/** Opens a saved highlight's note editor with a real click on the passage. */
async function openNoteOf(page: Page, quote: string) {
  const centre = await highlightCentre(page, quote);
  if (!centre) throw new Error(`not painted: ${quote}`);
  await page.mouse.click(centre.x, centre.y);
  return noteEditor(page);
}

async function stored(quote: string) {
  await liveWorker(gloss);
  return (await storedAnnotations(gloss)).filter((a) => a.quote === quote);
}

async function clearDatabase(): Promise<void> {
  const worker = await liveWorker(gloss);
  await worker.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        // Never creates the database: before Gloss has stored anything there is nothing to clear.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve();
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['annotations', 'pages', 'drafts', 'imports'], 'readwrite');
          for (const name of ['annotations', 'pages', 'drafts', 'imports']) tx.objectStore(name).clear();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe('nothing typed is lost, nothing stored twice', () => {
  it('keeps a note typed before the service worker stopped, and saves it after', async () => {
    const page = await openStory();
    const editor = await addNoteOn(page, '.entry-content', QUOTE_A);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), 'Typed before the worker stopped.');
    await page.waitForTimeout(600);
    await stopServiceWorker(gloss, page);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), ' And after.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => noteEditors(page).length).toBe(0);
    expect((await stored(QUOTE_A)).map((a) => a.note)).toEqual([
      'Typed before the worker stopped. And after.',
    ]);
    await page.close();
  });

  it('offers Undo after a deletion even when the worker stopped in between', async () => {
    await clearDatabase();
    const page = await openStory();
    const editor = await addNoteOn(page, '.entry-content', QUOTE_B);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), 'Keep me.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => noteEditors(page).length).toBe(0);
    // Open it again with a real click on the passage, and delete it there.
    const again = await openNoteOf(page, QUOTE_B);
    await again.getByRole('button', { name: 'Delete highlight' }).click();
    await glossControl(page, 'button', 'Undo');
    await stopServiceWorker(gloss, page);
    await clickGloss(page, 'button', 'Undo');
    await expect.poll(async () => (await stored(QUOTE_B)).map((a) => a.note)).toEqual(['Keep me.']);
    await page.close();
  });

  it('keeps the editor and its text through replaceState, hash changes and a fake location event', async () => {
    await clearDatabase();
    const page = await openStory();
    const editor = await addNoteOn(page, '#comment-303 .comment-content', COMMENT);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), 'Half a thought');
    // What news sites do after load and while the reader scrolls (strip tracking parameters, mark the
    // section in the hash), and what a hostile page may fire itself.
    await page.evaluate(() => {
      history.replaceState(null, '', `${location.pathname}?utm_source=feed#comments`);
      history.replaceState(null, '', location.pathname);
      location.hash = 'comment-303';
      window.dispatchEvent(new Event('wxt:locationchange'));
    });
    await page.waitForTimeout(1_600);
    expect(noteEditors(page).length).toBe(1);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), ', finished.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await stored(COMMENT)).map((a) => a.note))
      .toEqual(['Half a thought, finished.']);
    await page.close();
  });

  it('keeps the draft when the reader leaves the story, and offers it on their return', async () => {
    await clearDatabase();
    const page = await openStory();
    const editor = await addNoteOn(page, '.entry-content', QUOTE_A);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), 'Come back to this');
    await page.waitForTimeout(600);
    await page.goto(`${gloss.base}/`);
    await page.goto(`${gloss.base}${STORY_PATH}`);
    await waitForGloss(page);
    await clickGloss(page, 'button', 'Resume');
    const resumed = await noteEditor(page);
    await expect
      .poll(() => resumed.getByRole('textbox', { name: 'Note' }).inputValue())
      .toBe('Come back to this');
    await resumed.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await stored(QUOTE_A)).map((a) => a.note)).toEqual(['Come back to this']);
    // Saved: nothing left to resume on the next visit.
    await page.reload();
    await waitForGloss(page);
    await page.waitForTimeout(800);
    expect(await glossShows(page, 'button', 'Resume')).toBe(false);
    await page.close();
  });

  it('a double save stores one highlight', async () => {
    await clearDatabase();
    const page = await openStory();
    const editor = await addNoteOn(page, '.entry-content', QUOTE_B);
    const note = editor.getByRole('textbox', { name: 'Note' });
    await typeInto(note, 'Once.');
    await note.press('Control+Enter');
    await note.press('Control+Enter').catch(() => {});
    await expect.poll(() => noteEditors(page).length).toBe(0);
    await page.waitForTimeout(500);
    expect((await stored(QUOTE_B)).map((a) => a.note)).toEqual(['Once.']);
    await page.close();
  });

  it('two editors on one note: the second save is shown both versions, never overwrites silently', async () => {
    await clearDatabase();
    const page = await openStory();
    const editor = await addNoteOn(page, '.entry-content', QUOTE_A);
    await typeInto(editor.getByRole('textbox', { name: 'Note' }), 'First version.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => noteEditors(page).length).toBe(0);

    // The reader opens the note on the page again and starts editing it...
    const onPage = await openNoteOf(page, QUOTE_A);
    await onPage.getByRole('textbox', { name: 'Note' }).fill('Edited on the page.');

    // ...while the popup saves another version of the same note.
    const popup = await openPopup(gloss, '?view=all');
    await popup.getByRole('button', { name: 'Edit' }).first().click();
    await popup.getByRole('textbox', { name: 'Note' }).fill('Edited in the popup.');
    await popup.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await stored(QUOTE_A)).map((a) => a.note))
      .toEqual(['Edited in the popup.']);
    await popup.close();

    await page.bringToFront();
    await onPage.getByRole('button', { name: 'Save' }).click();
    const choice = onPage.getByRole('alertdialog', { name: 'This note was changed elsewhere' });
    await expect.poll(() => choice.isVisible()).toBe(true);
    expect(await choice.innerText()).toContain('Edited in the popup.');
    expect(await choice.innerText()).toContain('Edited on the page.');
    expect((await stored(QUOTE_A)).map((a) => a.note)).toEqual(['Edited in the popup.']);
    await onPage.getByRole('button', { name: 'Keep mine' }).click();
    await expect
      .poll(async () => (await stored(QUOTE_A)).map((a) => a.note))
      .toEqual(['Edited on the page.']);
    await page.close();
  });

  it('an import cut short by a stopped worker keeps whole chunks, and a retry adds no duplicate', async () => {
    await clearDatabase();
    const N = 10_000;
    const text = backup(N);
    const file = { name: 'gloss-backup.json', mimeType: 'application/json', buffer: Buffer.from(text) };
    // Each chunk is one transaction: what a stopped worker leaves is a whole number of chunks.
    const boundaries = [
      0,
      ...[...chunkItems(JSON.parse(text).first.items)].map((c) => c.firstIndex + c.items.length),
    ];
    expect(boundaries.length).toBeGreaterThan(2);
    const popup = await openPopup(gloss, '?view=all');
    await (await chooseNewImportFile(popup, file)).click();
    // While the background works through the file, the browser stops it.
    await expect.poll(() => annotationCount(), { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    await stopServiceWorker(gloss, popup);
    // The popup says how the import ended: done, or stopped part way.
    const outcome = popup.getByRole('alert').or(popup.getByRole('status').filter({ hasText: /^Import: / }));
    await expect.poll(() => outcome.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    console.log(`[e2e] import with the worker stopped: ${await outcome.first().innerText()}`);
    expect(boundaries).toContain(await annotationCount());
    // The retry imports what is missing, or says everything is here already when the import had finished.
    console.log(`[e2e] the retry: ${await importThroughUi(popup, file)}`);
    expect(await annotationCount()).toBe(N);
    await popup.close();
  });
});
