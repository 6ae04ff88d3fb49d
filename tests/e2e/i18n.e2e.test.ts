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
  SCREENSHOTS,
  selectText,
  tabIdOf,
  waitForGloss,
} from './browser';

/**
 * Gloss in a German browser: the page's toolbar, the popup and Options speak German, the manifest's command
 * descriptions too (`__MSG_…__`), and counts take German plurals and number formats.
 */

const STORY_PATH = '/2026/11/harbor-garage-housing-vote';
const QUOTE = 'a concrete hulk that has stood at the edge of the waterfront since 1964';

let gloss: GlossBrowser;
let story: Page;

beforeAll(async () => {
  gloss = await launchGloss({ lang: 'de' });
  story = await openTab(gloss, `${gloss.base}${STORY_PATH}`);
  await waitForGloss(story);
}, 60_000);

afterAll(async () => {
  await gloss?.close();
});

describe('in German', () => {
  it('highlights from a German toolbar, and the popup lists it in German', async () => {
    await selectText(story, '.entry-content', QUOTE);
    await expect.poll(() => glossShows(story, 'button', 'Markieren')).toBe(true);
    expect(await glossShows(story, 'button', 'Notiz')).toBe(true);
    await clickGloss(story, 'button', 'Markieren');
    await expect.poll(() => allPaintedText(story)).toEqual([QUOTE]);

    const tabId = await tabIdOf(gloss.worker, `${gloss.base}${STORY_PATH}`);
    const popup = await openPopup(gloss, `?tabId=${tabId}`);
    await expect.poll(() => popup.locator('.card').count()).toBe(1);
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('de');
    const views = popup.getByRole('navigation', { name: 'Ansichten' });
    expect(await views.getByRole('button').allInnerTexts()).toEqual([
      'Diese Seite (1)',
      'Alle Seiten',
      'Bibliothek',
      '⚙',
    ]);
    expect(await popup.getByRole('button', { name: 'Einstellungen' }).getAttribute('title')).toBe(
      'Einstellungen: Farbe, Werkzeugleiste, Websites, Tastenkürzel',
    );
    expect(await popup.getByRole('searchbox').getAttribute('placeholder')).toBe(
      'Zitate, Notizen, Titel, #Tags durchsuchen',
    );
    await expect.poll(() => popup.getByRole('heading', { name: 'Artikel' }).count()).toBe(1);
    expect(await popup.getByRole('button', { name: 'Notiz zu diesem Artikel hinzufügen' }).count()).toBe(1);
    const card = popup.locator('.card');
    expect(await card.getByRole('button', { name: 'Notiz hinzufügen' }).count()).toBe(1);
    expect(await card.getByRole('button', { name: /^Markierung „a concrete hulk/ }).innerText()).toBe(
      'Löschen',
    );
    // The card's date in German (`06.05.2026, 09:30`), not `May 6, 2026, 9:30 AM`.
    expect(await card.locator('time').innerText()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    expect(await popup.locator('.site-switch').innerText()).toContain('Gloss ist auf');
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-de.png') });

    await popup.getByRole('button', { name: 'Alle Seiten' }).click();
    await expect.poll(() => popup.locator('.page-heading .url').innerText()).toContain('1 Markierung');
    await popup.close();
  });

  it('shows Options in German, the shortcuts described as the manifest says them', async () => {
    const options = await openTab(gloss, `chrome-extension://${gloss.extensionId}/options.html`);
    expect(await options.title()).toBe('Gloss-Einstellungen');
    expect(await options.getByRole('heading', { level: 1 }).innerText()).toBe('Gloss-Einstellungen');
    await expect.poll(() => options.getByRole('radio', { name: 'Bei jeder Auswahl' }).count()).toBe(1);
    expect(await options.getByRole('radio', { name: 'Grün' }).count()).toBe(1);
    const rows = await options.getByRole('region', { name: 'Tastenkürzel' }).locator('tr').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'Ausgewählten Text markieren Alt+Shift+H',
      'Gloss-Bibliothek öffnen: alle Artikel, Suche und Filter Alt+Shift+L',
      'Markierungen auf dieser Seite ein- oder ausblenden Alt+Shift+G',
      'Notiz zum ausgewählten Text hinzufügen Alt+Shift+M',
    ]);
    await expect
      .poll(() => options.getByRole('region', { name: 'Deine Bibliothek' }).locator('p').first().innerText())
      .toMatch(/^1 Markierung oder Notiz in 1 Artikel, [\d,]+ (KB|MB) in diesem Browser\./);
    await options.screenshot({ path: path.join(SCREENSHOTS, 'options-de.png'), fullPage: true });
    await options.close();
  });
});
