/**
 * Performance marks the library leaves for `npm run bench:library` (scripts/bench-library.ts), which reads
 * them with `performance.getEntriesByName`: a keystroke's time to its results on screen, and the first
 * list's. The names are the benchmark's contract.
 */
export const MARKS = {
  keystroke: 'gloss:keystroke',
  searchRendered: 'gloss:search-rendered',
  firstList: 'gloss:first-list',
} as const;

export function mark(name: string): void {
  performance.mark(name);
}

/** Measures from the last `start` mark to now, named `name`; nothing if `start` never happened. */
export function measureSince(name: string, start: string): void {
  if (performance.getEntriesByName(start, 'mark').length === 0) return;
  performance.measure(name, start);
}
