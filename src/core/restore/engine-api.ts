/** The engine pieces the restore service uses, from the engine's public index (STYLE.md rule 5). */
export { tf, fastStep, faithfulStep, gammaOf, gBarOf, logAlpha, predictX0, regressTarget, x0Bounds, validateSamplerConfig, loadModel } from '../engine'
export type { CvdmModel, SamplerConfig } from '../engine'
