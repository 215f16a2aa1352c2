/**
 * Public API of `core/data`: the synthetic microscopy generator, whole-image percentile normalization and the
 * quality and uncertainty metrics. Pure TypeScript on typed arrays (no electron, no tfjs, no node:*).
 */
export { applyCamera, type CameraOptions, DEFAULT_CAMERA, measureSnr, statedSnr } from './camera'
export { type CalibrationBin, type CalibrationReport, blockSpearman, pearson, rankData, spearman, spearmanCeiling, uncertaintyCalibration } from './calibration'
export { FloatHistogram, IntegerHistogram, type IntegerPage, type Page, RangeAccumulator } from './histogram'
export * from './metrics'
export {
  computeNormalization,
  denormalize,
  normalizationOf,
  normalize,
  type NormalizationOptions,
  type PageSource,
  type PercentileNormalization
} from './normalize'
export { airyFwhm, airyIntensity, airyKernel, type AiryOptions, measureKernelFwhm, type PsfKernel } from './psf'
export { createRng, type Rng } from './random'
export { fft2d, nextPowerOfTwo } from './fft'
export { STRUCTURE_KINDS, type StructureKind } from './structures'
export { generatePair, type Image2D, pairSeed, type SynthPair } from './synth'
export {
  DEFAULT_SYNTH_OPTIONS,
  PHOTON_LEVELS,
  SYNTH_TASKS,
  type SynthOptions,
  type SynthStructure,
  type SynthTask,
  validateSynthOptions
} from './synth-options'
