import type { ReaderEventType, ReaderInput } from '../../entrypoints/content/reader-input';

/**
 * Reader input under a test's control, in place of the document_start watcher (happy-dom's events are never
 * trusted, so the real watcher would drop them all, as it must): `act` hands on an event as the watcher would
 * hand on a trusted one, and counts it as the reader's unless it is a selectionchange.
 */
export function fakeReaderInput() {
  const listeners = new Map<ReaderEventType, Set<(e: Event) => void>>();
  let lastAt = Number.NEGATIVE_INFINITY;
  let alt = false;
  let down = false;
  const input: ReaderInput = {
    lastAt: () => lastAt,
    pointerDown: () => down,
    altHeld: () => alt,
    on(type, listener) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(listener as (e: Event) => void);
      return () => set.delete(listener as (e: Event) => void);
    },
  };
  return {
    input,
    act(type: ReaderEventType, e: Event = new Event(type), byReader = type !== 'selectionchange') {
      if (byReader) {
        lastAt = performance.now();
        alt = e instanceof KeyboardEvent || e instanceof MouseEvent ? e.altKey : false;
      }
      if (type === 'pointerdown') down = true;
      if (type === 'pointerup') down = false;
      for (const listener of listeners.get(type) ?? []) listener(e);
    },
  };
}
