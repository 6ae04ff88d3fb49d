/**
 * The reader's own input (trusted key and pointer events), as seen by a tiny content script that starts
 * before any page script (`document_start`). A page can stop an event on `window` in the capture phase, and
 * listeners there run in the order they were added, so Gloss's main content script (which starts at
 * `document_idle`) would never see input a page swallows. Both scripts share the extension's isolated world:
 * the record lives on `window` under a symbol of that world, out of the page's reach.
 *
 * Only trusted events are recorded or handed on: a page cannot make Gloss act by dispatching events. The
 * selection's changes come this way too, since a page can swallow them as well.
 */
export type ReaderEventType =
  | 'keydown'
  | 'keyup'
  | 'pointerdown'
  | 'pointerup'
  | 'click'
  | 'contextmenu'
  | 'selectionchange';

export interface ReaderInput {
  /** `performance.now()` of the reader's last key or pointer input. */
  lastAt(): number;
  /** A pointer is down: the reader may be dragging a selection. */
  pointerDown(): boolean;
  /** Alt was held at the reader's last key or pointer input (Options can keep the toolbar for that). */
  altHeld(): boolean;
  /** Calls `listener` with each of the reader's events of this type; returns the unsubscribe. */
  on<K extends ReaderEventType>(type: K, listener: (e: WindowEventMap[K]) => void): () => void;
}

const TYPES: readonly ReaderEventType[] = [
  'keydown',
  'keyup',
  'pointerdown',
  'pointerup',
  'click',
  'contextmenu',
  'selectionchange',
];
/** Trusted, yet not the reader's by itself: a script's selection fires it too. */
const NOT_INPUT: ReadonlySet<ReaderEventType> = new Set(['selectionchange']);
const KEY = Symbol.for('gloss.readerInput');

type WithInput = Window & { [KEY]?: ReaderInput };

/** Starts recording the reader's input in `win` (once per frame), and returns the shared record. */
export function watchReaderInput(win: Window): ReaderInput {
  const w = win as WithInput;
  const existing = w[KEY];
  if (existing) return existing;
  let lastAt = Number.NEGATIVE_INFINITY;
  let down = false;
  let alt = false;
  const listeners = new Map<ReaderEventType, Set<(e: Event) => void>>(TYPES.map((t) => [t, new Set()]));
  for (const type of TYPES) {
    win.addEventListener(
      type,
      (e) => {
        if (!e.isTrusted) return;
        if (!NOT_INPUT.has(type)) {
          lastAt = win.performance.now();
          // Clicks and selection changes carry no key state worth keeping; keys and pointers do.
          if (e instanceof KeyboardEvent || e instanceof MouseEvent) alt = e.altKey;
        }
        if (type === 'pointerdown') down = true;
        if (type === 'pointerup') down = false;
        for (const listener of listeners.get(type) ?? []) listener(e);
      },
      { capture: true },
    );
  }
  const input: ReaderInput = {
    lastAt: () => lastAt,
    pointerDown: () => down,
    altHeld: () => alt,
    on(type, listener) {
      const set = listeners.get(type) as Set<(e: Event) => void>;
      const handle = listener as (e: Event) => void;
      set.add(handle);
      return () => set.delete(handle);
    },
  };
  w[KEY] = input;
  return input;
}
