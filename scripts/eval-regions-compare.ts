/**
 * Usage: npx tsx scripts/eval-regions-compare.ts <corpus dir> [out.jsonl]
 * Per page: F1 of each article candidate (subtree search, paragraph vote, declared body) with a few features,
 * one JSON line each, for studying how to combine them without re-parsing the corpus.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chooseArticle, findHeadline, titleHeadings } from '../annotator/regions/article';
import { findComments } from '../annotator/regions/comments';
import { findDeclaredBody } from '../annotator/regions/declared-body';
import { type ElementStats, isInside, measurePage } from '../annotator/regions/text-stats';
import { bagOfWordsScore, listCorpus, parsePage, readerText } from './eval-regions-lib';

const [dir, out] = process.argv.slice(2);
const lines: string[] = [];
for (const page of listCorpus(resolve(dir ?? '../shared/corpus/regions-dev'))) {
  const doc = parsePage(page);
  const root = doc.body ?? doc.documentElement;
  const stats = measurePage(root);
  const titled = titleHeadings(doc, stats);
  const headline = findHeadline(doc, stats, titled);
  const { zones } = findComments(doc, stats, headline);
  const declared = findDeclaredBody(doc, stats);
  const choice = chooseArticle({ stats, zones, headline, declared, titled });
  const f1 = (s: ElementStats | null | undefined) =>
    s ? Number(bagOfWordsScore(readerText(s.element), page.truth.article).f1.toFixed(3)) : null;
  // Text of prose paragraphs inside: a measure neither chooser optimises.
  const ptext = (s: ElementStats) => {
    let n = 0;
    for (let i = s.index - s.size + 1; i <= s.index; i++) {
      const e = stats.postorder[i] as ElementStats;
      if (e.tag === 'P' && e.text >= 25 && e.linkText < e.text * 0.25) n += e.text;
    }
    return n;
  };
  const feat = (s: ElementStats | null | undefined) =>
    s
      ? {
          text: s.text,
          link: s.linkText,
          tag: s.tag,
          name: s.name.slice(0, 60),
          ptext: ptext(s),
          commas: commas(s),
        }
      : null;
  const commas = (s: ElementStats) => {
    let n = 0;
    for (let i = s.index - s.size + 1; i <= s.index; i++) n += (stats.postorder[i] as ElementStats).ownCommas;
    return n;
  };
  const sub = choice?.subtree;
  const par = choice?.paragraph;
  const relation =
    !sub || !par
      ? 'none'
      : sub === par
        ? 'same'
        : isInside(par, sub)
          ? 'par-inside'
          : isInside(sub, par)
            ? 'sub-inside'
            : 'disjoint';
  lines.push(
    JSON.stringify({
      id: page.id,
      source: page.truth.source,
      relation,
      f1: { sub: f1(sub), par: f1(par), decl: f1(choice?.declared) },
      sub: feat(sub),
      par: feat(par),
      headlineInSub: !!(headline && sub && isInside(headline, sub)),
      headlineInPar: !!(headline && par && isInside(headline, par)),
      pageText: stats.postorder[stats.postorder.length - 1]?.text ?? 0,
    }),
  );
  doc.defaultView?.close();
}
writeFileSync(out ?? '/tmp/regions-compare.jsonl', `${lines.join('\n')}\n`);
console.log(`${lines.length} pages`);
