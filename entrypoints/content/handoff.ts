import type { PageLoad } from '../../messaging/protocol';

/**
 * What the page loader (loader.ts) hands Gloss's content script when the background starts it in a frame.
 * Both run in the extension's isolated world, so the record lives on `window` under a symbol of that world,
 * out of the page's reach.
 */
export interface Handoff {
  /**
   * The reply to the loader's last `page.enter`: the story's highlights and unsaved notes (none, when the
   * reader's selection started Gloss), or null when the background could not answer. Taken once, by the
   * content script's first load.
   */
  entered: Promise<PageLoad | null> | null;
  /** The reader's shortcut over a selection that started Gloss here, and `performance.now()` then. */
  shortcut: { action: 'highlight' | 'addNote'; at: number } | null;
  /** Gloss's content script runs in this frame: the background must not start a second one. */
  running: boolean;
}

/** The symbol's name, for the background's check (a function it runs in the frame: see contentScriptRunning). */
export const HANDOFF_KEY = 'gloss.handoff';
const KEY = Symbol.for(HANDOFF_KEY);

type WithHandoff = Window & { [KEY]?: Handoff };

/** This frame's handoff record, made on first use. */
export function handoff(win: Window): Handoff {
  const w = win as WithHandoff;
  w[KEY] ??= { entered: null, shortcut: null, running: false };
  return w[KEY];
}

/** The loader's page.enter reply, once: later loads ask the background themselves. */
export function takeEntered(win: Window): Promise<PageLoad | null> | null {
  const h = handoff(win);
  const entered = h.entered;
  h.entered = null;
  return entered;
}

/**
 * Runs in the frame, through `scripting.executeScript({ func })`, which sends the function's source alone:
 * it may use nothing but its argument (HANDOFF_KEY).
 */
export function contentScriptRunning(key: string): boolean {
  const record = (window as unknown as Record<symbol, Partial<Handoff> | undefined>)[Symbol.for(key)];
  return record?.running === true;
}
