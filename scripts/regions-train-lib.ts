/**
 * Training for the region models: plain full-batch gradient descent from zero weights, so the same corpus
 * gives the same weights on every machine. Shared by the training script (weights shipped in annotator/) and
 * the evaluation's cross-validation (weights trained without the fold they are measured on).
 */
import type { LinearModel } from '../annotator/regions/linear-model';

/** One page's article candidates: features as the detector computes them, and each one's F1 on the truth. */
export interface RankingExample {
  features: number[][];
  f1: number[];
}

export interface TrainOptions {
  /** L2 penalty per weight: keeps rarely-seen features from deciding pages alone. */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Candidates within this much of a page's best F1 count as right answers. */
  tolerance: number;
}

export const RANKER_TRAINING: TrainOptions = {
  l2: 0.01,
  iterations: 400,
  learningRate: 0.5,
  tolerance: 0.005,
};

/** The feature that carries the cascade's pick: a model with nothing to learn keeps the cascade's choice. */
const PRIOR_FEATURE = 0;

function standardisation(rows: number[][], width: number): { mean: number[]; scale: number[] } {
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(0);
  for (const row of rows)
    for (let j = 0; j < width; j++) mean[j] = (mean[j] ?? 0) + (row[j] ?? 0) / rows.length;
  for (const row of rows)
    for (let j = 0; j < width; j++)
      scale[j] = (scale[j] ?? 0) + ((row[j] ?? 0) - (mean[j] ?? 0)) ** 2 / rows.length;
  return { mean, scale: scale.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/**
 * A listwise ranker (softmax over each page's candidates, cross-entropy against its best candidates). Pages
 * where every candidate scores alike teach nothing and are left out.
 */
export function trainRanker(
  examples: RankingExample[],
  featureNames: readonly string[],
  options: TrainOptions = RANKER_TRAINING,
): LinearModel {
  const width = featureNames.length;
  const useful = examples.filter(
    (e) => e.f1.length > 1 && Math.max(...e.f1) - Math.min(...e.f1) > options.tolerance,
  );
  const { mean, scale } = standardisation(
    useful.flatMap((e) => e.features),
    width,
  );
  const pages = useful.map((e) => {
    const best = Math.max(...e.f1);
    const right = e.f1.map((f) => (f >= best - options.tolerance ? 1 : 0));
    const n = right.reduce((a: number, b) => a + b, 0);
    return {
      x: e.features.map((row) => row.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1))),
      target: right.map((r) => r / n),
    };
  });
  const w = new Array<number>(width).fill(0);
  w[PRIOR_FEATURE] = 1;
  for (let it = 0; it < options.iterations; it++) {
    const grad = w.map((v) => 2 * options.l2 * v);
    for (const page of pages) {
      const z = page.x.map((row) => row.reduce((s, v, j) => s + v * (w[j] ?? 0), 0));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((a, b) => a + b, 0);
      page.x.forEach((row, c) => {
        const diff = (e[c] ?? 0) / sum - (page.target[c] ?? 0);
        for (let j = 0; j < width; j++) grad[j] = (grad[j] ?? 0) + (diff * (row[j] ?? 0)) / pages.length;
      });
    }
    for (let j = 0; j < width; j++) w[j] = (w[j] ?? 0) - options.learningRate * (grad[j] ?? 0);
  }
  return { features: [...featureNames], mean, scale, weights: w, bias: 0 };
}
