/** The engine pieces training uses (one place to change when the engine's public API moves). */
export { createModel } from '../engine/model/cvdm-model'
export type { PresetName } from '../engine/config/model-config'
export { saveModel } from '../engine/io/model-io'
export { Trainer, type StepLog } from '../engine/train/trainer'
export { emaModel, resumeFromCheckpoint, saveCheckpoint } from '../engine/train/checkpoint'
