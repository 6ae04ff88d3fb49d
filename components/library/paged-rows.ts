import { useCallback, useRef, useState } from 'preact/hooks';

/**
 * Rows of a long list loaded a page at a time as they come into view, and dropped again when far from it,
 * so that scrolling the whole library keeps the heap flat.
 */

/** Rows per request: two screens or so; the first page is on the keystroke's critical path. */
export const PAGE_ROWS = 40;
/** Pages kept around the view; the others are dropped and fetched again if the reader scrolls back. */
const KEPT_PAGES = 12;

export interface PagedRows<T> {
  row(index: number): T | undefined;
  /** Load the pages covering rows `start` to `end` (exclusive), dropping far ones. */
  ensure(start: number, end: number): void;
}

/**
 * @param key identifies the list (the query): a new key starts empty, and answers for an old key are ignored.
 * @param first the first page, which came with the list's total in the same reply.
 */
export function usePagedRows<T>(
  key: string,
  first: readonly T[],
  fetchPage: (offset: number, limit: number) => Promise<readonly T[]>,
): PagedRows<T> {
  const pages = useRef(new Map<number, readonly T[]>());
  const pending = useRef(new Set<number>());
  const current = useRef('');
  const [, setVersion] = useState(0);
  if (current.current !== key) {
    current.current = key;
    pages.current = new Map([[0, first]]);
    pending.current = new Set();
  }

  const ensure = useCallback(
    (start: number, end: number) => {
      const from = Math.floor(start / PAGE_ROWS);
      const to = Math.floor(Math.max(start, end - 1) / PAGE_ROWS);
      for (const page of pages.current.keys())
        if (page !== 0 && (page < from - KEPT_PAGES / 2 || page > to + KEPT_PAGES / 2))
          pages.current.delete(page);
      for (let page = from; page <= to; page++) {
        if (pages.current.has(page) || pending.current.has(page)) continue;
        pending.current.add(page);
        const asked = current.current;
        void fetchPage(page * PAGE_ROWS, PAGE_ROWS)
          .then((rows) => {
            if (current.current !== asked) return;
            pages.current.set(page, rows);
            setVersion((v) => v + 1);
          })
          .catch(() => {
            // Left missing: the row shows as loading, and the next scroll asks again.
          })
          .finally(() => {
            if (current.current === asked) pending.current.delete(page);
          });
      }
    },
    [fetchPage],
  );

  return {
    row: (index) => pages.current.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS],
    ensure,
  };
}
