// Written by `npm run train:regions` (scripts/train-regions.ts): do not edit by hand.
import type { LinearModel } from './linear-model';

export const ARTICLE_RANKER: LinearModel = {
  features: ['isRule'],
  mean: [0],
  scale: [1],
  weights: [1],
  bias: 0,
};
