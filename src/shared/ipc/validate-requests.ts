/**
 * Validators for the structured requests of the contract (restore runs, batch jobs, fine-tuning). Each copies only
 * the known fields, checks types and ranges, and throws `bad-request` naming the field. Paths are only checked for
 * shape here: the host resolves them against the allowed roots.
 */
import { CodedError } from '../errors'
import type { FineTuneRequest } from '../finetune'
import type { JobRequest, RestoreOptions, Roi, Shard } from '../jobs'
import type { OnExists } from '../outputs'
import type { PlaneIndex, RestoreRequest } from '../restore'
import type { Polygon } from '../roi-polygon'
import {
  MAX_INPUTS,
  boolField,
  defined,
  enumField,
  idField,
  intField,
  numberField,
  objectField,
  optional,
  pathField,
  type Where
} from './validate-fields'

/** Most sampler steps accepted (the faithful sampler runs the full schedule, ≤ 1000 in every shipped model). */
export const MAX_STEPS = 10_000
/** Most samples K per restore (each one is a full sampler run). */
export const MAX_SAMPLES = 64
/** Largest ROI side / coordinate in pixels. */
export const MAX_PIXELS = 1_000_000
/** Largest seed (unsigned 32-bit, what the engine's RNG takes). */
export const MAX_SEED = 0xffff_ffff

const SAMPLERS = ['fast', 'faithful'] as const
const ON_EXISTS: readonly OnExists[] = ['skip', 'overwrite', 'rename']

/** An ROI in pixels: x, y ≥ 0, width, height ≥ 1. */
export function roiField(where: Where, value: unknown): Roi {
  const r = objectField(where, value, ['x', 'y', 'width', 'height'])
  return {
    x: intField(`${where}.x`, r.x, 0, MAX_PIXELS),
    y: intField(`${where}.y`, r.y, 0, MAX_PIXELS),
    width: intField(`${where}.width`, r.width, 1, MAX_PIXELS),
    height: intField(`${where}.height`, r.height, 1, MAX_PIXELS)
  }
}

/** Most vertices of a polygon ROI. */
export const MAX_VERTICES = 10_000

/** A polygon ROI: 3 … MAX_VERTICES `[x, y]` pairs of finite numbers in [0, MAX_PIXELS]. */
export function polygonField(where: Where, value: unknown): Polygon {
  if (!Array.isArray(value) || value.length < 3 || value.length > MAX_VERTICES) {
    throw new CodedError('bad-request', `${where} must be a list of 3 to ${MAX_VERTICES} [x, y] vertices.`)
  }
  return value.map((v: unknown, i) => {
    if (!Array.isArray(v) || v.length !== 2) throw new CodedError('bad-request', `${where}[${i}] must be an [x, y] pair.`)
    return [numberField(`${where}[${i}][0]`, v[0], 0, MAX_PIXELS), numberField(`${where}[${i}][1]`, v[1], 0, MAX_PIXELS)]
  })
}

function planeField(where: Where, value: unknown): PlaneIndex {
  const p = objectField(where, value, ['c', 'z', 't'])
  return { c: intField(`${where}.c`, p.c, 0, 1e7), z: intField(`${where}.z`, p.z, 0, 1e7), t: intField(`${where}.t`, p.t, 0, 1e7) }
}

/** Sampler options shared by restore runs and batch jobs (all optional; the service fills defaults). */
function samplingFields(where: Where, r: Record<string, unknown>): Partial<RestoreOptions> {
  return defined({
    steps: optional(r.steps, (v) => intField(`${where}.steps`, v, 1, MAX_STEPS)),
    samples: optional(r.samples, (v) => intField(`${where}.samples`, v, 1, MAX_SAMPLES)),
    sampler: optional(r.sampler, (v) => enumField(`${where}.sampler`, v, SAMPLERS)),
    seed: optional(r.seed, (v) => intField(`${where}.seed`, v, 0, MAX_SEED)),
    roi: optional(r.roi, (v) => roiField(`${where}.roi`, v))
  })
}

/** Checks a `restore:start` request. */
export function restoreRequestField(where: Where, value: unknown): RestoreRequest {
  const keys = ['input', 'outputDir', 'modelId', 'steps', 'samples', 'sampler', 'seed', 'roi', 'polygon', 'plane', 'onExists']
  const r = objectField(where, value, keys)
  return defined({
    input: pathField(`${where}.input`, r.input),
    outputDir: optional(r.outputDir, (v) => pathField(`${where}.outputDir`, v)),
    modelId: optional(r.modelId, (v) => idField(`${where}.modelId`, v)),
    ...samplingFields(where, r),
    polygon: optional(r.polygon, (v) => polygonField(`${where}.polygon`, v)),
    plane: optional(r.plane, (v) => planeField(`${where}.plane`, v)),
    onExists: optional(r.onExists, (v) => enumField(`${where}.onExists`, v, ON_EXISTS))
  })
}

function shardField(where: Where, value: unknown): Shard {
  const s = objectField(where, value, ['index', 'count'])
  const count = intField(`${where}.count`, s.count, 1, 10_000)
  return { index: intField(`${where}.index`, s.index, 0, count - 1), count }
}

/** Checks a `jobs:enqueue` request (options other than the model id may be left out: the queue fills defaults). */
export function jobRequestField(where: Where, value: unknown): JobRequest {
  const r = objectField(where, value, ['inputs', 'outputDir', 'glob', 'recursive', 'options', 'onExists', 'shard'])
  if (!Array.isArray(r.inputs) || r.inputs.length === 0 || r.inputs.length > MAX_INPUTS) {
    throw new CodedError('bad-request', `${where}.inputs must be a list of 1 to ${MAX_INPUTS} paths (files, or one folder).`)
  }
  const o = objectField(`${where}.options`, r.options, ['modelId', 'steps', 'samples', 'sampler', 'seed', 'roi'])
  const options = { modelId: idField(`${where}.options.modelId`, o.modelId), ...samplingFields(`${where}.options`, o) }
  return defined({
    inputs: r.inputs.map((p, i) => pathField(`${where}.inputs[${i}]`, p)),
    outputDir: pathField(`${where}.outputDir`, r.outputDir),
    glob: optional(r.glob, (v) => {
      if (typeof v !== 'string' || v.length === 0 || v.length > 512 || v.includes('\0')) {
        throw new CodedError('bad-request', `${where}.glob must be a pattern of 1–512 characters.`)
      }
      return v
    }),
    recursive: optional(r.recursive, (v) => boolField(`${where}.recursive`, v)),
    // The queue fills the defaults of the missing options (validateRestoreOptions).
    options: options as RestoreOptions,
    onExists: optional(r.onExists, (v) => enumField(`${where}.onExists`, v, ON_EXISTS)),
    shard: optional(r.shard, (v) => shardField(`${where}.shard`, v))
  })
}

/** Checks a `finetune:start` request. */
export function fineTuneRequestField(where: Where, value: unknown): FineTuneRequest {
  const keys = ['lowDir', 'highDir', 'baseModelId', 'name', 'steps', 'batchSize', 'learningRate', 'validationFraction', 'evalEvery', 'checkpointEvery', 'seed', 'includeFlagged']
  const r = objectField(where, value, keys)
  return defined({
    lowDir: pathField(`${where}.lowDir`, r.lowDir),
    highDir: pathField(`${where}.highDir`, r.highDir),
    baseModelId: optional(r.baseModelId, (v) => idField(`${where}.baseModelId`, v)),
    name: idField(`${where}.name`, r.name),
    steps: optional(r.steps, (v) => intField(`${where}.steps`, v, 1, 1_000_000)),
    batchSize: optional(r.batchSize, (v) => intField(`${where}.batchSize`, v, 1, 256)),
    learningRate: optional(r.learningRate, (v) => numberField(`${where}.learningRate`, v, 0, 1, true)),
    validationFraction: optional(r.validationFraction, (v) => numberField(`${where}.validationFraction`, v, 0, 0.9)),
    evalEvery: optional(r.evalEvery, (v) => intField(`${where}.evalEvery`, v, 1, 1_000_000)),
    checkpointEvery: optional(r.checkpointEvery, (v) => intField(`${where}.checkpointEvery`, v, 1, 1_000_000)),
    seed: optional(r.seed, (v) => intField(`${where}.seed`, v, 0, MAX_SEED)),
    includeFlagged: optional(r.includeFlagged, (v) => boolField(`${where}.includeFlagged`, v))
  })
}
