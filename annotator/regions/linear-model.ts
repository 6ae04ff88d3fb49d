/**
 * The small learned models region detection ships: a weight per named feature over standardised inputs.
 * Weights are data (see the `*-weights.ts` files, written by `npm run train:regions`), so retraining never
 * touches code, and a feature the weights do not name counts for nothing.
 */
export interface LinearModel {
  /** Feature names, in the order the detector computes them. */
  features: readonly string[];
  /** Per feature: the training mean and standard deviation it is standardised with, and its weight. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
}

export function linearScore(model: LinearModel, x: readonly number[]): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) {
    const scale = model.scale[j] || 1;
    z += ((model.weights[j] ?? 0) * ((x[j] ?? 0) - (model.mean[j] ?? 0))) / scale;
  }
  return z;
}

export function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
