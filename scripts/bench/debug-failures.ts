/**
 * Debugging aid: npx tsx scripts/bench/debug-failures.ts <corpus dir> <page id>... [--scenario NAME]
 * Replays the benchmark on the given pages and, for every Gloss result that is not correct, prints the stored
 * quote selector, where the passage is now, what the structure (RangeSelector) and the recorded position point
 * at, and the best page-wide candidates with their scores (the truth marked with *).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import {
  anchorWithDetails,
  describe,
  invalidateAnchoringCache,
  setAnchorTracer,
} from '../../annotator/anchoring';
import { findCandidates, prefixEdits, suffixEdits } from '../../annotator/fuzzy-match';
import type {
  RangeSelector,
  Selector,
  TextPositionSelector,
  TextQuoteSelector,
} from '../../annotator/selectors';
import {
  buildTextIndex,
  getTextIndex,
  normalizeText,
  type TextIndex,
  textOffsetOf,
} from '../../annotator/text-index';
import { pointAtTextOffset, resolveXPath } from '../../annotator/xpath';
import {
  applyScenario,
  makeAnnotations,
  nodeAt,
  rngFor,
  SCENARIOS,
  type ScenarioName,
  trackerFor,
} from './anchoring-scenarios';

const args = process.argv.slice(2);
const si = args.indexOf('--scenario');
const only = si >= 0 ? (args[si + 1] as ScenarioName) : null;
const positional = args.filter((a, i) => !a.startsWith('--') && (si < 0 || i !== si + 1));
const [dir, ...ids] = positional as [string, ...string[]];

function structuralStart(index: TextIndex, root: Element, sel: Selector[]): number | null {
  const r = sel.find((s) => s.type === 'RangeSelector') as RangeSelector | undefined;
  const s = r?.startSelector;
  if (s?.type !== 'XPathSelector' || s.refinedBy?.type !== 'TextPositionSelector') return null;
  const el = resolveXPath(root, s.value);
  const p = el && pointAtTextOffset(el, s.refinedBy.start);
  return p ? textOffsetOf(index, p.node, p.offset) : null;
}

const trim = (text: string, s: number, e: number): [number, number] => {
  while (s < e && text.charCodeAt(s) === 32) s++;
  while (e > s && text.charCodeAt(e - 1) === 32) e--;
  return [s, e];
};

for (const id of ids) {
  const html = readFileSync(join(resolve(dir), id, 'page.html'), 'utf8');
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
  const doc = dom.window.document;
  Object.assign(globalThis, { Node: dom.window.Node, NodeFilter: dom.window.NodeFilter });
  const pristine = doc.body as HTMLElement;
  const annotations = makeAnnotations(pristine, rngFor(id), 2);
  const template = pristine.cloneNode(true) as Element;
  const pristineText = buildTextIndex(pristine, { useComputedStyle: false }).text;
  for (const a of annotations) {
    const t = trackerFor(pristine, a);
    const quote = t.range().toString();
    const scope = a.scopePath ? (nodeAt(pristine, a.scopePath) as Element) : null;
    const sel = JSON.parse(JSON.stringify(describe(pristine, t.range(), { scope }))) as Selector[];
    for (const scenario of SCENARIOS) {
      if (only && scenario !== only) continue;
      const body = template.cloneNode(true) as Element;
      (doc.documentElement as Element).replaceChild(body, doc.body as Element);
      const trial = applyScenario(scenario, doc, body, a, rngFor(`${id}:${scenario}:${quote}`), pristineText);
      const index = getTextIndex(body);
      const r = trial.tracker?.range();
      const truth = r
        ? trim(
            index.text,
            textOffsetOf(index, r.startContainer, r.startOffset),
            textOffsetOf(index, r.endContainer, r.endOffset),
          )
        : null;
      const trace: string[] = [];
      setAnchorTracer((line) => trace.push(line));
      const got = anchorWithDetails(body, sel);
      setAnchorTracer(null);
      const tol = 3 + trial.editsInside;
      const ok = truth
        ? got !== null && Math.abs(got.start - truth[0]) <= tol && Math.abs(got.end - truth[1]) <= tol
        : got === null;
      if (!ok) {
        const q = sel.find((s) => s.type === 'TextQuoteSelector') as TextQuoteSelector;
        const pos = sel.find((s) => s.type === 'TextPositionSelector') as TextPositionSelector;
        const css = sel.find((s) => s.type === 'CssSelector');
        console.log(
          `\n== ${id} ${scenario} ${a.kind} "${quote.replace(/\s+/g, ' ').slice(0, 80)}" truth=${truth} got=${got ? `${got.start},${got.end} ${got.method}` : null}`,
        );
        console.log(
          `  recorded=${pos?.start} structure=${structuralStart(index, body, sel)} region=${css?.type === 'CssSelector' ? css.value : '-'}`,
        );
        console.log(
          `  width ${q['gloss:contextWidth'] ?? '-'} prefix(${q.prefix?.length}) ${JSON.stringify(q.prefix)}\n  suffix(${q.suffix?.length}) ${JSON.stringify(q.suffix)}`,
        );
        if (truth) {
          const [ts, te] = truth;
          console.log(
            `  now: ${JSON.stringify(index.text.slice(Math.max(0, ts - 60), ts))} [...] ${JSON.stringify(index.text.slice(te, te + 60))}`,
          );
          const whole = { start: 0, end: index.text.length };
          const fit = { edges: index.blockEdge, quote: normalizeText(q.exact) };
          console.log(
            `  truth context edits: prefix ${prefixEdits(index.text, normalizeText(q.prefix ?? '', false), ts, whole, fit)} suffix ${suffixEdits(index.text, normalizeText(q.suffix ?? '', false), te, whole, fit)}`,
          );
        }
        const exact = normalizeText(q.exact);
        const cands = findCandidates(
          index.text,
          exact,
          {
            prefix: normalizeText(q.prefix ?? '', false),
            suffix: normalizeText(q.suffix ?? '', false),
            hint: pos?.start,
          },
          { start: 0, end: index.text.length },
        );
        for (const line of trace) console.log(`  | ${line}`);
        for (const c of cands.slice(0, 5)) {
          const mark = truth && Math.abs(c.start - truth[0]) <= tol ? '*' : ' ';
          console.log(
            `  ${mark}cand ${c.start},${c.end} e=${c.errors} q=${c.quoteScore.toFixed(2)} p=${c.prefixScore.toFixed(2)} s=${c.suffixScore.toFixed(2)} score=${c.score.toFixed(3)}`,
          );
        }
      }
      invalidateAnchoringCache(body);
    }
  }
  dom.window.close();
}
