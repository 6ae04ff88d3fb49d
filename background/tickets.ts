import { type SessionArea, SessionStore } from './session';

/**
 * One-time capabilities for the note editor. The editor is an extension page any site could frame; it shows
 * and does nothing unless the background issued it a ticket, for one tab, at the request of that tab's
 * content script, for one draft. The first editor frame to open the ticket holds it; any other frame (a page
 * that framed note.html itself, a second copy) is refused. The ticket travels in the frame's address, which
 * the page cannot read (the frame is cross-origin and sits in a closed shadow root).
 */
export interface Ticket {
  tabId: number;
  /** The content script's frame that asked for it, which shows the editor and gets its commands. */
  frameId: number;
  /** The draft being edited (a new highlight, or an edit of a stored one). */
  draftId: string;
  issuedAt: number;
  /** The editor frame that opened it; null until then. */
  editorFrameId: number | null;
}

/** An editor left open this long is closed for good; what was typed stays in its draft. */
export const TICKET_TTL_MS = 24 * 60 * 60 * 1000;

export class Tickets {
  private readonly store: SessionStore<Ticket>;

  constructor(
    area: SessionArea,
    private readonly now: () => number,
  ) {
    this.store = new SessionStore(area, 'ticket');
  }

  async issue(tabId: number, frameId: number, draftId: string): Promise<string> {
    const ticket = crypto.randomUUID();
    // One editor per tab frame: a ticket issued before for that frame is void.
    for (const [key, t] of await this.store.entries()) {
      if ((t.tabId === tabId && t.frameId === frameId) || this.now() - t.issuedAt > TICKET_TTL_MS)
        await this.store.delete(key);
    }
    await this.store.set(ticket, { tabId, frameId, draftId, issuedAt: this.now(), editorFrameId: null });
    return ticket;
  }

  /** The editor frame opens its ticket: only the first frame of the issuing tab may. */
  async open(ticket: string, tabId: number, editorFrameId: number): Promise<Ticket | null> {
    let opened: Ticket | null = null;
    await this.store.update(ticket, (t) => {
      if (!t || t.tabId !== tabId || t.editorFrameId !== null || this.now() - t.issuedAt > TICKET_TTL_MS)
        return t;
      opened = { ...t, editorFrameId };
      return opened;
    });
    return opened;
  }

  /** The ticket an opened editor frame acts with, or null when it is not that frame's. */
  async held(ticket: string, tabId: number, editorFrameId: number): Promise<Ticket | null> {
    const t = await this.store.get(ticket);
    return t && t.tabId === tabId && t.editorFrameId === editorFrameId ? t : null;
  }

  end(ticket: string): Promise<void> {
    return this.store.delete(ticket);
  }

  async forgetTab(tabId: number): Promise<void> {
    for (const [key, t] of await this.store.entries()) if (t.tabId === tabId) await this.store.delete(key);
  }
}
