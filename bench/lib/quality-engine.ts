/** The engine and error surface the quality benchmark uses (one import site). */
export { buildModel, emaModel, initBackend, predict, presetConfig, sample, tf, Trainer } from '../../src/core/engine'
export type { CvdmModel, ModelConfig } from '../../src/core/engine'
export { CodedError } from '../../src/shared/errors'
