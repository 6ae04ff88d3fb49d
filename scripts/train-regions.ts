/**
 * Usage: npx tsx scripts/train-regions.ts [<corpus dir> ...]   (npm run train:regions)
 * Retrains the article ranker on every page of the corpus folders (default: regions-dev and regions-extra)
 * and writes its weights to annotator/regions/article-weights.ts. Deterministic: the same corpus gives the
 * same file. `npm run eval:regions` then shows how the retrained model does on held-back folds.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ARTICLE_FEATURES } from '../annotator/regions/article-ranker';
import { evaluatePage, listCorpus } from './eval-regions-lib';
import { type RankingExample, trainRanker } from './regions-train-lib';

const dirs = process.argv.slice(2);
const corpusDirs = (
  dirs.length > 0 ? dirs : ['../shared/corpus/regions-dev', '../shared/corpus/regions-extra']
).map((d) => resolve(d));
const examples: RankingExample[] = [];
for (const dir of corpusDirs) {
  for (const page of listCorpus(dir)) {
    const r = evaluatePage(page, { withReadability: false, withCandidates: true });
    if (r.candidates) examples.push(r.candidates);
  }
}
const model = trainRanker(examples, ARTICLE_FEATURES);
const round = (values: readonly number[]) => values.map((v) => Number(v.toPrecision(6)));
const file = resolve('annotator/regions/article-weights.ts');
writeFileSync(
  file,
  `// Written by \`npm run train:regions\` (scripts/train-regions.ts) from ${examples.length} pages: do not edit by hand.
import type { LinearModel } from './linear-model';

export const ARTICLE_RANKER: LinearModel = ${JSON.stringify(
    {
      features: model.features,
      mean: round(model.mean),
      scale: round(model.scale),
      weights: round(model.weights),
      bias: model.bias,
    },
    null,
    2,
  )};
`,
);
console.log(`wrote ${file}`);
for (const [i, name] of model.features.entries())
  console.log(`  ${name.padEnd(18)} ${model.weights[i]?.toFixed(3)}`);
