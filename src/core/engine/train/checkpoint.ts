/**
 * Checkpoints for exact resume: a model directory (model.json + weights.bin, the normal model format) plus
 *   trainer.json — {version, step, rng state, train config, adam iterations, manifest}
 *   trainer.bin  — Adam moments (m/…, v/…) and EMA shadow weights (ema/…)
 * written atomically together (temp dir + rename).
 */
import path from 'node:path'
import { CodedError } from '../../../shared/errors'
import type { TrainConfig } from '../config/train-config'
import { packArrays, readFileCoded, unpackArrays, writeDirAtomic } from '../io/arrays'
import { DEFAULT_MODEL_META, deserializeModel, MODEL_FILES, type ModelMeta, serializeModel } from '../io/model-io'
import { buildModel, type CvdmModel } from '../model/cvdm-model'
import type { RngState } from '../ops/rng'
import type { TrainingPair } from './batch'
import { Trainer } from './trainer'

/** Trainer state file version. */
export const CHECKPOINT_VERSION = 1
const TRAINER_JSON = 'trainer.json'
const TRAINER_BIN = 'trainer.bin'

interface TrainerJson {
  version: number
  step: number
  rng: RngState
  config: TrainConfig
  adamIterations: number
  slots: ReturnType<typeof packArrays>['manifest']
}

/** Writes model + optimizer + EMA + step + RNG state to `dir` atomically. */
export async function saveCheckpoint(trainer: Trainer, dir: string, meta: ModelMeta = DEFAULT_MODEL_META): Promise<void> {
  const model = await serializeModel(trainer.model, meta)
  const slots = await trainer.adam.toArrays()
  if (trainer.ema) for (const [k, v] of await trainer.ema.toArrays('ema/')) slots.set(k, v)
  const packed = packArrays(slots)
  const state: TrainerJson = {
    version: CHECKPOINT_VERSION,
    step: trainer.step,
    rng: trainer.rng.getState(),
    config: trainer.config,
    adamIterations: trainer.adam.iterations,
    slots: packed.manifest
  }
  await writeDirAtomic(dir, {
    [MODEL_FILES.json]: JSON.stringify(model.json, null, 1),
    [MODEL_FILES.weights]: model.bytes,
    [TRAINER_JSON]: JSON.stringify(state, null, 1),
    [TRAINER_BIN]: packed.bytes
  })
}

/**
 * Restores a trainer (and its model) from a checkpoint directory, ready to continue at the saved step.
 * @param pairs - the same training data as the original run (for exact resume)
 * @param overrides - config changes for the resumed run (e.g. more steps elsewhere); omit for exact resume
 * @returns the trainer; the caller owns `trainer.model` and must dispose both
 * @throws CodedError `not-found` / `bad-model`
 */
export async function resumeFromCheckpoint(
  dir: string,
  pairs: TrainingPair[],
  overrides: Partial<TrainConfig> = {}
): Promise<{ trainer: Trainer; meta: ModelMeta }> {
  const modelJson = JSON.parse((await readFileCoded(path.join(dir, MODEL_FILES.json), 'Checkpoint model')).toString('utf8'))
  const weights = await readFileCoded(path.join(dir, MODEL_FILES.weights), 'Checkpoint weights')
  const stateText = await readFileCoded(path.join(dir, TRAINER_JSON), 'Checkpoint trainer state')
  const state = JSON.parse(stateText.toString('utf8')) as TrainerJson
  if (state.version !== CHECKPOINT_VERSION) {
    throw new CodedError('bad-model', `Checkpoint version ${String(state.version)} is not supported (expected ${CHECKPOINT_VERSION}).`)
  }
  const slotBytes = await readFileCoded(path.join(dir, TRAINER_BIN), 'Checkpoint optimizer state')
  const { model, meta } = deserializeModel(modelJson, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength))
  let trainer: Trainer | undefined
  try {
    trainer = new Trainer(model, pairs, { ...state.config, ...overrides })
    const slots = unpackArrays(state.slots, new Uint8Array(slotBytes.buffer, slotBytes.byteOffset, slotBytes.byteLength), 'Checkpoint')
    trainer.adam.load(slots, state.adamIterations)
    trainer.ema?.load(slots, 'ema/')
    trainer.rng.setState(state.rng)
    trainer.step = state.step
    return { trainer, meta }
  } catch (error) {
    trainer?.dispose()
    model.dispose()
    throw error instanceof CodedError ? error : new CodedError('bad-model', `Checkpoint ${dir}: ${(error as Error).message}`, { cause: error })
  }
}

/** The EMA weights of a trainer as a separate model (caller disposes it); null when EMA is off. */
export async function emaModel(trainer: Trainer): Promise<CvdmModel | null> {
  if (!trainer.ema) return null
  return buildModel(trainer.model.config, { weights: await trainer.ema.toArrays() })
}
