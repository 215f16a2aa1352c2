/** The engine pieces training uses, from the engine's public index (STYLE.md rule 5). */
export { createModel, saveModel, Trainer, emaModel, resumeFromCheckpoint, saveCheckpoint } from '../engine'
export type { PresetName, StepLog } from '../engine'
