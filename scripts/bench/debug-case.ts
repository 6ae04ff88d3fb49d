/**
 * Debugging aid: npx tsx scripts/bench/debug-case.ts <corpus dir> <page id> <scenario> [quote substring]
 * Replays the benchmark's annotations on one page and, for Gloss results that are not correct, prints the
 * stored quote selector and the best page-wide candidates with their scores.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { anchorWithDetails, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import { findCandidates } from '../../annotator/fuzzy-match';
import type { Selector, TextQuoteSelector } from '../../annotator/selectors';
import { buildTextIndex, getTextIndex, normalizeText, textOffsetOf } from '../../annotator/text-index';
import {
  applyScenario,
  makeAnnotations,
  nodeAt,
  rngFor,
  type ScenarioName,
  trackerFor,
} from './anchoring-scenarios';

const [dir, id, scenario, filter] = process.argv.slice(2) as [string, string, ScenarioName, string?];
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
  if (filter && !quote.includes(filter)) continue;
  const scope = a.scopePath ? (nodeAt(pristine, a.scopePath) as Element) : null;
  const sel = JSON.parse(JSON.stringify(describe(pristine, t.range(), { scope }))) as Selector[];
  const body = template.cloneNode(true) as Element;
  (doc.documentElement as Element).replaceChild(body, doc.body as Element);
  const trial = applyScenario(scenario, doc, body, a, rngFor(`${id}:${scenario}:${quote}`), pristineText);
  const index = getTextIndex(body);
  const r = trial.tracker?.range();
  const truth = r
    ? [textOffsetOf(index, r.startContainer, r.startOffset), textOffsetOf(index, r.endContainer, r.endOffset)]
    : null;
  const got = anchorWithDetails(body, sel);
  console.log(
    `\n== ${a.kind} "${quote.replace(/\s+/g, ' ')}" truth=${truth} got=${got ? `${got.start},${got.end} ${got.method}` : null}`,
  );
  const q = sel.find((s) => s.type === 'TextQuoteSelector') as TextQuoteSelector;
  console.log(
    `  prefix(${q.prefix?.length}) ${JSON.stringify(q.prefix)}\n  suffix(${q.suffix?.length}) ${JSON.stringify(q.suffix)}`,
  );
  if (truth) {
    const [ts, te] = truth as [number, number];
    console.log(
      `  now: ${JSON.stringify(index.text.slice(Math.max(0, ts - 80), ts))} [...] ${JSON.stringify(index.text.slice(te, te + 80))}`,
    );
  }
  const exact = normalizeText(q.exact);
  const cands = findCandidates(
    index.text,
    exact,
    { prefix: normalizeText(q.prefix ?? '', false), suffix: normalizeText(q.suffix ?? '', false) },
    { start: 0, end: index.text.length },
  );
  for (const c of cands.slice(0, 4))
    console.log(
      `  cand ${c.start},${c.end} e=${c.errors} q=${c.quoteScore.toFixed(2)} p=${c.prefixScore.toFixed(2)} s=${c.suffixScore.toFixed(2)} score=${c.score.toFixed(3)}`,
    );
  invalidateAnchoringCache(body);
}
