/** The engine pieces the restore service uses, from the engine's public index (STYLE.md rule 5). */
export { tf, fastStep, gammaOf, predictX0, x0Bounds, validateSamplerConfig, loadModel } from '../engine'
export type { CvdmModel, SamplerConfig } from '../engine'
