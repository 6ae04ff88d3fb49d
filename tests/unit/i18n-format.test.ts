import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** components/format.ts as loaded in a browser whose UI language is `ui`, showing messages in `shown`. */
async function formatIn(ui: string, shown: string) {
  const english = fakeBrowser.i18n.getMessage;
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((name, subs) =>
    name === '@@ui_locale' ? ui : name === 'meta_lang' ? shown : english(name, subs),
  );
  vi.resetModules();
  return import('../../components/format');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('numbers and dates', () => {
  it('follow the UI language where the messages are in it, down to its region', async () => {
    const f = await formatIn('en_GB', 'en');
    expect(f.formatLanguage()).toBe('en-GB');
    expect(f.formatDay(Date.UTC(2024, 4, 6, 9))).toBe('6 May 2024');
  });

  it("follow the messages' language where the UI language has none of its own", async () => {
    const f = await formatIn('fr', 'en');
    expect(f.formatLanguage()).toBe('en');
    expect(f.formatDay(Date.UTC(2024, 4, 6, 9))).toBe('May 6, 2024');
  });

  it('are German on German pages, even when the UI language says otherwise (headless Chromium)', async () => {
    const f = await formatIn('en_US', 'de');
    expect(f.formatLanguage()).toBe('de');
    expect(f.formatCount(12345)).toBe('12.345');
    expect(f.formatBytes(1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(f.formatDay(Date.UTC(2024, 4, 6, 9))).toBe('06.05.2024');
  });

  it('count in real plural forms', async () => {
    const f = await formatIn('en', 'en');
    expect([0, 1, 2, 1234].map(f.highlightCount)).toEqual([
      '0 highlights',
      '1 highlight',
      '2 highlights',
      '1,234 highlights',
    ]);
    expect(f.storyCount(1)).toBe('1 story');
  });
});
