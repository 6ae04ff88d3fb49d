/**
 * Training for the region models: plain full-batch gradient descent from zero weights, so the same corpus
 * gives the same weights on every machine. Shared by the training script (weights shipped in annotator/) and
 * the evaluation's cross-validation (weights trained without the fold they are measured on).
 */
import type { LinearModel } from '../annotator/regions/linear-model';
import { logistic } from '../annotator/regions/linear-model';

/** Examples for a yes/no model, each weighted by how much the decision matters to the metric. */
export interface WeightedExamples {
  features: number[][];
  labels: number[];
  weights: number[];
}

export interface TrainOptions {
  /** L2 penalty per weight: keeps rarely-seen features from deciding alone. */
  l2: number;
  iterations: number;
  learningRate: number;
}

export const EXCLUSION_TRAINING: TrainOptions = { l2: 0.01, iterations: 600, learningRate: 0.5 };

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

/** Weighted logistic regression over standardised features. */
export function trainLogistic(
  examples: WeightedExamples,
  featureNames: readonly string[],
  options: TrainOptions,
): LinearModel {
  const width = featureNames.length;
  const { mean, scale } = standardisation(examples.features, width);
  const x = examples.features.map((row) => row.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1)));
  const total = examples.weights.reduce((a, b) => a + b, 0) || 1;
  const w = new Array<number>(width).fill(0);
  let bias = 0;
  for (let it = 0; it < options.iterations; it++) {
    const grad = w.map((v) => 2 * options.l2 * v);
    let gradBias = 0;
    x.forEach((row, i) => {
      const z = row.reduce((s, v, j) => s + v * (w[j] ?? 0), bias);
      const diff = ((logistic(z) - (examples.labels[i] ?? 0)) * (examples.weights[i] ?? 0)) / total;
      gradBias += diff;
      for (let j = 0; j < width; j++) grad[j] = (grad[j] ?? 0) + diff * (row[j] ?? 0);
    });
    for (let j = 0; j < width; j++) w[j] = (w[j] ?? 0) - options.learningRate * (grad[j] ?? 0);
    bias -= options.learningRate * gradBias;
  }
  return { features: [...featureNames], mean, scale, weights: w, bias };
}
