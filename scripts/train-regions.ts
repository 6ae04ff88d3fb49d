/**
 * Usage: npx tsx scripts/train-regions.ts [<corpus dir> ...]   (npm run train:regions)
 * Retrains the article exclusion model on every page of the corpus folders (default: regions-dev and
 * regions-extra) and writes its weights to annotator/regions/exclusion-weights.ts. Deterministic: the same
 * corpus gives the same file. `npm run eval:regions` then shows how it does on held-back folds.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluatePage, listCorpus } from './eval-regions-lib';
import { type ExclusionData, trainExclusion } from './regions-cross-validation';

const dirs = process.argv.slice(2);
const corpusDirs = (
  dirs.length > 0 ? dirs : ['../shared/corpus/regions-dev', '../shared/corpus/regions-extra']
).map((d) => resolve(d));
const pages: ExclusionData[] = [];
for (const dir of corpusDirs) {
  for (const page of listCorpus(dir)) {
    const r = evaluatePage(page, { withReadability: false, withExclusions: true });
    if (r.exclusions) pages.push(r.exclusions);
  }
}
const model = trainExclusion(pages);
/** Significant digits kept in the weights file: more would only make retraining diffs noisy. */
const DIGITS = 6;
const round = (values: readonly number[]) => values.map((v) => Number(v.toPrecision(DIGITS)));
const file = resolve('annotator/regions/exclusion-weights.ts');
writeFileSync(
  file,
  `// Written by \`npm run train:regions\` (scripts/train-regions.ts) from ${pages.length} pages: do not edit by hand.
import type { LinearModel } from './linear-model';

export const EXCLUSION_MODEL: LinearModel = ${JSON.stringify({
    features: model.features,
    mean: round(model.mean),
    scale: round(model.scale),
    weights: round(model.weights),
    bias: Number(model.bias.toPrecision(DIGITS)),
  })};
`,
);
console.log(`wrote ${file}`);
for (const [i, name] of model.features.entries())
  console.log(`  ${name.padEnd(18)} ${model.weights[i]?.toFixed(3)}`);
console.log(`  ${'bias'.padEnd(18)} ${model.bias.toFixed(3)}`);
