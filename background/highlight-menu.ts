/**
 * The highlight under the reader's pointer in each frame, as its content script last said: what the context
 * menu's "Edit note" and "Delete" act on. A menu is about where the reader pointed, and the browser says only
 * which frame that was; the content script tells Gloss before the menu opens, so the two items show only over a
 * highlight. Kept in memory: a worker stopped between the pointing and the click forgets it, and the menu
 * item then does nothing rather than act on a guess.
 */
export class HighlightMenu {
  private readonly targets = new Map<string, string>();

  /** `show` makes the two items visible (over a highlight) or hides them. */
  constructor(private readonly show: (visible: boolean) => void) {}

  point(tabId: number, frameId: number, id: string | null): void {
    const key = `${tabId}:${frameId}`;
    if (id === null) this.targets.delete(key);
    else this.targets.set(key, id);
    this.show(id !== null);
  }

  targetOf(tabId: number, frameId: number): string | null {
    return this.targets.get(`${tabId}:${frameId}`) ?? null;
  }

  forgetTab(tabId: number): void {
    for (const key of [...this.targets.keys()]) if (key.startsWith(`${tabId}:`)) this.targets.delete(key);
  }
}
