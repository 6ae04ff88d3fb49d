/**
 * Usage: npx tsx scripts/bench-anchoring.ts [corpus dir] [--pages N] [--per-kind N] [--page-ms MS] [--page ID]
 *          [--tune-only | --holdout-only] [--fresh | --fresh-only] [--unseen-only] [--final-only] [--spare-only]
 *          [--reserve-only] [--remainder-only] [--no-apache]
 *          [--verbose]
 * The last line is machine-readable: `anchoring: correct=..% wrong=..% orphan=..% ... p50=..ms p95=..ms peer_p50=..ms
 *   long_p95=..ms long_search_p95=..ms` (long: the top quarter of pages by size; search: anchoring without
 *   building the DOM Range; jsdom 29 built it by walking the rest of the document until patches/ fixed that)
 * (one such line per set before it, labelled `anchoring[tune]:` / `anchoring[holdout]:` / `anchoring[fresh]:`).
 *
 * Makes annotations on real pages, changes a fresh copy of each page in ten ways, anchors again, and reports
 * per scenario correct / wrong-place / orphaned and anchor time, for Gloss and peers measured in the same run.
 * Disjoint page sets in one hash order: "tune" (the pages the matcher was developed against), "holdout" (checked
 * during development), with --fresh, "fresh" (the next N pages: validated on, then studied once its figures were
 * on record, so no longer untouched), and with --unseen-only, "unseen" (the N pages after those: kept for a final
 * check of a finished change; run once, then its three failures were studied), and with --final-only, "final" (the
 * 2N pages after those, kept for the last check of issue 4's work; run once, then its two wrong places were
 * studied), and with --spare-only, "spare" (the 2N pages after those: untouched until the check of the change
 * that lets an inserted box holding a copy of the quote be skipped; run once, then its duplicate-earlier misses
 * were studied), and with --reserve-only, "reserve" (the 2N pages after those: untouched until the check at the
 * end of that session), and with --remainder-only, "remainder" (every page after those, 170 with N = 12: untouched
 * until the check that was to close issue 4).
 *
 * Correct: the anchored span starts and ends within TOLERANCE (+ edits made inside the passage) normalised
 * characters of where the passage now is. Wrong-place: anything else returned. For a deleted passage only
 * null (orphaned) is correct. Times are per highlight with the page text already indexed (Gloss) or
 * textContent already read (Hypothesis-style), so they compare matching; index build time is listed apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JSDOM, VirtualConsole } from 'jsdom';
import { invalidateAnchoringCache, locate, rangeAt } from '../annotator/anchoring';
import type { Selector } from '../annotator/selectors';
import { buildTextIndex, getTextIndex } from '../annotator/text-index';
import {
  type Annotation,
  applyScenario,
  KINDS,
  makeAnnotations,
  rngFor,
  SCENARIOS,
  type ScenarioName,
  trackerFor,
} from './bench/anchoring-scenarios';
import { describeAll } from './bench/described';
import { peerAnchor } from './bench/hypothesis-peer';
import { pageSets } from './bench/page-sets';
import {
  classify,
  ms,
  newTally,
  pct,
  percentile,
  span,
  type Tally,
  TOLERANCE,
  trimmed,
} from './bench/scoring';

const args = process.argv.slice(2);
const corpusDir = resolve(
  args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? '../shared/corpus/regions-dev',
);
const numArg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const PAGES = numArg('--pages', 40);
const PER_KIND = numArg('--per-kind', 2);
/**
 * Per-page budget: annotations not started within it are skipped (all their scenarios), and counted. Generous:
 * a page cut short loses whichever annotations come last, and how many depends on the machine's load, so a
 * tight budget makes two runs of the same code disagree. The longest pages take 20-50 s in jsdom.
 */
const PAGE_MS = numArg('--page-ms', 120_000);
type ApacheMatcher = (sel: object) => (scope: Node) => AsyncIterable<unknown>;
// @apache-annotator/dom 0.2 imports @apache-annotator/selector at run time but lists it only as a dev
// dependency; without it installed the Apache peer is skipped with a note instead of failing the run.
let apacheMatcher: ApacheMatcher | null = null;
let apacheNote = '';
if (!args.includes('--no-apache')) {
  try {
    const mod = (await import('@apache-annotator/dom')) as { createTextQuoteSelectorMatcher: ApacheMatcher };
    apacheMatcher = mod.createTextQuoteSelectorMatcher;
  } catch (e) {
    apacheNote = `Apache peer skipped: ${(e as Error).message.split('\n')[0]}`;
  }
}
const WITH_APACHE = apacheMatcher !== null;
const VERBOSE = args.includes('--verbose');

type Method = 'gloss' | 'hypothesis' | 'apache';
const METHODS: Method[] = WITH_APACHE ? ['gloss', 'hypothesis', 'apache'] : ['gloss', 'hypothesis'];

interface SetResult {
  byScenario: Map<ScenarioName, Record<Method, Tally>>;
  longPageTimes: Record<Method, number[]>;
  /** Gloss on long pages, the search alone (locate) and building the DOM Range for what it found. */
  longSearchTimes: number[];
  longRangeTimes: number[];
  indexBuild: number[];
  wrongExamples: string[];
  /** Annotations skipped because their page ran over the per-page budget. */
  skipped: number;
  /**
   * Gloss again, split by whether the passage has a verbatim twin on the unchanged page (see hasVerbatimTwin):
   * such a passage and its twin read alike for TWIN_REACH characters on each side, so after most changes no
   * text-based method can tell which one was highlighted.
   */
  byTwin: Record<'twin' | 'distinct', Map<ScenarioName, Tally>>;
  /**
   * Gloss again, split by the page's text: placeholder text (the readability test fixtures written in lorem
   * ipsum, whose few sentences repeat, and whose pieces the benchmark's ads copy) or real writing.
   */
  byText: Record<'placeholder' | 'real', Map<ScenarioName, Tally>>;
  placeholderPages: number;
}

/** The words of the two lorem ipsum passages the corpus's fixtures are written in. */
const LOREM_WORDS = new Set(
  (
    'lorem ipsum dolor sit amet consectetur adipisicing adipiscing elit sed do eiusmod tempor incididunt ut labore ' +
    'et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea ' +
    'commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur ' +
    'excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum ' +
    'consetetur sadipscing elitr diam nonumy eirmod invidunt aliquyam erat voluptua at vero eos accusam justo duo ' +
    'dolores rebum stet clita kasd gubergren no sea takimata sanctus'
  ).split(' '),
);

/** Whether at least half of the page's words are lorem ipsum. */
function isPlaceholderText(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  let lorem = 0;
  for (const w of words) if (LOREM_WORDS.has(w)) lorem++;
  return words.length > 0 && lorem >= words.length / 2;
}

/** Characters on each side of a passage that a "verbatim twin" repeats (Gloss's widest context is 496). */
const TWIN_REACH = 496;

/** Whether the page text around [start, end), TWIN_REACH characters each side, occurs again on the page. */
function hasVerbatimTwin(text: string, start: number, end: number): boolean {
  const around = text.slice(Math.max(0, start - TWIN_REACH), Math.min(text.length, end + TWIN_REACH));
  const first = text.indexOf(around);
  return first !== -1 && text.indexOf(around, first + 1) !== -1;
}

async function apacheAnchor(body: Element, sel: { exact: string; prefix: string; suffix: string }) {
  if (!apacheMatcher) return null;
  const matcher = apacheMatcher({ type: 'TextQuoteSelector', ...sel });
  for await (const r of matcher(body)) return r as Range;
  return null;
}

async function runSet(ids: string[]): Promise<SetResult> {
  const result: SetResult = {
    byScenario: new Map(
      SCENARIOS.map((s) => [s, { gloss: newTally(), hypothesis: newTally(), apache: newTally() }]),
    ),
    longPageTimes: { gloss: [], hypothesis: [], apache: [] },
    longSearchTimes: [],
    longRangeTimes: [],
    indexBuild: [],
    wrongExamples: [],
    skipped: 0,
    byTwin: {
      twin: new Map(SCENARIOS.map((sc) => [sc, newTally()])),
      distinct: new Map(SCENARIOS.map((sc) => [sc, newTally()])),
    },
    byText: {
      placeholder: new Map(SCENARIOS.map((sc) => [sc, newTally()])),
      real: new Map(SCENARIOS.map((sc) => [sc, newTally()])),
    },
    placeholderPages: 0,
  };
  const lengths = ids.map((id) => readFileSync(join(corpusDir, id, 'page.html')).length);
  const longCut = percentile(lengths, 75);
  for (const [pi, id] of ids.entries()) {
    const html = readFileSync(join(corpusDir, id, 'page.html'), 'utf8');
    const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
    const doc = dom.window.document;
    // Anchoring reads browser globals at call time; point them at this page's window.
    Object.assign(globalThis, { Node: dom.window.Node, NodeFilter: dom.window.NodeFilter });
    const pristine = doc.body;
    if (!pristine) continue;
    const rng = rngFor(id);
    const annotations = makeAnnotations(pristine, rng, PER_KIND);
    const described = describeAll(pristine, annotations);
    const template = pristine.cloneNode(true) as Element;
    const pristineIndex = buildTextIndex(pristine, { useComputedStyle: false });
    const pristineText = pristineIndex.text;
    const twinOf = described.map((d) => {
      const [ps, pe] = span(pristineIndex, trackerFor(pristine, d.a).range());
      return hasVerbatimTwin(pristineText, ps, pe) ? 'twin' : 'distinct';
    });
    const textKind = isPlaceholderText(pristineText) ? 'placeholder' : 'real';
    if (textKind === 'placeholder') result.placeholderPages++;
    const isLong = (lengths[pi] as number) >= longCut;
    const pageStart = performance.now();
    // Annotation-major, so a page that runs over its budget loses whole annotations, not whole scenarios.
    for (const [di, d] of described.entries()) {
      if (performance.now() - pageStart > PAGE_MS) {
        result.skipped += described.length - di;
        break;
      }
      for (const scenario of SCENARIOS) {
        const tallies = result.byScenario.get(scenario) as Record<Method, Tally>;
        const body = template.cloneNode(true) as Element;
        (doc.documentElement as Element).replaceChild(body, doc.body as Element);
        const trial = applyScenario(
          scenario,
          doc,
          body,
          d.a as Annotation,
          rngFor(`${id}:${scenario}:${d.quote}`),
          pristineText,
        );
        // jsdom has no layout, so the cached index Gloss anchors with is the plain one: reuse it for the truth.
        const t0 = performance.now();
        const index = getTextIndex(body);
        result.indexBuild.push(performance.now() - t0);
        const truth = trial.tracker ? trimmed(index, span(index, trial.tracker.range())) : null;
        const tol = TOLERANCE + trial.editsInside;

        const stored = JSON.parse(JSON.stringify(d.gloss)) as Selector[];
        // anchor() is locate() then rangeAt(); timed in two parts, since jsdom builds a Range across text nodes
        // by walking every node after its end (10 ms on a 24,000-node page), whoever asks for it.
        const g0 = performance.now();
        const found = locate(body, stored);
        const g1 = performance.now();
        const g = found ? rangeAt(body, found) : null;
        const gt = performance.now() - g0;
        if (isLong) {
          result.longSearchTimes.push(g1 - g0);
          result.longRangeTimes.push(gt - (g1 - g0));
        }
        const text = body.textContent ?? '';
        const h0 = performance.now();
        const h = peerAnchor(body, d.peer, text);
        const ht = performance.now() - h0;
        const outcomes: [Method, Range | null, number][] = [
          ['gloss', g, gt],
          ['hypothesis', h, ht],
        ];
        if (WITH_APACHE) {
          const a0 = performance.now();
          let ap: Range | null = null;
          try {
            ap = await apacheAnchor(body, d.peer.quote);
          } catch {
            ap = null;
          }
          outcomes.push(['apache', ap, performance.now() - a0]);
        }
        // Disconnects the observer on this copy so the discarded page can be collected.
        invalidateAnchoringCache(body);
        for (const [m, r, ms] of outcomes) {
          const o = classify(index, truth, r, tol);
          tallies[m][o]++;
          tallies[m].times.push(ms);
          if (m === 'gloss') {
            (result.byTwin[twinOf[di] ?? 'distinct'].get(scenario) as Tally)[o]++;
            (result.byText[textKind].get(scenario) as Tally)[o]++;
          }
          if (isLong) result.longPageTimes[m].push(ms);
          if (m === 'gloss' && o === 'wrong' && result.wrongExamples.length < 40) {
            const got = r ? r.toString().replace(/\s+/g, ' ').slice(0, 60) : '';
            result.wrongExamples.push(
              `${id} ${scenario} ${d.a.kind}: quote "${d.quote.replace(/\s+/g, ' ').slice(0, 60)}" -> "${got}" truth=${truth} got=${r ? trimmed(index, span(index, r)) : null}`,
            );
          }
          if (VERBOSE && m === 'gloss' && o !== 'correct' && scenario !== 'deleted') {
            console.log(
              `  ${o} ${id} ${scenario} ${d.a.kind} "${d.quote.replace(/\s+/g, ' ').slice(0, 70)}"`,
            );
          }
        }
        // jsdom tracks live Ranges through WeakRefs, and a WeakRef keeps its target alive until the current
        // job ends: without yielding, every copy of every page would stay in memory for the whole run.
        await new Promise((r) => setImmediate(r));
      }
    }
    dom.window.close();
    process.stderr.write(
      `\r${pi + 1}/${ids.length} pages (heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB, ${id} ${((performance.now() - pageStart) / 1000).toFixed(1)} s)   `,
    );
  }
  process.stderr.write('\n');
  return result;
}

interface Summary {
  n: number;
  correct: number;
  wrong: number;
  orphaned: number;
  deletedWrong: number;
  times: number[];
  peerTimes: number[];
  longTimes: number[];
  longSearchTimes: number[];
}

/** One line a CI job can grep: over all scenarios of the given sets. */
function summaryLine(label: string, s: Summary): string {
  const p = (x: number) => (s.n === 0 ? 'nan' : ((100 * x) / s.n).toFixed(1));
  return `anchoring${label}: correct=${p(s.correct)}% wrong=${p(s.wrong)}% orphan=${p(s.orphaned)}% deleted_wrong=${s.deletedWrong} n=${s.n} p50=${percentile(s.times, 50).toFixed(2)}ms p95=${percentile(s.times, 95).toFixed(2)}ms peer_p50=${percentile(s.peerTimes, 50).toFixed(2)}ms long_p95=${percentile(s.longTimes, 95).toFixed(2)}ms long_search_p95=${percentile(s.longSearchTimes, 95).toFixed(2)}ms`;
}

function newSummary(longTimes: number[], longSearchTimes: number[]): Summary {
  return {
    n: 0,
    correct: 0,
    wrong: 0,
    orphaned: 0,
    deletedWrong: 0,
    times: [],
    peerTimes: [],
    longTimes,
    longSearchTimes,
  };
}

function summarize(r: SetResult): Summary {
  const s = newSummary(r.longPageTimes.gloss, r.longSearchTimes);
  for (const [scenario, byMethod] of r.byScenario) {
    const g = byMethod.gloss;
    s.correct += g.correct;
    s.wrong += g.wrong;
    s.orphaned += g.orphaned;
    s.n += g.correct + g.wrong + g.orphaned;
    if (scenario === 'deleted') s.deletedWrong += g.wrong;
    s.times.push(...g.times);
    s.peerTimes.push(...byMethod.hypothesis.times);
  }
  return s;
}

function printSet(name: string, r: SetResult, pages: number) {
  console.log(`\n## ${name} (${pages} pages)`);
  const header = `${'scenario'.padEnd(18)} ${'method'.padEnd(10)} ${'n'.padStart(4)}  ${'correct'.padStart(7)} ${'wrong'.padStart(7)} ${'orphan'.padStart(7)}  ${'p50 ms'.padStart(6)} ${'p95 ms'.padStart(6)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const totals: Record<Method, Tally> = { gloss: newTally(), hypothesis: newTally(), apache: newTally() };
  for (const [scenario, byMethod] of r.byScenario) {
    for (const m of METHODS) {
      const t = byMethod[m];
      const n = t.correct + t.wrong + t.orphaned;
      totals[m].correct += t.correct;
      totals[m].wrong += t.wrong;
      totals[m].orphaned += t.orphaned;
      totals[m].times.push(...t.times);
      console.log(
        `${(m === 'gloss' ? scenario : '').padEnd(18)} ${m.padEnd(10)} ${String(n).padStart(4)}  ${pct(t.correct, n)} ${pct(t.wrong, n)} ${pct(t.orphaned, n)}  ${ms(percentile(t.times, 50))} ${ms(percentile(t.times, 95))}`,
      );
    }
  }
  console.log('-'.repeat(header.length));
  for (const m of METHODS) {
    const t = totals[m];
    const n = t.correct + t.wrong + t.orphaned;
    console.log(
      `${'ALL'.padEnd(18)} ${m.padEnd(10)} ${String(n).padStart(4)}  ${pct(t.correct, n)} ${pct(t.wrong, n)} ${pct(t.orphaned, n)}  ${ms(percentile(t.times, 50))} ${ms(percentile(t.times, 95))}`,
    );
  }
  for (const m of METHODS) {
    const lt = r.longPageTimes[m];
    console.log(
      `long pages (top quarter by size) ${m}: p50 ${ms(percentile(lt, 50))} ms, p95 ${ms(percentile(lt, 95))} ms`,
    );
  }
  console.log(
    `long pages, Gloss in two parts: search p50 ${ms(percentile(r.longSearchTimes, 50))} ms, p95 ${ms(percentile(r.longSearchTimes, 95))} ms; jsdom Range for the result p50 ${ms(percentile(r.longRangeTimes, 50))} ms, p95 ${ms(percentile(r.longRangeTimes, 95))} ms`,
  );
  console.log(
    `Gloss text index build per changed page: p50 ${ms(percentile(r.indexBuild, 50))} ms, p95 ${ms(percentile(r.indexBuild, 95))} ms`,
  );
  if (r.skipped > 0) console.log(`annotations skipped (page over the ${PAGE_MS} ms budget): ${r.skipped}`);
  const breakdown = (what: string, tallies: Map<ScenarioName, Tally>) => {
    const parts: string[] = [];
    const all = newTally();
    for (const [scenario, t] of tallies) {
      const n = t.correct + t.wrong + t.orphaned;
      all.correct += t.correct;
      all.wrong += t.wrong;
      all.orphaned += t.orphaned;
      if (n > 0) parts.push(`${scenario} ${pct(t.correct, n).trim()}${t.wrong ? ` (${t.wrong} wrong)` : ''}`);
    }
    const n = all.correct + all.wrong + all.orphaned;
    console.log(
      `${what}: n=${n} correct ${pct(all.correct, n).trim()} wrong ${pct(all.wrong, n).trim()} orphan ${pct(all.orphaned, n).trim()}; ${parts.join(', ')}`,
    );
  };
  breakdown('Gloss, passages without a verbatim twin', r.byTwin.distinct);
  breakdown(
    `Gloss, passages with a verbatim twin (the ${TWIN_REACH} characters each side repeat elsewhere)`,
    r.byTwin.twin,
  );
  breakdown('Gloss, pages of real text', r.byText.real);
  breakdown(
    `Gloss, pages of placeholder text (lorem ipsum test fixtures: ${r.placeholderPages})`,
    r.byText.placeholder,
  );
  if (r.wrongExamples.length > 0) {
    console.log('Gloss wrong-place examples:');
    for (const w of r.wrongExamples.slice(0, 15)) console.log(`  ${w}`);
  }
}

async function main() {
  if (!existsSync(corpusDir)) {
    console.log(`corpus not found at ${corpusDir}; skipping (pass the regions-dev directory)`);
    return;
  }
  const { tune, holdout, fresh, unseen, final, spare, reserve, remainder } = pageSets(corpusDir, PAGES);
  console.log(`# Anchoring benchmark — ${corpusDir}`);
  if (apacheNote) console.log(apacheNote);
  console.log(
    `annotation kinds: ${KINDS.join(', ')}; up to ${PER_KIND} each per page; tolerance ${TOLERANCE} chars`,
  );
  const only = args.indexOf('--page');
  if (only >= 0) {
    // Debugging one page: it runs as its own set, whichever set it belongs to.
    const id = args[only + 1] as string;
    printSet(id, await runSet([id]), 1);
    return;
  }
  const which: [string, string[]][] = [];
  const unseenOnly = args.includes('--unseen-only');
  const freshOnly = args.includes('--fresh-only');
  if (unseenOnly) which.push(['unseen', unseen]);
  else if (args.includes('--final-only')) which.push(['final', final]);
  else if (args.includes('--spare-only')) which.push(['spare', spare]);
  else if (args.includes('--reserve-only')) which.push(['reserve', reserve]);
  else if (args.includes('--remainder-only')) which.push(['remainder', remainder]);
  else {
    if (!args.includes('--holdout-only') && !freshOnly) which.push(['tune', tune]);
    if (!args.includes('--tune-only') && !freshOnly) which.push(['holdout', holdout]);
    if (args.includes('--fresh') || freshOnly) which.push(['fresh', fresh]);
  }
  const all = newSummary([], []);
  const lines: string[] = [];
  for (const [name, ids] of which) {
    const r = await runSet([...ids]);
    printSet(name, r, ids.length);
    const s = summarize(r);
    lines.push(summaryLine(`[${name}]`, s));
    all.n += s.n;
    all.correct += s.correct;
    all.wrong += s.wrong;
    all.orphaned += s.orphaned;
    all.deletedWrong += s.deletedWrong;
    all.times.push(...s.times);
    all.peerTimes.push(...s.peerTimes);
    all.longTimes.push(...s.longTimes);
    all.longSearchTimes.push(...s.longSearchTimes);
  }
  console.log('');
  for (const l of lines) console.log(l);
  console.log(summaryLine('', all));
}

await main();
