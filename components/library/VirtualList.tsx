import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A list of `total` rows of one fixed height, of which only the rows in view (and OVERSCAN around them) are
 * in the DOM: 100,000 rows cost as much as 20. Keyboard: the list holds one tab stop (the focused row);
 * arrows, Page Up/Down, Home and End move it, scrolling as needed; Enter activates it, Space selects it. Rows carry
 * aria-setsize/aria-posinset, so assistive technology knows where a row sits in the whole list.
 */

/** Rows rendered beyond each edge of the view, so a fast scroll does not show blanks. */
const OVERSCAN = 6;

export interface VirtualListProps {
  label: string;
  total: number;
  rowHeight: number;
  /** Resets focus and scroll when it changes (a new search). */
  resetKey: string;
  renderRow(index: number): ComponentChildren;
  /** The rows in view changed: load what is missing. */
  onRange(start: number, end: number): void;
  onActivate(index: number): void;
  /** Space on a row: selects it or not, in a list that has a selection. */
  onToggle?(index: number): void;
}

export function VirtualList({
  label,
  total,
  rowHeight,
  resetKey,
  renderRow,
  onRange,
  onActivate,
  onToggle,
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const [focused, setFocusedState] = useState(0);
  /** The focused row as of the last key, not the last render: keys pressed faster than renders add up. */
  const focusedNow = useRef(0);
  const setFocused = (index: number) => {
    focusedNow.current = index;
    setFocusedState(index);
  };
  /** Focus moves to the DOM row only after a key press, not when rows re-render under the pointer. */
  const focusPending = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    setFocused(0);
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);

  const visible = Math.ceil(viewport / rowHeight);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(total, Math.floor(scrollTop / rowHeight) + visible + OVERSCAN);

  useEffect(() => {
    if (total > 0) onRange(first, last);
  }, [first, last, total, resetKey]);

  // Before paint, so the next key already lands on the row it moved to.
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${focused}"]`)?.focus();
  }, [focused, first, last]);

  function moveTo(index: number) {
    const el = scroller.current;
    const target = Math.max(0, Math.min(total - 1, index));
    if (el) {
      const top = target * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight)
        el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    focusPending.current = true;
    setFocused(target);
  }

  function onKeyDown(event: KeyboardEvent) {
    const page = Math.max(1, visible - 1);
    const focused = focusedNow.current;
    const moves: Record<string, number> = {
      ArrowDown: focused + 1,
      ArrowUp: focused - 1,
      PageDown: focused + page,
      PageUp: focused - page,
      Home: 0,
      End: total - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      moveTo(next);
    } else if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      onActivate(focused);
    } else if (event.key === ' ' && onToggle && event.target === event.currentTarget) {
      event.preventDefault();
      onToggle(focused);
    }
  }

  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <li
        key={i}
        class="vrow"
        data-index={i}
        aria-setsize={total}
        aria-posinset={i + 1}
        tabIndex={i === focused ? 0 : -1}
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
        onFocus={() => setFocused(i)}
        onKeyDown={onKeyDown}
        onDblClick={() => onActivate(i)}
      >
        {renderRow(i)}
      </li>,
    );
  }
  return (
    <div
      class="vlist"
      ref={scroller}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}
    >
      <ul aria-label={label} class="vlist-body" style={{ height: `${total * rowHeight}px` }}>
        {rows}
      </ul>
    </div>
  );
}
