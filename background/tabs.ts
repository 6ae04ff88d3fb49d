import { normalizePageUrl } from '../storage/url';
import type { From } from './senders';
import { type SessionArea, SessionStore } from './session';

/** What the background knows of a tab: the story its top frame shows, and where each highlight is painted. */
export interface TabState {
  /** The top frame's address when it last loaded its annotations: the key holds only while it stays. */
  tabUrl: string;
  pageUrl: string;
  title: string;
  /**
   * The frames in which each annotation is painted. Every frame of a story (the page and its comment frames)
   * tries all of the story's annotations, so one frame's miss must not orphan what another frame shows.
   */
  painted: Record<string, number[]>;
  /** A highlight the popup opened this tab to show: the top frame learns it on its first load. */
  reveal: string | null;
}

type ContentFrom = Extract<From, { kind: 'content' }>;

export class Tabs {
  private readonly store: SessionStore<TabState>;

  constructor(area: SessionArea) {
    this.store = new SessionStore(area, 'tab');
  }

  get(tabId: number): Promise<TabState | undefined> {
    return this.store.get(tabId);
  }

  /**
   * The story a content script's frame belongs to, from the addresses the browser reports: the top frame's
   * own address (its canonical link only when same-site with it, see normalizePageUrl), and for a sub-frame
   * (a comment system's) the story its tab shows. What the content script says of its address is never used.
   */
  async pageOf(from: ContentFrom, canonical: string | null): Promise<{ pageUrl: string; title: string }> {
    if (from.frameId === 0) return { pageUrl: normalizePageUrl(from.frameUrl, canonical), title: '' };
    return this.storyOf(from);
  }

  /** The story the sender's tab shows: as its top frame loaded it, while the tab stays there. */
  async storyOf(from: ContentFrom): Promise<{ pageUrl: string; title: string }> {
    const top = await this.store.get(from.tabId);
    // Only while the tab still shows that story: after a navigation the old key must not catch new notes.
    if (top && top.tabUrl === from.tabUrl) return { pageUrl: top.pageUrl, title: top.title };
    return { pageUrl: normalizePageUrl(from.tabUrl, null), title: from.tabTitle };
  }

  /**
   * A top frame loaded (or reloaded) a story. Another story than before starts afresh: its frames report
   * what they paint anew. Returns the highlight to reveal, once.
   */
  async topFrameLoaded(
    tabId: number,
    tabUrl: string,
    pageUrl: string,
    title: string,
  ): Promise<string | null> {
    let reveal: string | null = null;
    await this.store.update(tabId, (current) => {
      const same = current?.tabUrl === tabUrl && current.pageUrl === pageUrl;
      reveal = current?.reveal ?? null;
      return { tabUrl, pageUrl, title, painted: same ? current.painted : {}, reveal: null };
    });
    return reveal;
  }

  /** Records where `ids` are painted; returns those whose anchored state in storage should change. */
  async reportPainted(tabId: number, frameId: number, ids: string[], anchored: boolean): Promise<string[]> {
    let changes: string[] = [];
    await this.store.update(tabId, (current) => {
      if (!current) {
        changes = ids;
        return undefined;
      }
      const painted = { ...current.painted };
      changes = ids.filter((id) => {
        const frames = new Set(painted[id] ?? []);
        if (anchored) frames.add(frameId);
        else frames.delete(frameId);
        painted[id] = [...frames];
        return anchored || frames.size === 0;
      });
      return { ...current, painted };
    });
    return changes;
  }

  async revealWhenLoaded(tabId: number, id: string): Promise<void> {
    await this.store.update(tabId, (current) =>
      current ? { ...current, reveal: id } : { tabUrl: '', pageUrl: '', title: '', painted: {}, reveal: id },
    );
  }

  /** Tabs whose top frame shows this story. */
  async showing(pageUrl: string): Promise<number[]> {
    return (await this.store.entries()).filter(([, t]) => t.pageUrl === pageUrl).map(([id]) => Number(id));
  }

  /** The tabs whose top frame shows one of `pageUrls`, each once, from one read of the tab store. */
  async showingAny(pageUrls: ReadonlySet<string>): Promise<number[]> {
    return (await this.store.entries()).filter(([, t]) => pageUrls.has(t.pageUrl)).map(([id]) => Number(id));
  }

  /** Every tab whose top frame loaded a story, whichever. */
  async all(): Promise<number[]> {
    return (await this.store.entries()).map(([id]) => Number(id));
  }

  forget(tabId: number): Promise<void> {
    return this.store.delete(tabId);
  }
}
