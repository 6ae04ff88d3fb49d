// Written by `npm run train:regions` (scripts/train-regions.ts) from 450 pages: do not edit by hand.
import type { LinearModel } from './linear-model';

export const EXCLUSION_MODEL: LinearModel = {
  features: [
    'linkDensity',
    'textShare',
    'logText',
    'proseShare',
    'boilerplate',
    'boilerplateShare',
    'namedBoilerplate',
    'holdsComments',
    'holdsForm',
    'holdsHeadline',
    'listTag',
    'furnitureTag',
    'mediaTag',
    'afterProse',
    'beforeProse',
    'scoreDensity',
    'contentName',
    'depth',
  ],
  mean: [
    0.14757, 0.0763997, 5.04534, 0.575114, 0.0702683, 0.0376709, 0.0424209, 0.00167084, 0.0102107, 0.0358303,
    0.121879, 0.0103964, 0.0163371, 0.112968, 0.115845, 0.515268, 0.0374083, 2.01949,
  ],
  scale: [
    0.285822, 0.172835, 1.19775, 0.485555, 0.255599, 0.183439, 0.201547, 0.0408418, 0.100531, 0.185867,
    0.327146, 0.101431, 0.126768, 0.316553, 0.320039, 0.692469, 0.18976, 0.99511,
  ],
  weights: [
    0.194513, -0.412713, -0.0163765, -0.376363, 0.373853, 0.350412, 0.280013, 0.00175457, 0.158065, 0.0428385,
    -0.20308, -0.0469954, 0.0768261, 0.0922591, 0.00371905, -0.635288, -0.0387794, 0.260123,
  ],
  bias: -1.82837,
};
