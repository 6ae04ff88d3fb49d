/**
 * What the benchmark watches from inside each page, in the page's own world: registered with addInitScript,
 * so it runs at document start, before the page's scripts and before any content script at document_idle.
 *
 * - Long tasks (> 50 ms), for the whole load, in every browser.
 * - Only on restore loads (`?bench=h<K>`, K > 0): on every animation frame from DOMContentLoaded, how many
 *   ranges Gloss's highlight names hold (CSS.highlights is the document's, shared by all worlds), and when
 *   that count changed. A rAF callback runs just before its frame is painted, so the time of the first frame
 *   with the final count is when all K are painted. The loop keeps the page rendering frames, which costs
 *   main-thread time: restore loads are compared with the control's loads of the same URL, probe and all.
 * - Also on restore loads: when Gloss's UI host <gloss-ui> is added to <html>, for comparison with the
 *   content script's start read from a trace (see page-trace.ts).
 */

export interface ProbeState {
  longTasks: { start: number; duration: number }[];
  /** Each change of the painted count: count, and performance.now() in the frame it is painted in. */
  painted: { count: number; at: number }[];
  uiHostAt: number | null;
}

/** Where installPageProbe leaves its state (spelled out there too: it is serialised on its own). */
export const PROBE_GLOBAL = '__glossBenchProbe';

/**
 * installPageProbe as a script for addInitScript. tsx compiles with esbuild's keepNames, which wraps named
 * inner functions in a `__name()` helper the page does not have: the wrapper gives it one, in its own scope.
 */
export function pageProbeScript(): string {
  return `(() => { const __name = (f) => f; (${installPageProbe.toString()})(); })();`;
}

/** Runs in the page (serialised): keep it self-contained. */
export function installPageProbe(): void {
  const state: ProbeState = { longTasks: [], painted: [], uiHostAt: null };
  Object.defineProperty(window, '__glossBenchProbe', { value: state });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task API: the counts stay empty, and the report says 0.
  }
  const expected = Number(/[?&]bench=h(\d+)/.exec(location.search)?.[1] ?? 0);
  if (!(expected > 0)) return;
  let last = -1;
  let changedAt = 0;
  const tick = (): void => {
    const now = performance.now();
    let n = 0;
    for (const [name, h] of CSS.highlights)
      if (name.startsWith('gloss-') && name !== 'gloss-flash') n += h.size;
    if (n !== last) {
      last = n;
      changedAt = now;
      state.painted.push({ count: n, at: now });
    }
    // The loop keeps the page busy, so it stops once the count has settled: all K painted and nothing changed
    // for 0.5 s; or, when fewer than K anchor (or in the control, where nothing paints), nothing changed for
    // 2 s and the load event 2 s past; at the latest 20 s after navigation start.
    const loaded = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const loadEnd = loaded && loaded.loadEventEnd > 0 ? loaded.loadEventEnd : Number.POSITIVE_INFINITY;
    const settled =
      (n >= expected && now - changedAt > 500) ||
      (now > loadEnd + 2000 && now - changedAt > 2000) ||
      now > 20_000;
    if (!settled) requestAnimationFrame(tick);
  };
  // From DOMContentLoaded, which comes before any document_idle content script: a frame loop from document
  // start would make Chromium render the page while it parses, which changes the load it measures.
  document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(tick), { once: true });
  const watchHost = (html: Element): void =>
    new MutationObserver((records, observer) => {
      for (const r of records)
        for (const node of r.addedNodes)
          if (node.nodeName.toLowerCase() === 'gloss-ui') {
            state.uiHostAt = performance.now();
            observer.disconnect();
            return;
          }
    }).observe(html, { childList: true });
  // At document start the document may have no <html> yet.
  if (document.documentElement) watchHost(document.documentElement);
  else
    new MutationObserver((_, observer) => {
      if (!document.documentElement) return;
      observer.disconnect();
      watchHost(document.documentElement);
    }).observe(document, { childList: true });
}
