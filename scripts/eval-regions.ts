/**
 * Usage: npx tsx scripts/eval-regions.ts <corpus dir> [--no-readability] [--verbose] [--only <id prefix>]
 *   [--split dev|check] [--json <out.json>] [--readability-cache <file.json>]
 * Prints Gloss's region detection figures next to Readability's and a naive baseline, overall, per source and
 * per split (a hash of the page id: ~70% dev pages to study, the rest to check that a change generalises).
 * --json writes every page's result; --readability-cache reuses Readability's scores from an earlier run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  corpusSplit,
  evaluateCorpus,
  formatSummary,
  type PageResult,
  type Prf,
  summarize,
} from './eval-regions-lib';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--only', '--split', '--json', '--readability-cache']);
const corpusDir = resolve(
  args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? '')) ??
    '../shared/corpus/regions-dev',
);
const verbose = args.includes('--verbose');
const only = option('--only');
const split = option('--split');
if (split && split !== 'dev' && split !== 'check') throw new Error('--split takes dev or check');
const jsonOut = option('--json');
const cacheFile = option('--readability-cache');
const readabilityCache =
  cacheFile !== undefined
    ? new Map<string, Prf>(
        existsSync(cacheFile) ? Object.entries(JSON.parse(readFileSync(cacheFile, 'utf8'))) : [],
      )
    : undefined;

const f = (n: number) => n.toFixed(2);
const results: PageResult[] = evaluateCorpus(corpusDir, {
  withReadability: !args.includes('--no-readability'),
  readabilityCache,
  filter: (id) => (!only || id.startsWith(only)) && (!split || corpusSplit(id) === split),
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
if (cacheFile && readabilityCache)
  writeFileSync(cacheFile, JSON.stringify(Object.fromEntries(readabilityCache)));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results.map((r) => ({ ...r, split: corpusSplit(r.id) }))));

console.log(formatSummary('All pages', summarize(results)));
for (const source of [...new Set(results.map((r) => r.source))].sort()) {
  console.log(formatSummary(`Source ${source}`, summarize(results.filter((r) => r.source === source))));
}
for (const part of ['dev', 'check'] as const) {
  const inPart = results.filter((r) => corpusSplit(r.id) === part);
  if (inPart.length === 0) continue;
  console.log(formatSummary(`Split ${part}`, summarize(inPart)));
  for (const source of [...new Set(inPart.map((r) => r.source))].sort()) {
    const s = summarize(inPart.filter((r) => r.source === source));
    console.log(
      `  ${source.padEnd(12)} (${s.pages} pages) article F1 Gloss ${s.articleF1.toFixed(3)}  Readability ${s.readabilityF1.toFixed(3)}`,
    );
  }
}
