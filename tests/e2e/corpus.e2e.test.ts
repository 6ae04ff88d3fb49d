import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPaintedText,
  clickGloss,
  corpusDir,
  type GlossBrowser,
  launchGloss,
  noteEditor,
  noteEditors,
  openPopup,
  openTab,
  SCREENSHOTS,
  tabIdOf,
  trySelectText,
  typeInto,
  waitForGloss,
} from './browser';

/**
 * The core loop on real news pages from ../shared/corpus (third-party pages, read at run time, never
 * committed). Pages are the first dragnet pages with comments in id order, so the choice is not tuned.
 */
const PAGES = 3;
const hasCorpus = existsSync(path.join(corpusDir, 'manifest.json'));
if (!hasCorpus) console.log(`[e2e] ${corpusDir} not found: the real-page browser tests skip`);

interface Truth {
  article: string;
  comments: string | null;
}

function pickPages(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8')) as {
    pages: { id: string; source: string; commentTokens: number | null }[];
  };
  return manifest.pages
    .filter((p) => p.source === 'dragnet' && (p.commentTokens ?? 0) > 200)
    .map((p) => p.id)
    .sort()
    .slice(0, PAGES);
}

/** Candidate passages: sentences of 6-14 words from the ground-truth text, longest first. */
function passages(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().split(/\s+/).slice(0, 14).join(' '))
    .filter((s) => s.split(' ').length >= 6)
    .sort((a, b) => b.length - a.length)
    .slice(0, 40);
}

/**
 * Drag-selects the first candidate that sits inside one visible text node of the page, away from links and
 * controls (a drag that starts on a link drags the link); returns it, or null when none could be selected.
 */
async function selectFirstFound(page: Page, candidates: string[]): Promise<string | null> {
  const found = await page.evaluate((list) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('script, style, noscript, a, button, label, summary, [draggable="true"]'))
        continue;
      if (parent.getClientRects().length > 0) texts.push((n as Text).data);
    }
    return list.filter((needle) => texts.some((t) => t.includes(needle)));
  }, candidates);
  for (const needle of found.slice(0, 5)) {
    if (await trySelectText(page, 'body', needle)) return needle;
  }
  return null;
}

describe.skipIf(!hasCorpus)('Gloss on real news pages (corpus)', () => {
  let gloss: GlossBrowser;

  beforeAll(async () => {
    gloss = await launchGloss();
  });
  afterAll(async () => {
    await gloss?.close();
  });

  for (const id of hasCorpus ? pickPages() : []) {
    it(`${id}: highlight in the story and in a comment, both painted again after a reload`, async () => {
      const truth = JSON.parse(readFileSync(path.join(corpusDir, id, 'truth.json'), 'utf8')) as Truth;
      const page = await openTab(gloss, `${gloss.base}/corpus/${id}/`);
      await waitForGloss(page);

      const articleQuote = await selectFirstFound(page, passages(truth.article));
      expect(articleQuote, 'a sentence of the story on the page').not.toBeNull();
      await clickGloss(page, 'button', 'Highlight');
      await expect.poll(() => allPaintedText(page)).toEqual([articleQuote]);

      const commentQuote = await selectFirstFound(page, passages(truth.comments ?? ''));
      expect(commentQuote, 'a sentence of a comment on the page').not.toBeNull();
      await clickGloss(page, 'button', 'Add note');
      const editor = await noteEditor(page);
      await typeInto(editor.getByRole('textbox', { name: 'Note' }), `Note on ${id}`);
      await editor.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => allPaintedText(page).then((t) => t.sort()))
        .toEqual([articleQuote, commentQuote].sort());

      // The screenshot shows what the reader sees once the editor has closed (a CI shot taken while it closed
      // showed the comment without its highlight).
      await expect.poll(() => noteEditors(page).length).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `corpus-${id}.png`) });
      await page.reload();
      await waitForGloss(page);
      await expect
        .poll(() => allPaintedText(page).then((t) => t.sort()))
        .toEqual([articleQuote, commentQuote].sort());

      const pageDbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      expect(pageDbs).not.toContain('gloss');

      // The popup files the two under the story and under the commenter, with the note.
      const popup = await openPopup(gloss, `?tabId=${await tabIdOf(gloss.worker, page.url())}`);
      await expect.poll(() => popup.locator('li.card').count()).toBe(2);
      const headings = await popup.locator('.group:not(.group-story) h2').allInnerTexts();
      expect(headings[0]?.toLowerCase()).toBe('article');
      expect(headings[1]?.toLowerCase()).toMatch(/^comments · /);
      expect(await popup.locator('main').innerText()).toContain(`Note on ${id}`);
      await popup.screenshot({ path: path.join(SCREENSHOTS, `corpus-${id}-popup.png`) });
      await popup.close();
      await page.close();
    });
  }
});
