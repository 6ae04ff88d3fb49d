import { describe, expect, it, vi } from 'vitest';
import { type LibraryTabs, showLibrary } from '../../background/library-tab';

const LIBRARY = 'chrome-extension://abc/library.html';

function tabs(open: { id?: number; windowId?: number; url?: string }[]) {
  return {
    query: vi.fn(async () => open),
    update: vi.fn(async () => ({})),
    create: vi.fn(async () => ({})),
  } satisfies LibraryTabs;
}

describe('showLibrary', () => {
  it('brings the open library tab, with its view, and its window to the front', async () => {
    const t = tabs([
      { id: 1, windowId: 1, url: 'https://news.example/library.html' },
      { id: 4, windowId: 2, url: `${LIBRARY}?q=council` },
    ]);
    const focus = vi.fn(async () => {});
    await showLibrary(t, LIBRARY, focus);
    expect(t.update).toHaveBeenCalledWith(4, { active: true });
    expect(focus).toHaveBeenCalledWith(2);
    expect(t.create).not.toHaveBeenCalled();
  });

  it('opens a tab when none shows the library', async () => {
    const t = tabs([{ id: 1, url: 'https://news.example/' }, { id: 2 }]);
    await showLibrary(t, LIBRARY);
    expect(t.create).toHaveBeenCalledWith({ url: LIBRARY });
    expect(t.update).not.toHaveBeenCalled();
  });
});
