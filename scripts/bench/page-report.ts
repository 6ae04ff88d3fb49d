/**
 * The page benchmark's figures: per-page tables, then every target beside its figure and the no-extension
 * baseline, and the machine-readable `page-cost:` line. Pure: takes the phases' results, returns lines.
 */
import type { ActionCost } from './page-actions';
import type { BundleFile } from './page-bundle';
import type { LoadResult } from './page-load';
import type { ByKind, RestoreLoads } from './page-phases';
import type { Seeded } from './page-seed';
import { LONG_ID } from './page-server';
import { max, median } from './page-stats';

export const TARGETS = {
  scriptRatio: 1.05,
  extraLongTasks: 0,
  restore200Ms: 50,
  actionMs: 16,
  bundleKb: 30,
};

export interface BenchResults {
  runs: number;
  loads: Map<string, ByKind<LoadResult[]>>;
  seeded: Seeded[];
  restores: Map<string, RestoreLoads>;
  actions: ByKind<ActionCost[]> | null;
  bundle: BundleFile[];
}

export interface Report {
  lines: string[];
  missed: string[];
}

const f0 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(0));
const f1 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));
const f2 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2));
/** A ratio; none when the baseline is (near) nothing, which makes any ratio meaningless. */
const ratio = (a: number, b: number) => (b > 0.05 && !Number.isNaN(a) ? a / b : Number.NaN);
const fx = (x: number) => (Number.isNaN(x) ? '—' : `${x >= 100 ? x.toFixed(0) : x.toFixed(2)}x`);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const med = (loads: LoadResult[], pick: (l: LoadResult) => number) => median(loads.map(pick));

interface PageLoadFigures {
  id: string;
  script: ByKind<number>;
  task: ByKind<number>;
  longTasks: ByKind<number>;
  longest: ByKind<number>;
  scriptRatio: number;
  extraLongTasks: number;
}

function loadFigures(id: string, l: ByKind<LoadResult[]>): PageLoadFigures {
  const by = (pick: (x: LoadResult) => number): ByKind<number> => ({
    plain: med(l.plain, pick),
    control: med(l.control, pick),
    gloss: med(l.gloss, pick),
  });
  const script = by((x) => x.scriptMs);
  const longTasks = by((x) => x.longTasks);
  return {
    id,
    script,
    task: by((x) => x.taskMs),
    longTasks,
    longest: by((x) => x.longestTaskMs),
    // The control's script time can be 0.0 ms on a page whose own scripts are blocked: then the ratio is
    // computed against 0.05 ms, so it stays a (huge) number instead of Infinity.
    scriptRatio: script.gloss / Math.max(script.control, 0.05),
    extraLongTasks: longTasks.gloss - longTasks.control,
  };
}

interface RestoreFigures {
  id: string;
  k: number;
  made: number;
  painted: number;
  startToPaintedMs: number;
  parsedToPaintedMs: number;
  uiHostAfterStartMs: number;
  firstRunMs: number;
  longTasks: number;
  controlLongTasks: number;
  longestMs: number;
  heapExtraKb: number;
}

function restoreFigures(id: string, k: number, made: number, r: RestoreLoads): RestoreFigures {
  const loads = r.gloss.get(k) ?? [];
  const finalPaint = (l: LoadResult) => l.probe.painted.at(-1);
  return {
    id,
    k,
    made,
    painted: med(loads, (l) => finalPaint(l)?.count ?? 0),
    startToPaintedMs: med(loads, (l) => {
      const p = finalPaint(l);
      return p && p.count > 0 && l.contentScript ? p.at - l.contentScript.startMs : Number.NaN;
    }),
    parsedToPaintedMs: med(loads, (l) => {
      const p = finalPaint(l);
      return p && p.count > 0 ? p.at - l.parsedMs : Number.NaN;
    }),
    uiHostAfterStartMs: med(loads, (l) =>
      l.probe.uiHostAt !== null && l.contentScript ? l.probe.uiHostAt - l.contentScript.startMs : Number.NaN,
    ),
    firstRunMs: med(loads, (l) => l.contentScript?.firstRunMs ?? Number.NaN),
    longTasks: med(loads, (l) => l.longTasks),
    controlLongTasks: med(r.control, (l) => l.longTasks),
    longestMs: med(loads, (l) => l.longestTaskMs),
    heapExtraKb: (med(loads, (l) => l.heapBytes) - med(r.control, (l) => l.heapBytes)) / 1024,
  };
}

export function buildReport(res: BenchResults): Report {
  const lines: string[] = [];
  const missed: string[] = [];
  const pages = [...res.loads.entries()].map(([id, l]) => loadFigures(id, l));

  lines.push('', `Load, no highlights saved: medians of ${res.runs} runs per page (none / control / Gloss)`);
  lines.push(
    ...table(
      ['page', 'script ms', 'Gloss/ctrl', 'Gloss-ctrl', 'main thread ms', 'long tasks', 'longest ms'],
      pages.map((p) => [
        p.id,
        `${f1(p.script.plain)} / ${f1(p.script.control)} / ${f1(p.script.gloss)}`,
        fx(p.scriptRatio),
        `${f1(p.script.gloss - p.script.control)} ms`,
        `${f0(p.task.plain)} / ${f0(p.task.control)} / ${f0(p.task.gloss)}`,
        `${f0(p.longTasks.plain)} / ${f0(p.longTasks.control)} / ${f0(p.longTasks.gloss)}`,
        `${f0(p.longest.plain)} / ${f0(p.longest.control)} / ${f0(p.longest.gloss)}`,
      ]),
    ),
  );

  // Per page: K = 0 from the load phase's Gloss and control loads (nothing to paint, not traced), then each
  // seeded K from the restore phase.
  const restores: RestoreFigures[] = [];
  for (const [id, l] of res.loads) {
    restores.push({
      id,
      k: 0,
      made: 0,
      painted: Number.NaN,
      startToPaintedMs: Number.NaN,
      parsedToPaintedMs: Number.NaN,
      uiHostAfterStartMs: Number.NaN,
      firstRunMs: Number.NaN,
      longTasks: med(l.gloss, (x) => x.longTasks),
      controlLongTasks: med(l.control, (x) => x.longTasks),
      longestMs: med(l.gloss, (x) => x.longestTaskMs),
      heapExtraKb: (med(l.gloss, (x) => x.heapBytes) - med(l.control, (x) => x.heapBytes)) / 1024,
    });
    for (const s of res.seeded.filter((x) => x.id === id)) {
      const r = res.restores.get(id);
      if (s.problem) lines.push(`restore on ${id} with ${s.k}: not measured, ${s.problem}`);
      else if (r && s.made > 0) restores.push(restoreFigures(id, s.k, s.made, r));
    }
  }
  if (restores.length) {
    lines.push(
      '',
      `Restore: Gloss with K highlights saved, medians of ${res.runs} runs; parsed = DOMContentLoaded's end;` +
        " start = the main content script's first EvaluateScript in a trace",
    );
    lines.push(
      ...table(
        [
          'page',
          'K',
          'painted',
          'parsed->painted ms',
          'start->painted ms',
          '<gloss-ui> after start ms',
          'first run ms',
          'long tasks ctrl / Gloss',
          'longest ms',
          'heap Gloss-ctrl KB',
        ],
        restores.map((r) => [
          r.id,
          String(r.k),
          r.k === 0 ? '—' : `${f0(r.painted)}/${r.made}`,
          f0(r.parsedToPaintedMs),
          f0(r.startToPaintedMs),
          f0(r.uiHostAfterStartMs),
          f0(r.firstRunMs),
          `${f0(r.controlLongTasks)} / ${f0(r.longTasks)}`,
          f0(r.longestMs),
          f0(r.heapExtraKb),
        ]),
      ),
    );
  }

  const act = res.actions;
  const actMed = (kind: keyof ByKind<unknown>, pick: (a: ActionCost) => number) =>
    act ? median(act[kind].map(pick)) : Number.NaN;
  if (act) {
    lines.push(
      '',
      `Actions on ${LONG_ID}: main-thread busy ms (script ms), medians of ${act.gloss.length} runs`,
    );
    lines.push(
      ...table(
        ['action', 'no extension', 'control', 'Gloss', 'Gloss-control'],
        (
          [
            [
              'selection (drag, toolbar shown)',
              (a: ActionCost) => a.selectBusyMs,
              (a: ActionCost) => a.selectScriptMs,
            ],
            [
              'highlight (shortcut, painted, saved)',
              (a: ActionCost) => a.highlightBusyMs,
              (a: ActionCost) => a.highlightScriptMs,
            ],
          ] as const
        ).map(([name, busy, script]) => [
          name,
          `${f1(actMed('plain', busy))} (${f1(actMed('plain', script))})`,
          `${f1(actMed('control', busy))} (${f1(actMed('control', script))})`,
          `${f1(actMed('gloss', busy))} (${f1(actMed('gloss', script))})`,
          f1(actMed('gloss', busy) - actMed('control', busy)),
        ]),
      ),
    );
    const problems = [...new Set(act.gloss.flatMap((a) => a.problems))];
    for (const p of problems) lines.push(`  action problem: ${p}`);
  }

  lines.push('', 'Content scripts, gzip -9');
  lines.push(
    ...table(
      ['file', 'bytes', 'gzipped KB'],
      res.bundle.map((b) => [b.file, String(b.bytes), f1(b.gzipBytes / 1024)]),
    ),
  );

  // --- Targets ---
  const scriptRatios = pages.map((p) => p.scriptRatio);
  const worst = pages.reduce<PageLoadFigures | null>(
    (w, p) => (!w || p.scriptRatio > w.scriptRatio ? p : w),
    null,
  );
  const medScript = (kind: keyof ByKind<unknown>) => median(pages.map((p) => p.script[kind]));
  const extraLong = max(pages.map((p) => p.extraLongTasks));
  const worstLong = pages.find((p) => p.extraLongTasks === extraLong);
  const long200 = restores.find((r) => r.id === LONG_ID && r.k === 200);
  const longRestores = restores.filter((r) => r.id === LONG_ID);
  const restoreExtraLong = max(longRestores.map((r) => r.longTasks - r.controlLongTasks));
  const selectExtra = actMed('gloss', (a) => a.selectBusyMs) - actMed('control', (a) => a.selectBusyMs);
  const highlightExtra =
    actMed('gloss', (a) => a.highlightBusyMs) - actMed('control', (a) => a.highlightBusyMs);
  const bundleKb = res.bundle.reduce((s, b) => s + b.gzipBytes, 0) / 1024;
  const heap200 = long200?.heapExtraKb ?? Number.NaN;

  const rows: string[][] = [];
  const target = (
    name: string,
    gloss: string,
    control: string,
    plain: string,
    vsPlain: string,
    goal: string,
    ok: boolean | null,
  ) => {
    rows.push([name, gloss, control, plain, vsPlain, goal, ok === null ? 'report' : ok ? 'ok' : 'MISSED']);
    if (ok === false) missed.push(name);
  };
  const medRatio = median(scriptRatios);
  target(
    'load script ms, median of pages',
    f1(medScript('gloss')),
    f1(medScript('control')),
    f1(medScript('plain')),
    fx(ratio(medScript('gloss'), medScript('plain'))),
    `Gloss/ctrl <= ${TARGETS.scriptRatio}: ${fx(medRatio)}`,
    medRatio <= TARGETS.scriptRatio,
  );
  if (worst)
    target(
      `  worst page (${worst.id})`,
      f1(worst.script.gloss),
      f1(worst.script.control),
      f1(worst.script.plain),
      fx(ratio(worst.script.gloss, worst.script.plain)),
      `Gloss/ctrl: ${fx(worst.scriptRatio)}`,
      null,
    );
  target(
    `load long tasks, extra vs ctrl (worst: ${worstLong?.id ?? '—'})`,
    f0(worstLong?.longTasks.gloss ?? Number.NaN),
    f0(worstLong?.longTasks.control ?? Number.NaN),
    f0(worstLong?.longTasks.plain ?? Number.NaN),
    '',
    `extra <= 0: ${f0(extraLong)}`,
    extraLong <= TARGETS.extraLongTasks,
  );
  // From the page parsed, not from the main content script's start: the loader's request and the script's
  // start are part of what the reader waits for.
  target(
    `restore 200 on ${LONG_ID}, parsed->painted ms`,
    f0(long200?.parsedToPaintedMs ?? Number.NaN),
    '',
    '',
    '',
    `<= ${TARGETS.restore200Ms} ms`,
    long200 ? long200.parsedToPaintedMs <= TARGETS.restore200Ms && long200.painted >= long200.made : false,
  );
  target(
    `  from the main content script's start`,
    f0(long200?.startToPaintedMs ?? Number.NaN),
    '',
    '',
    '',
    'report',
    null,
  );
  target(
    `restore on ${LONG_ID}, long tasks extra (worst K)`,
    f0(max(longRestores.map((r) => r.longTasks))),
    f0(max(longRestores.map((r) => r.controlLongTasks))),
    '',
    '',
    `extra <= 0: ${f0(restoreExtraLong)}`,
    longRestores.length > 0 && restoreExtraLong <= TARGETS.extraLongTasks,
  );
  target(
    'selection, main-thread busy ms',
    f1(actMed('gloss', (a) => a.selectBusyMs)),
    f1(actMed('control', (a) => a.selectBusyMs)),
    f1(actMed('plain', (a) => a.selectBusyMs)),
    fx(
      ratio(
        actMed('gloss', (a) => a.selectBusyMs),
        actMed('plain', (a) => a.selectBusyMs),
      ),
    ),
    `Gloss-ctrl < ${TARGETS.actionMs}: ${f1(selectExtra)}`,
    act ? selectExtra < TARGETS.actionMs : null,
  );
  target(
    'highlight, main-thread busy ms',
    f1(actMed('gloss', (a) => a.highlightBusyMs)),
    f1(actMed('control', (a) => a.highlightBusyMs)),
    f1(actMed('plain', (a) => a.highlightBusyMs)),
    fx(
      ratio(
        actMed('gloss', (a) => a.highlightBusyMs),
        actMed('plain', (a) => a.highlightBusyMs),
      ),
    ),
    `Gloss-ctrl < ${TARGETS.actionMs}: ${f1(highlightExtra)}`,
    act ? highlightExtra < TARGETS.actionMs : null,
  );
  target(`heap after restoring 200 on ${LONG_ID}, Gloss-ctrl KB`, f0(heap200), '', '', '', 'no target', null);
  target(
    'content scripts gzipped KB',
    f1(bundleKb),
    '',
    '',
    '',
    `<= ${TARGETS.bundleKb} KB`,
    res.bundle.length > 0 && bundleKb <= TARGETS.bundleKb,
  );
  lines.push('', 'Targets');
  lines.push(...table(['figure', 'Gloss', 'control', 'no ext', 'Gloss/no ext', 'target', 'result'], rows));

  const kv: Record<string, string> = {
    pages: String(pages.length),
    runs: String(res.runs),
    script_ms_median: f2(medScript('gloss')),
    script_ctrl_ms_median: f2(medScript('control')),
    script_plain_ms_median: f2(medScript('plain')),
    script_ratio_median: f2(medRatio),
    script_ratio_worst: f2(worst?.scriptRatio ?? Number.NaN),
    script_extra_ms_median: f2(median(pages.map((p) => p.script.gloss - p.script.control))),
    load_longtasks_extra_max: f0(extraLong),
    restore200_long_ms: f0(long200?.startToPaintedMs ?? Number.NaN),
    restore20_long_ms: f0(
      restores.find((r) => r.id === LONG_ID && r.k === 20)?.startToPaintedMs ?? Number.NaN,
    ),
    restore200_ms_max: f0(max(restores.filter((r) => r.k === 200).map((r) => r.startToPaintedMs))),
    restore_longtasks_extra_long: f0(restoreExtraLong),
    select_ms: f1(selectExtra),
    highlight_ms: f1(highlightExtra),
    heap200_kb: f0(heap200),
    bundle_gzip_kb: f1(bundleKb),
    targets_missed: String(missed.length),
  };
  lines.push(
    '',
    `page-cost: ${Object.entries(kv)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  return { lines, missed };
}
