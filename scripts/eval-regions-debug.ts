/**
 * Usage: npx tsx scripts/eval-regions-debug.ts <corpus dir> <id>...
 * For each page: the chosen article element (path, size, score) and its F1, and the same for Readability.
 */
import { resolve } from 'node:path';
import { detectRegions } from '../annotator/regions';
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
  const text = article ? readerText(article) : '';
  const s = bagOfWordsScore(text, page.truth.article);
  console.log(`== ${page.id} f1=${s.f1.toFixed(2)} p=${s.precision.toFixed(2)} r=${s.recall.toFixed(2)}`);
  console.log(`  chosen ${path(article)}`);
  for (const el of Array.from(doc.querySelectorAll('[itemprop=articleBody]')))
    console.log(
      `  itemprop ${path(el)} f1=${bagOfWordsScore(readerText(el), page.truth.article).f1.toFixed(2)}`,
    );
  console.log(`  truth start: ${page.truth.article.slice(0, 120).replace(/\n/g, ' | ')}`);
  console.log(`  chosen start: ${text.slice(0, 200).replace(/\n/g, ' | ')}`);
}
