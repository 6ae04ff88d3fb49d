/**
 * The content script's start, read from a Chromium trace of the load: the page's world cannot see a content
 * script begin (a MutationObserver learns of <gloss-ui> only at the end of the task that added it, after
 * whatever ran before it; and a content script may not add it at all until needed). The trace has one
 * `EvaluateScript` event per script Chromium runs, content scripts included, with its URL, frame and start.
 *
 * Trace time is converted to the page's clock (performance.now()) with a user-timing mark the benchmark sets
 * in the page: the trace records the mark with both its trace time and its startTime.
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string; frame?: string; startTime?: number } };
}

export const CLOCK_MARK = 'gloss-bench-clock';

/** devtools.timeline has EvaluateScript; blink.user_timing has the clock mark. */
const CATEGORIES = ['devtools.timeline', 'blink.user_timing'];

export interface ContentScriptStart {
  /** When the content script began, in the page's performance.now() clock. */
  startMs: number;
  /** How long its first synchronous run (compile and top-level evaluation) took. */
  firstRunMs: number;
}

/** Starts tracing; the returned function stops it and resolves with the events. */
export async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  // The protocol types trace events as string maps; they are JSON objects of the shape above.
  const collect = (d: { value: object[] }) => {
    events.push(...(d.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
    return events;
  };
}

/** The first run of any of `scriptUrls` in frame `frameId`, or null when the trace has none (or no mark). */
export function contentScriptStart(
  events: TraceEvent[],
  scriptUrls: string[],
  frameId: string,
): ContentScriptStart | null {
  const mark = events.find((e) => e.name === CLOCK_MARK && e.args?.data?.startTime !== undefined);
  const run = events
    .filter(
      (e) =>
        e.name === 'EvaluateScript' &&
        e.args?.data?.frame === frameId &&
        scriptUrls.includes(e.args?.data?.url ?? ''),
    )
    .sort((a, b) => a.ts - b.ts)[0];
  if (!mark || !run) return null;
  const offsetUs = mark.ts - (mark.args?.data?.startTime as number) * 1000;
  return { startMs: (run.ts - offsetUs) / 1000, firstRunMs: (run.dur ?? 0) / 1000 };
}
