/**
 * What the exclusion model's decisions do to the article figure, without the DOM: the evaluation records
 * each page's exclusion candidates with their token counts, so the article F1 for any set of left-out blocks
 * (a model trained on other folds, or the training labels themselves) is arithmetic on those counts.
 * Blocks are never inline elements, so the story's tokens are the container's minus the left-out blocks'.
 */
import { EXCLUSION_FEATURES, pickExclusions } from '../annotator/regions/article-exclusions';
import type { LinearModel } from '../annotator/regions/linear-model';
import type { PageResult } from './eval-regions-lib';
import { EXCLUSION_TRAINING, trainLogistic, type WeightedExamples } from './regions-train-lib';

export type Bag = Map<string, number>;

export interface ExclusionData {
  features: number[][];
  parents: number[];
  /** Token counts: the container's, the truth's, and each candidate block's. */
  article: Bag;
  truth: Bag;
  blocks: Bag[];
}

function f1Of(common: number, predicted: number, truth: number): number {
  if (predicted === 0 && truth === 0) return 1;
  if (predicted === 0 || truth === 0 || common === 0) return 0;
  return (2 * common) / (predicted + truth);
}

function sizeOf(bag: Bag): number {
  let n = 0;
  for (const v of bag.values()) n += v;
  return n;
}

/** Article F1 with the given blocks left out (outermost blocks only: their insides are not subtracted twice). */
export function f1Without(data: ExclusionData, left: readonly number[]): number {
  const predicted = new Map(data.article);
  for (const i of left)
    for (const [w, n] of data.blocks[i] ?? []) predicted.set(w, (predicted.get(w) ?? 0) - n);
  let common = 0;
  for (const [w, n] of predicted) common += Math.min(Math.max(0, n), data.truth.get(w) ?? 0);
  return f1Of(common, sizeOf(predicted), sizeOf(data.truth));
}

/**
 * Training examples: each block, labelled by whether leaving it alone out raises the page's article F1, and
 * weighted by how much it moves it (blocks that change nothing teach nothing).
 */
export function exclusionExamples(pages: ExclusionData[]): WeightedExamples {
  const out: WeightedExamples = { features: [], labels: [], weights: [] };
  for (const data of pages) {
    const base = f1Without(data, []);
    data.features.forEach((row, i) => {
      const gain = f1Without(data, [i]) - base;
      if (Math.abs(gain) < MIN_GAIN) return;
      out.features.push(row);
      out.labels.push(gain > 0 ? 1 : 0);
      out.weights.push(Math.abs(gain));
    });
  }
  return out;
}

/** An F1 change below this is rounding, not a decision. */
const MIN_GAIN = 1e-4;

export function trainExclusion(pages: ExclusionData[]): LinearModel {
  return trainLogistic(exclusionExamples(pages), EXCLUSION_FEATURES, EXCLUSION_TRAINING);
}

function pick(data: ExclusionData, model: LinearModel): number[] {
  return pickExclusions(
    data.features.map((features, i) => ({ features, parent: data.parents[i] ?? -1 })),
    model,
  );
}

/** Every page's figures as if the exclusion model had been trained without the page's fold. */
export function heldBackResults(results: PageResult[], folds: Map<string, number>, k: number): PageResult[] {
  const out: PageResult[] = [];
  for (let i = 0; i < k; i++) {
    const training = results.filter((r) => folds.get(r.id) !== i && r.exclusions).map((r) => r.exclusions);
    const model = trainExclusion(training as ExclusionData[]);
    for (const r of results) {
      if (folds.get(r.id) !== i) continue;
      if (!r.exclusions) out.push(r);
      else {
        const f1 = f1Without(r.exclusions, pick(r.exclusions, model));
        out.push({ ...r, article: { precision: Number.NaN, recall: Number.NaN, f1 } });
      }
    }
  }
  return out;
}
