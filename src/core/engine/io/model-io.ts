/**
 * The model format (owned by the engine; the models registry wraps it): a directory with
 *   model.json  — {format, version, architecture (ModelConfig), preset, normalization, scaleFactor, weights manifest}
 *   weights.bin — float32 little-endian weights, in manifest order.
 * Loading checks format, version, architecture and every weight's shape and fails with CodedError `bad-model`.
 */
import path from 'node:path'
import { CodedError } from '../../../shared/errors'
import { type ModelConfig, validateModelConfig } from '../config/model-config'
import { buildModel, type CvdmModel } from '../model/cvdm-model'
import type { NamedArrays } from '../ops/param-store'
import { TFJS_VERSION } from '../tf'
import { type ManifestEntry, packArrays, readFileCoded, unpackArrays, writeDirAtomic } from './arrays'

/** Format tag in model.json. */
export const MODEL_FORMAT = 'cvdm-studio-model'
/** Current model format version; loading rejects newer versions. */
export const MODEL_FORMAT_VERSION = 1
/** File names inside a model directory. */
export const MODEL_FILES = { json: 'model.json', weights: 'weights.bin' } as const

/** How inputs were normalised to [−1, 1] for training (and must be for inference). */
export interface NormalizationSpec {
  method: 'percentile' | 'min-max'
  /** Lower / upper percentile (percentile method), e.g. 0.1 and 99.9. */
  low: number
  high: number
}

/** Metadata stored with the weights. */
export interface ModelMeta {
  normalization: NormalizationSpec
  /** Upsampling factor between the condition's acquisition grid and the output grid (e.g. 2 for BioSR). */
  scaleFactor: number
}

/** The JSON half of a model file. */
export interface ModelFileJson extends ModelMeta {
  format: typeof MODEL_FORMAT
  version: number
  preset: ModelConfig['preset']
  architecture: ModelConfig
  tfjs: string
  createdAt: string
  weights: ManifestEntry[]
}

/** Default metadata: 0.1–99.9 percentile normalisation, 2× (CVDM.md §9.1). */
export const DEFAULT_MODEL_META: Readonly<ModelMeta> = Object.freeze({
  normalization: { method: 'percentile', low: 0.1, high: 99.9 },
  scaleFactor: 2
} satisfies ModelMeta)

/**
 * Serialises a model (async weight read-back).
 * @param weights - weights to write instead of the model's own (e.g. EMA weights); same names and shapes
 */
export async function serializeModel(
  model: CvdmModel,
  meta: ModelMeta = DEFAULT_MODEL_META,
  weights?: NamedArrays
): Promise<{ json: ModelFileJson; bytes: Uint8Array }> {
  const { manifest, bytes } = packArrays(weights ?? (await model.params.toArrays()))
  const json: ModelFileJson = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    preset: model.config.preset,
    architecture: model.config,
    normalization: { ...meta.normalization },
    scaleFactor: meta.scaleFactor,
    tfjs: TFJS_VERSION,
    createdAt: new Date().toISOString(),
    weights: manifest
  }
  return { json, bytes }
}

/**
 * Rebuilds a model from its JSON and weights.
 * @returns the model (caller disposes it) and its metadata
 * @throws CodedError `bad-model` for another format, a newer version, an invalid architecture or mismatched weights
 */
export function deserializeModel(jsonIn: unknown, bytes: Uint8Array): { model: CvdmModel; meta: ModelMeta } {
  const json = jsonIn as Partial<ModelFileJson>
  if (!json || typeof json !== 'object' || json.format !== MODEL_FORMAT) {
    throw new CodedError('bad-model', `Not a CVDM Studio model (format "${String(json?.format)}").`)
  }
  if (!Number.isInteger(json.version) || (json.version as number) < 1 || (json.version as number) > MODEL_FORMAT_VERSION) {
    throw new CodedError(
      'bad-model',
      `Model format version ${String(json.version)} is not supported (this engine reads up to ${MODEL_FORMAT_VERSION}); update CVDM Studio.`
    )
  }
  let config: ModelConfig
  try {
    config = validateModelConfig(json.architecture)
  } catch (error) {
    throw new CodedError('bad-model', `Model architecture is invalid: ${(error as Error).message}`, { cause: error })
  }
  const n = json.normalization
  if (!n || !['percentile', 'min-max'].includes(n.method) || typeof n.low !== 'number' || typeof n.high !== 'number') {
    throw new CodedError('bad-model', 'Model file lacks a valid normalization {method, low, high}.')
  }
  if (!(n.low < n.high) || (n.method === 'percentile' && !(n.low >= 0 && n.high <= 100))) {
    throw new CodedError('bad-model', `Model normalization ${n.method} ${n.low}–${n.high} is invalid (need low < high${n.method === 'percentile' ? ', within 0–100' : ''}).`)
  }
  if (!(typeof json.scaleFactor === 'number' && json.scaleFactor > 0)) {
    throw new CodedError('bad-model', 'Model file lacks a valid scaleFactor.')
  }
  const weights = unpackArrays(json.weights, bytes, 'Model')
  for (const [name, w] of weights) {
    // A NaN or infinite weight makes every restoration NaN: refuse the file instead of writing empty images.
    if (!w.data.every(Number.isFinite)) {
      throw new CodedError('bad-model', `Model weight "${name}" holds NaN or infinite values (training diverged, or the file is corrupt).`)
    }
  }
  const model = buildModel(config, { weights })
  return { model, meta: { normalization: { ...n }, scaleFactor: json.scaleFactor } }
}

/** Saves a model directory atomically (see {@link writeDirAtomic}). */
export async function saveModel(model: CvdmModel, dir: string, meta: ModelMeta = DEFAULT_MODEL_META, weights?: NamedArrays): Promise<void> {
  const { json, bytes } = await serializeModel(model, meta, weights)
  await writeDirAtomic(dir, { [MODEL_FILES.json]: JSON.stringify(json, null, 1), [MODEL_FILES.weights]: bytes })
}

/**
 * Loads a model directory written by {@link saveModel}.
 * @throws CodedError `not-found` / `io-error` / `bad-model`
 */
export async function loadModel(dir: string): Promise<{ model: CvdmModel; meta: ModelMeta }> {
  const text = await readFileCoded(path.join(dir, MODEL_FILES.json), 'Model description')
  let json: unknown
  try {
    json = JSON.parse(text.toString('utf8'))
  } catch (error) {
    throw new CodedError('bad-model', `${path.join(dir, MODEL_FILES.json)} is not valid JSON.`, { cause: error })
  }
  const bytes = await readFileCoded(path.join(dir, MODEL_FILES.weights), 'Model weights')
  return deserializeModel(json, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
}
