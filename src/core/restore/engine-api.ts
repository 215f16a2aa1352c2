/** The engine pieces the restore service uses, from the engine's public index (STYLE.md rule 5). */
export { tf, fastStep, faithfulStep, gammaOf, gBarOf, logAlpha, predictX0, x0Bounds, validateSamplerConfig, loadModel } from '../engine'
export { createInferenceNets, engineLabel, inferenceNetsOf, inferenceStatus, inferenceThreads, withInference } from '../engine'
export type { CvdmModel, InferenceNets, SamplerConfig } from '../engine'
