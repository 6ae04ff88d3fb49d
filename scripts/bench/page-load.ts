/**
 * One measured page load in one of the benchmark's browsers.
 *
 * Script time: CDP Performance.getMetrics ScriptDuration (main-thread script, all worlds: the page's and the
 * content scripts'), read once the page has been quiet for 1.5 s after its load event. Chromium resets the
 * page's metrics when a new document commits, so that one reading is the delta from navigation start (a
 * reading taken before navigating belongs to the previous document). TaskDuration (all main-thread work:
 * script, style, layout, paint) is read alongside.
 *
 * Quiet: at least QUIET_MS after the load event, and ScriptDuration grown by less than QUIET_GROWTH_MS over
 * the last QUIET_MS (a content script working in idle slices keeps the page busy; its work must be counted).
 *
 * Heap: after a forced garbage collection, JSHeapUsedSize of the page's renderer (its isolate holds the page's
 * world and the content scripts' worlds), read after the figures above so the collection is not counted.
 */
import type { CDPSession } from 'playwright-core';
import type { BenchBrowser } from './page-browsers';
import { PROBE_GLOBAL, type ProbeState } from './page-probe';
import { CLOCK_MARK, type ContentScriptStart, contentScriptStart, startTrace } from './page-trace';

const QUIET_MS = 1500;
const QUIET_GROWTH_MS = 0.5;
const QUIET_POLL_MS = 250;
/** A page never quiet by then is read anyway (and its figures include whatever kept it busy). */
const QUIET_CAP_MS = 15_000;
const LONG_TASK_MS = 50;

export interface LoadResult {
  scriptMs: number;
  taskMs: number;
  heapBytes: number;
  /** Long tasks (> 50 ms) during the load, and the longest one's duration (0 when there were none). */
  longTasks: number;
  longestTaskMs: number;
  loadEventMs: number;
  /** When the page was parsed (DOMContentLoaded's end): the earliest an idle content script could start. */
  parsedMs: number;
  probe: ProbeState;
  /** Only on traced loads of a browser with an extension. */
  contentScript: ContentScriptStart | null;
}

type Metrics = Record<string, number>;

export async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function waitForQuiet(b: BenchBrowser): Promise<Metrics> {
  const start = Date.now();
  const history: { at: number; script: number }[] = [];
  for (;;) {
    const m = await metrics(b.cdp);
    const now = Date.now();
    history.push({ at: now, script: (m.ScriptDuration ?? 0) * 1000 });
    const windowStart = history.find((h) => h.at >= now - QUIET_MS - QUIET_POLL_MS / 2);
    const quietFor = windowStart ? now - windowStart.at : 0;
    const grown = windowStart ? (history.at(-1)?.script ?? 0) - windowStart.script : Number.POSITIVE_INFINITY;
    if ((quietFor >= QUIET_MS - QUIET_POLL_MS / 2 && grown < QUIET_GROWTH_MS) || now - start > QUIET_CAP_MS)
      return m;
    await b.page.waitForTimeout(QUIET_POLL_MS);
  }
}

async function mainFrameId(cdp: CDPSession): Promise<string> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  return frameTree.frame.id;
}

/** Loads `url` in `b`'s tab and measures it; `trace` also finds the content script's start (see page-trace). */
export async function measuredLoad(b: BenchBrowser, url: string, trace = false): Promise<LoadResult> {
  const stopTrace = trace && b.mainScripts.length > 0 ? await startTrace(b.cdp) : null;
  await b.page.goto(url, { waitUntil: 'load' });
  const m = await waitForQuiet(b);
  const { probe, loadEventMs, parsedMs } = await b.page.evaluate(
    ([global, mark]) => {
      performance.mark(mark);
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        probe: (window as unknown as Record<string, ProbeState>)[global] as ProbeState,
        loadEventMs: nav.loadEventEnd,
        parsedMs: nav.domContentLoadedEventEnd,
      };
    },
    [PROBE_GLOBAL, CLOCK_MARK] as const,
  );
  let contentScript: ContentScriptStart | null = null;
  if (stopTrace) {
    const events = await stopTrace();
    contentScript = contentScriptStart(events, b.mainScripts, await mainFrameId(b.cdp));
  }
  await b.cdp.send('HeapProfiler.collectGarbage');
  const heap = await metrics(b.cdp);
  const long = probe.longTasks.filter((t) => t.duration > LONG_TASK_MS);
  return {
    scriptMs: (m.ScriptDuration ?? 0) * 1000,
    taskMs: (m.TaskDuration ?? 0) * 1000,
    heapBytes: heap.JSHeapUsedSize ?? 0,
    longTasks: long.length,
    longestTaskMs: Math.max(0, ...long.map((t) => t.duration)),
    loadEventMs,
    parsedMs,
    probe,
    contentScript,
  };
}
