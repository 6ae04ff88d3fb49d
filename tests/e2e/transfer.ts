import type { Page } from 'playwright-core';

type ImportFile = Parameters<Page['setInputFiles']>[1];

/** The Transfer section (components/Transfer.tsx), in the popup or the library page. */
const section = (page: Page) => page.getByRole('region', { name: 'Import and export' });

/**
 * Chooses `file` in Gloss's Import, as a reader does, and waits for the preview; resolves with the button
 * that imports it, or null when the preview says there is nothing to import (every item here already).
 * Throws with Gloss's alert when the file is refused.
 */
export async function chooseImportFile(page: Page, file: ImportFile, timeout = 30_000) {
  const transfer = section(page);
  await transfer.getByLabel('Import file').setInputFiles(file);
  const go = transfer.getByRole('button', { name: /^Import [\d,]+$/ });
  const alert = transfer.getByRole('alert');
  const nothing = transfer.getByRole('status').filter({ hasText: /nothing to import/ });
  await go.or(alert).or(nothing).first().waitFor({ timeout });
  if (await alert.isVisible()) throw new Error(`import refused: ${await alert.textContent()}`);
  return (await nothing.isVisible()) ? null : go;
}

/** chooseImportFile, for a file that must have something to import. */
export async function chooseNewImportFile(page: Page, file: ImportFile, timeout = 30_000) {
  const go = await chooseImportFile(page, file, timeout);
  if (!go) throw new Error('the preview found nothing to import');
  return go;
}

/** The line Transfer shows when an import ends (`Import: 3 added, …`), or its alert. */
export async function importOutcome(page: Page, timeout = 30_000): Promise<string> {
  const transfer = section(page);
  const done = transfer.getByRole('status').filter({ hasText: /^Import: / });
  const alert = transfer.getByRole('alert');
  await done.or(alert).first().waitFor({ timeout });
  if (await alert.isVisible()) throw new Error(`import failed: ${await alert.textContent()}`);
  return (await done.textContent()) ?? '';
}

/**
 * Imports `file` through Gloss's Import: choose, preview, confirm; resolves with the report line, or the
 * preview's line when everything in the file is here already.
 */
export async function importThroughUi(page: Page, file: ImportFile, timeout = 30_000): Promise<string> {
  const go = await chooseImportFile(page, file, timeout);
  if (!go) return (await section(page).getByRole('status').first().textContent()) ?? '';
  await go.click();
  return importOutcome(page, timeout);
}
