/**
 * Usage: npx tsx scripts/eval-regions.ts <corpus dir> [--no-readability] [--verbose] [--only <id prefix>]
 * Prints Gloss's region detection figures next to Readability's and a naive baseline, overall and per source.
 */
import { resolve } from 'node:path';
import { evaluateCorpus, formatSummary, type PageResult, summarize } from './eval-regions-lib';

const args = process.argv.slice(2);
const corpusDir = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/corpus/regions-dev');
const verbose = args.includes('--verbose');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const f = (n: number) => n.toFixed(2);
const results: PageResult[] = evaluateCorpus(corpusDir, {
  withReadability: !args.includes('--no-readability'),
  filter: only ? (id) => id.startsWith(only) : undefined,
  onPage: (r) => {
    if (!verbose) return;
    const c = r.comments;
    const cmt = c
      ? ` cmts truth=${c.truthHas ? 'y' : 'n'} found=${c.count} f1=${f(c.score.f1)} p=${f(c.score.precision)} r=${f(c.score.recall)} auth=${c.withAuthor}`
      : '';
    console.log(
      `${r.id.padEnd(48)} art f1=${f(r.article.f1)} p=${f(r.article.precision)} r=${f(r.article.recall)} rdb=${f(r.readability.f1)}${cmt} ${r.ms.toFixed(1)}ms`,
    );
  },
});

console.log(formatSummary('All pages', summarize(results)));
for (const source of [...new Set(results.map((r) => r.source))].sort()) {
  console.log(formatSummary(`Source ${source}`, summarize(results.filter((r) => r.source === source))));
}
