/**
 * Usage: npx tsx scripts/eval-regions.ts [<corpus dir> ...] [--folds <k>] [--fold <i>] [--no-readability]
 *   [--shipped] [--verbose] [--only <id prefix>] [--json <out.json>] [--readability-cache <file.json>]
 * Prints Gloss's region detection figures next to Readability's and a naive baseline, overall, per source and
 * per corpus folder, then a site-grouped cross-validation: the pages split by site into k folds (default 5),
 * every figure measured per fold with the exclusion model trained on the other folds, their mean, and the gap
 * between the shipped model's figures on all pages (which it was trained on) and that held-back mean.
 * Default corpus: ../shared/corpus/regions-dev and ../shared/corpus/regions-extra.
 * --shipped measures the shipped models on every fold without retraining; --fold i evaluates only fold i's pages; --json writes every page's result; --readability-cache reuses
 * Readability's scores from an earlier run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assignFolds, DEFAULT_FOLDS, siteOf } from './eval-regions-folds';
import {
  type CorpusPage,
  evaluatePage,
  formatSummary,
  listCorpus,
  type PageResult,
  type Prf,
  type Summary,
  summarize,
} from './eval-regions-lib';
import { heldBackResults } from './regions-cross-validation';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--only', '--fold', '--folds', '--json', '--readability-cache']);
const positional = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
const corpusDirs = (
  positional.length > 0 ? positional : ['../shared/corpus/regions-dev', '../shared/corpus/regions-extra']
).map((d) => resolve(d));
const verbose = args.includes('--verbose');
const only = option('--only');
const k = Number(option('--folds') ?? DEFAULT_FOLDS);
const onlyFold = option('--fold') === undefined ? undefined : Number(option('--fold'));
const jsonOut = option('--json');
const cacheFile = option('--readability-cache');
const readabilityCache =
  cacheFile !== undefined
    ? new Map<string, Prf>(
        existsSync(cacheFile) ? Object.entries(JSON.parse(readFileSync(cacheFile, 'utf8'))) : [],
      )
    : undefined;

const pages: (CorpusPage & { corpus: string })[] = corpusDirs.flatMap((dir) =>
  listCorpus(dir).map((p) => ({ ...p, corpus: dir.split('/').pop() ?? dir })),
);
const folds = assignFolds(pages, k);
const sites = new Map(pages.map((p) => [p.id, siteOf(p)]));
const f = (n: number) => n.toFixed(2);
const results: PageResult[] = [];
const corpusOf = new Map<string, string>();
for (const page of pages) {
  if (only && !page.id.startsWith(only)) continue;
  if (onlyFold !== undefined && folds.get(page.id) !== onlyFold) continue;
  const r = evaluatePage(page, {
    withReadability: !args.includes('--no-readability'),
    readabilityCache,
    withExclusions: true,
  });
  results.push(r);
  corpusOf.set(r.id, page.corpus);
  if (!verbose) continue;
  const c = r.comments;
  const cmt = c
    ? ` cmts truth=${c.truthHas ? 'y' : 'n'} found=${c.count} f1=${f(c.score.f1)} p=${f(c.score.precision)} r=${f(c.score.recall)} auth=${c.withAuthor}`
    : '';
  console.log(
    `${r.id.padEnd(48)} fold ${folds.get(r.id)} art f1=${f(r.article.f1)} p=${f(r.article.precision)} r=${f(r.article.recall)} rdb=${f(r.readability.f1)}${cmt} ${r.ms.toFixed(1)}ms`,
  );
}
if (cacheFile && readabilityCache)
  writeFileSync(cacheFile, JSON.stringify(Object.fromEntries(readabilityCache)));
if (jsonOut)
  writeFileSync(
    jsonOut,
    JSON.stringify(results.map((r) => ({ ...r, fold: folds.get(r.id), site: sites.get(r.id) }))),
  );

const bySource = (rs: PageResult[], title: string) => {
  for (const source of [...new Set(rs.map((r) => r.source))].sort())
    console.log(formatSummary(`${title}source ${source}`, summarize(rs.filter((r) => r.source === source))));
};
const dev = summarize(results);
console.log(formatSummary('All pages (shipped model)', dev));
bySource(results, '');
for (const corpus of [...new Set(corpusOf.values())])
  console.log(
    formatSummary(`Corpus ${corpus}`, summarize(results.filter((r) => corpusOf.get(r.id) === corpus))),
  );

// ---------------------------------------------------------------------------------------------------------
// Site-grouped cross-validation

const FIGURES: [keyof Summary, string][] = [
  ['articleF1', 'art F1'],
  ['readabilityF1', 'Rdb F1'],
  ['commentsF1', 'cmt F1'],
  ['detectionAccuracy', 'det acc'],
  ['falseAlarmRate', 'false al'],
  ['authorCoverage', 'authors'],
  ['medianMs', 'med ms'],
  ['p95Ms', 'p95 ms'],
];
const row = (label: string, s: Summary | Record<string, number>) =>
  `${label.padEnd(10)}${FIGURES.map(([key]) => (s[key as keyof typeof s] as number).toFixed(3).padStart(9)).join('')}`;

// --shipped: the shipped detector on every fold, no retraining (the figures of a hand-tuned detector).
const shipped = args.includes('--shipped');
const heldBack = shipped ? results : heldBackResults(results, folds, k);
const foldSummaries: Summary[] = [];
console.log(
  `\nSite-grouped cross-validation, ${k} folds (${shipped ? 'shipped models, not retrained' : 'exclusion model trained on the other folds'})`,
);
console.log(`${'fold'.padEnd(10)}${FIGURES.map(([, name]) => name.padStart(9)).join('')}   pages sites`);
for (let i = 0; i < k; i++) {
  const inFold = heldBack.filter((r) => folds.get(r.id) === i);
  if (inFold.length === 0) continue;
  const s = summarize(inFold);
  foldSummaries.push(s);
  const siteCount = new Set(inFold.map((r) => sites.get(r.id))).size;
  console.log(`${row(`fold ${i}`, s)}   ${String(s.pages).padStart(5)} ${String(siteCount).padStart(5)}`);
}
const meanOf = (key: keyof Summary) =>
  foldSummaries.reduce((n, s) => n + (s[key] as number), 0) / Math.max(1, foldSummaries.length);
const heldMean = Object.fromEntries(FIGURES.map(([key]) => [key, meanOf(key)]));
console.log(row('held mean', heldMean));
console.log(row('all (dev)', dev));
console.log(
  row('gap', Object.fromEntries(FIGURES.map(([key]) => [key, (dev[key] as number) - (heldMean[key] ?? 0)]))),
);
console.log('\nHeld-back article F1 per source (out-of-fold pages pooled)');
for (const source of [...new Set(heldBack.map((r) => r.source))].sort()) {
  const s = summarize(heldBack.filter((r) => r.source === source));
  console.log(
    `  ${source.padEnd(12)} (${s.pages} pages) Gloss ${s.articleF1.toFixed(3)}  Readability ${s.readabilityF1.toFixed(3)}`,
  );
}
