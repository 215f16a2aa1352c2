/** The engine pieces training uses, from the engine's public index (STYLE.md rule 5). */
export {
  createModel,
  loadModel,
  saveModel,
  serializeModel,
  sizeMultiple,
  Trainer,
  emaModel,
  resumeFromCheckpoint,
  saveCheckpoint,
  MODEL_FILES
} from '../engine'
export type { CvdmModel, ModelFileJson, ModelMeta, PresetName, StepLog, TrainConfig, TrainingPair } from '../engine'
