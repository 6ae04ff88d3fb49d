import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXT_PATH } from './browser';

/** The scripts an extension page loads: its own module and every chunk it preloads, as built. */
function scriptsOf(page: string): string[] {
  const html = readFileSync(path.join(EXT_PATH, page), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/chunks\/[^"]+\.js)"/g)].map((m) => m[1] as string);
}

describe('what the built extension pages load', () => {
  const pages = readdirSync(EXT_PATH).filter((f) => f.endsWith('.html'));

  it('finds the pages', () => {
    expect(pages.sort()).toEqual(['library.html', 'note.html', 'options.html', 'popup.html']);
  });

  // The database lives in the background; a page that bundles Dexie (through an import of a storage module
  // that writes) pays ~100 KB of script on every open, as the library's first list once did.
  it.each(['library.html', 'note.html', 'options.html', 'popup.html'])(
    '%s carries no database code',
    (page) => {
      const scripts = scriptsOf(page);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(readFileSync(path.join(EXT_PATH, script), 'utf8'), script).not.toContain('Dexie');
      }
    },
  );
});
