/** The engine pieces the restore service uses (one place to change when the engine's public API moves). */
export { tf } from '../engine/tf'
export type { CvdmModel } from '../engine/model/cvdm-model'
export { gammaOf } from '../engine/schedule/gamma'
export { fastStep, predictX0 } from '../engine/sampler/steps'
export { x0Bounds } from '../engine/sampler/chains'
export { validateSamplerConfig, type SamplerConfig } from '../engine/config/sampler-config'
export { loadModel } from '../engine/io/model-io'
