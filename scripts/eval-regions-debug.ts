/**
 * Usage: npx tsx scripts/eval-regions-debug.ts <corpus dir> <id>...
 * For each page: the chosen article element (path, size) and its F1, each candidate's (subtree search,
 * paragraph vote, declared body) and the headline, to see which chooser went wrong and why.
 */
import { resolve } from 'node:path';
import { detectRegions } from '../annotator/regions';
import { chooseArticle, findHeadline, titleHeadings } from '../annotator/regions/article';
import { findComments } from '../annotator/regions/comments';
import { findDeclaredBody } from '../annotator/regions/declared-body';
import { type ElementStats, measurePage } from '../annotator/regions/text-stats';
import { bagOfWordsScore, listCorpus, parsePage, readerText } from './eval-regions-lib';

function path(el: Element | null): string {
  const parts: string[] = [];
  for (let e = el; e && e.localName !== 'html'; e = e.parentElement) {
    const cls = e.getAttribute('class')?.trim().split(/\s+/).slice(0, 2).join('.');
    parts.unshift(`${e.localName}${e.id ? `#${e.id}` : ''}${cls ? `.${cls}` : ''}`);
  }
  return parts.join(' > ');
}

const [dir, ...ids] = process.argv.slice(2);
const pages = listCorpus(resolve(dir ?? '../shared/corpus/regions-dev'));
for (const page of pages.filter((p) => ids.some((id) => p.id === id))) {
  const doc = parsePage(page);
  const { article } = detectRegions(doc);
  const score = (el: Element | null) => bagOfWordsScore(el ? readerText(el) : '', page.truth.article);
  const line = (label: string, s: ElementStats | Element | null | undefined) => {
    const el = s && 'element' in s ? s.element : (s ?? null);
    const st = s && 'element' in s ? s : null;
    const f = score(el);
    console.log(
      `  ${label.padEnd(9)} f1=${f.f1.toFixed(2)} p=${f.precision.toFixed(2)} r=${f.recall.toFixed(2)}${st ? ` text=${st.text} link=${st.linkText} score=${st.score.toFixed(0)}` : ''} ${path(el)}`,
    );
  };
  const s = score(article);
  console.log(`== ${page.id} f1=${s.f1.toFixed(2)} p=${s.precision.toFixed(2)} r=${s.recall.toFixed(2)}`);
  line('chosen', article);
  const stats = measurePage(doc.body ?? doc.documentElement);
  const titled = titleHeadings(doc, stats);
  const headline = findHeadline(doc, stats, titled);
  const { zones } = findComments(doc, stats, headline);
  const declared = findDeclaredBody(doc, stats);
  const choice = chooseArticle({ stats, zones, headline, declared, titled });
  line('subtree', choice?.subtree);
  line('paragraph', choice?.paragraph);
  line('declared', declared);
  line('headline', headline);
  for (const z of zones) line('zone', z);
  console.log(`  truth start: ${page.truth.article.slice(0, 160).replace(/\n/g, ' | ')}`);
  console.log(`  truth end:   ${page.truth.article.slice(-160).replace(/\n/g, ' | ')}`);
  const text = article ? readerText(article) : '';
  console.log(`  chosen start: ${text.slice(0, 200).replace(/\n/g, ' | ')}`);
  console.log(`  chosen end:   ${text.slice(-200).replace(/\n/g, ' | ')}`);
  doc.defaultView?.close();
}
