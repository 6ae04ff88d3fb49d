/**
 * The in-page half of scripts/bench-anchoring-browser.ts, bundled by esbuild and evaluated in Chromium:
 * `window.__glossBench.runPage(id, perKind)` runs on the loaded corpus page what the inner loop of `runSet` in
 * scripts/bench-anchoring.ts runs on a jsdom copy of it, and returns plain JSON. Keep the two in step.
 *
 * The page runs with JavaScript disabled (so its own scripts cannot touch the DOM, and <noscript> parses as
 * markup, as in jsdom), which also stops timers: runPage is one synchronous call.
 */
import { invalidateAnchoringCache, locate, rangeAt } from '../../annotator/anchoring';
import type { Selector } from '../../annotator/selectors';
import { buildTextIndex, getTextIndex } from '../../annotator/text-index';
import { applyScenario, makeAnnotations, rngFor, SCENARIOS, type ScenarioName } from './anchoring-scenarios';
import { describeAll } from './described';
import { peerAnchor } from './hypothesis-peer';
import { classify, newTally, span, type Tally, TOLERANCE, trimmed } from './scoring';

export type { Tally } from './scoring';

export type Method = 'gloss' | 'hypothesis';
export interface PageResult {
  byScenario: Record<ScenarioName, Record<Method, Tally>>;
  /** Gloss per trial, in trial order: locate() alone, and rangeAt() for what it found. */
  searchTimes: number[];
  rangeTimes: number[];
  indexBuild: number[];
  wrongExamples: string[];
  /** Gloss's results other than correct, outside the deleted scenario, in the jsdom bench's --verbose form. */
  misses: string[];
  /** Annotations not started within the page budget (all their scenarios). */
  skipped: number;
  /**
   * Annotations left out because Chromium hides their text (a stylesheet of the page, which jsdom does not
   * apply): a reader could not have selected them, and describe() returns no selectors.
   */
  hidden: number;
  /** Trials whose passage the change itself hid (CSS that stops or starts matching): truth is "none". */
  hiddenAfter: number;
  annotations: number;
}

export interface GlossBench {
  runPage(id: string, perKind: number, pageMs?: number): PageResult;
}

const short = (s: string) => s.replace(/\s+/g, ' ').slice(0, 60);

function runPage(id: string, perKind: number, pageMs = 120_000): PageResult {
  const doc = document;
  const pristine = doc.body;
  const result: PageResult = {
    byScenario: Object.fromEntries(
      SCENARIOS.map((s) => [s, { gloss: newTally(), hypothesis: newTally() }]),
    ) as PageResult['byScenario'],
    searchTimes: [],
    rangeTimes: [],
    indexBuild: [],
    wrongExamples: [],
    misses: [],
    skipped: 0,
    hidden: 0,
    hiddenAfter: 0,
    annotations: 0,
  };
  const annotations = makeAnnotations(pristine, rngFor(id), perKind);
  result.annotations = annotations.length;
  const described = describeAll(pristine, annotations);
  const template = pristine.cloneNode(true) as Element;
  const pristineText = buildTextIndex(pristine, { useComputedStyle: false }).text;
  const pageStart = performance.now();
  for (const [di, d] of described.entries()) {
    if (performance.now() - pageStart > pageMs) {
      result.skipped += described.length - di;
      break;
    }
    if (d.gloss.length === 0) {
      result.hidden++;
      continue;
    }
    for (const scenario of SCENARIOS) {
      const tallies = result.byScenario[scenario];
      const body = template.cloneNode(true) as HTMLElement;
      doc.documentElement.replaceChild(body, doc.body);
      const trial = applyScenario(
        scenario,
        doc,
        body,
        d.a,
        rngFor(`${id}:${scenario}:${d.quote}`),
        pristineText,
      );
      // The index Gloss anchors with (computed style: hidden text left out) is the one the truth is read in.
      const t0 = performance.now();
      const index = getTextIndex(body);
      result.indexBuild.push(performance.now() - t0);
      let truth = trial.tracker ? trimmed(index, span(index, trial.tracker.range())) : null;
      if (truth && truth[0] >= truth[1]) {
        result.hiddenAfter++;
        truth = null;
      }
      const tol = TOLERANCE + trial.editsInside;

      const stored = JSON.parse(JSON.stringify(d.gloss)) as Selector[];
      const g0 = performance.now();
      const found = locate(body, stored);
      const g1 = performance.now();
      const g = found ? rangeAt(body, found) : null;
      const gt = performance.now() - g0;
      result.searchTimes.push(g1 - g0);
      result.rangeTimes.push(gt - (g1 - g0));
      const text = body.textContent ?? '';
      const h0 = performance.now();
      const h = peerAnchor(body, d.peer, text);
      const ht = performance.now() - h0;
      invalidateAnchoringCache(body);
      const outcomes: [Method, Range | null, number][] = [
        ['gloss', g, gt],
        ['hypothesis', h, ht],
      ];
      for (const [m, r, ms] of outcomes) {
        const o = classify(index, truth, r, tol);
        tallies[m][o]++;
        tallies[m].times.push(ms);
        if (m === 'gloss' && o !== 'correct' && scenario !== 'deleted') {
          result.misses.push(
            `${o} ${id} ${scenario} ${d.a.kind} "${d.quote.replace(/\s+/g, ' ').slice(0, 70)}"`,
          );
        }
        if (m === 'gloss' && o === 'wrong') {
          result.wrongExamples.push(
            `${id} ${scenario} ${d.a.kind}: quote "${short(d.quote)}" -> "${r ? short(r.toString()) : ''}" truth=${truth} got=${r ? trimmed(index, span(index, r)) : null}`,
          );
        }
      }
    }
  }
  // The page as loaded again, so a second call (--warm) runs the same trials.
  doc.documentElement.replaceChild(pristine, doc.body);
  return result;
}

(window as unknown as { __glossBench: GlossBench }).__glossBench = { runPage };
