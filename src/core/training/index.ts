/** Public API of model training on synthetic data (and, later, on in-house pairs). */
export { buildSyntheticSet, normalizePlane, toNormalizedPair } from './synthetic-set'
export type { NormalizedPair, SyntheticSetOptions } from './synthetic-set'
export { trainSynthetic } from './train-synthetic'
export type { TrainSyntheticOptions } from './train-synthetic'
