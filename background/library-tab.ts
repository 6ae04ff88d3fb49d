/** The few tab calls opening the library needs (browser.tabs), passed in so tests can stand in for them. */
export interface LibraryTabs {
  query(q: Record<string, never>): Promise<{ id?: number; windowId?: number; url?: string }[]>;
  update(tabId: number, props: { active: boolean }): Promise<unknown>;
  create(props: { url: string }): Promise<unknown>;
}

/**
 * Shows the library page: the tab it is open in already (its view as the reader left it), or a new one. A
 * reader who opens it from the toolbar menu, the shortcut and the popup gets one library, not three.
 */
export async function showLibrary(
  tabs: LibraryTabs,
  libraryUrl: string,
  focusWindow: (windowId: number) => Promise<unknown> = async () => {},
): Promise<void> {
  // Every tab, filtered here: URL match patterns for extension pages differ between browsers. The page
  // matches with any view in its address (?q=…).
  const open = (await tabs.query({})).find((t) => t.url?.startsWith(libraryUrl));
  if (open?.id !== undefined) {
    await tabs.update(open.id, { active: true });
    if (open.windowId !== undefined) await focusWindow(open.windowId);
    return;
  }
  await tabs.create({ url: libraryUrl });
}
