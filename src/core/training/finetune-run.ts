/**
 * One fine-tuning run, in the calling process: pairs → fixed-seed split → normalized as at inference → start from a
 * registered model → train (random crops + flips/rot90 from the engine's Trainer), evaluate the EMA of the weights
 * every `evalEvery` steps, keep the best EMA weights (the starting model counts as step 0, so the result is never worse than its parent on the
 * validation pairs), checkpoint atomically, stop early after `patience` evaluations without gain, and register the
 * best weights as a new user model with lineage and metrics. Rerunning the same request resumes exactly.
 *
 * Two settings matter for not making the parent worse (measured in bench/RESULTS.md, [F2]):
 * - crops at least {@link MIN_CROP}² (the shipped models' training crop): on 32² crops the GroupNorm statistics and
 *   the U-Net's border share differ from the 64² tiles the model restores with, and 20 steps at lr 1e-5 cost 3 dB;
 * - the EMA of the weights, not the raw weights: the sampler amplifies ε̂ errors at high noise by 1/√γ, so the raw
 *   weights of any Adam run (the parent's own training included: 21.9 dB raw vs 23.7 dB EMA) are noisy; the EMA
 *   averages that jitter out, as it did for the parent.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import type { FineTuneEval, FineTuneFinished, FineTuneProgress, FineTunePreview, FineTuneRequest, ImagePair } from '../../shared/finetune'
import { CARD_FILE, CARD_FORMAT, CARD_VERSION, checkModelId, DEFAULT_MODEL_ID, type ModelCard, type ModelRegistry } from '../models'
import { emaModel, loadModel, MODEL_FILES, serializeModel, sizeMultiple, Trainer, type CvdmModel, type ModelMeta, type TrainConfig } from './engine-api'
import { loadNormalizedPairs, splitPairs } from './finetune-data'
import { bicubicMetrics, DEFAULT_EVAL_SAMPLER, evaluatePairs, type EvalSampler } from './finetune-eval'
import { type BestWeights, type RunState, RunStore } from './finetune-store'
import { discoverPairs } from './pairs'

/** Settings beyond the UI's request (CLI flags, tests). */
export interface FineTuneOptions extends FineTuneRequest {
  /**
   * Side of the random training crops (default {@link MIN_CROP}, or the image side for smaller images; a multiple of
   * the model's). Smaller crops than that are refused: they make the model worse (see the file comment).
   */
  cropSize?: number
  /** EMA decay of the weights that are evaluated and registered (default 0.95: a window of ≈ 20 steps). */
  emaDecay?: number
  evalSampler?: Partial<EvalSampler>
  /** Evaluations without PSNR gain before stopping early (default 5). */
  patience?: number
  /** Fail with `not-found` when there is no checkpoint to resume (the CLI's --resume). */
  requireResume?: boolean
}

/** Defaults of `cvdm train --pairs` and `finetune:start`. */
export const FINETUNE_DEFAULTS = Object.freeze({
  baseModelId: DEFAULT_MODEL_ID,
  steps: 300,
  batchSize: 4,
  learningRate: 1e-4,
  emaDecay: 0.95,
  validationFraction: 0.2,
  evalEvery: 50,
  checkpointEvery: 50,
  seed: 0,
  patience: 5
})

/** Smallest training crop side (px): the crop the shipped models were trained on (train-synthetic.ts). */
export const MIN_CROP = 64

/** Where the run reports to. */
export interface FineTuneHooks {
  onProgress?: (e: FineTuneProgress) => void
  onEval?: (e: FineTuneEval) => void
  /** Stop: finish with the best weights so far (after at least one evaluation past the start), else `cancelled`. */
  stopSignal?: AbortSignal
  /** Cancel: checkpoint and end with `cancelled` (the run can be resumed later). */
  cancelSignal?: AbortSignal
}

/** The run's inputs after discovery and validation. */
interface Plan {
  o: Required<Omit<FineTuneOptions, 'evalSampler' | 'cropSize' | 'requireResume'>> & { cropSize: number; evalSampler: EvalSampler }
  train: ImagePair[]
  validation: ImagePair[]
  base: { id: string; sha256: string; dir: string; card: ModelCard }
  fingerprint: string
}

async function plan(o: FineTuneOptions, registry: ModelRegistry): Promise<Plan> {
  checkModelId(o.name)
  const full = { ...FINETUNE_DEFAULTS, includeFlagged: false, ...definedOnly(o), name: o.name, lowDir: o.lowDir, highDir: o.highDir }
  const baseInfo = await registry.get(full.baseModelId)
  const report = await discoverPairs(path.resolve(o.lowDir), path.resolve(o.highDir), { scaleFactor: baseInfo.scaleFactor })
  const usable = report.pairs.filter((p) => full.includeFlagged || !p.flagged)
  if (usable.length < 2) {
    const why = report.problems.slice(0, 3).map((p) => `${path.basename(p.file)}: ${p.message}`)
    throw new CodedError('bad-pairs', `Fine-tuning needs at least 2 usable pairs; found ${usable.length} (${report.pairs.length - usable.length} flagged as misregistered). ${why.join(' ')}`)
  }
  const { train, validation } = splitPairs(usable, full.validationFraction, full.seed)
  const minSide = Math.min(...usable.map((p) => Math.min(p.width, p.height) * baseInfo.scaleFactor))
  const smallest = Math.min(MIN_CROP, minSide)
  const cropSize = o.cropSize ?? smallest
  if (cropSize < smallest) {
    throw new CodedError('bad-request', `Training crops of ${cropSize} px are too small: the model was trained on ${MIN_CROP}² crops, and fine-tuning on smaller ones makes it worse. Use ${smallest} px or more.`)
  }
  if (!(full.emaDecay > 0 && full.emaDecay < 1)) throw new CodedError('bad-request', `The EMA decay must be between 0 and 1 (got ${full.emaDecay}).`)
  const evalSampler = { ...DEFAULT_EVAL_SAMPLER, ...(o.evalSampler ?? {}) }
  const settings = {
    base: baseInfo.sha256,
    pairs: usable.map((p) => [p.name, p.low, p.high]),
    validation: validation.map((p) => p.name),
    batchSize: full.batchSize,
    learningRate: full.learningRate,
    emaDecay: full.emaDecay,
    cropSize,
    evalEvery: full.evalEvery,
    evalSampler,
    patience: full.patience,
    seed: full.seed
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex')
  const base = { id: baseInfo.id, sha256: baseInfo.sha256, dir: baseInfo.path, card: await registry.card(baseInfo.id) }
  return { o: { ...full, cropSize, evalSampler }, train, validation, base, fingerprint }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * Runs (or resumes, or recognises as already finished) a fine-tuning run.
 * @param workDir - folder of all runs' checkpoints; this run uses `<workDir>/<name>`
 * @throws CodedError `bad-request`, `not-found`, `bad-pairs`, `already-exists` (the name is taken by another model or
 *   another run's checkpoints), `bad-model`; a stopped run without evaluations and a cancelled run end with `cancelled`
 */
export async function runFineTune(runId: string, options: FineTuneOptions, registry: ModelRegistry, workDir: string, hooks: FineTuneHooks = {}): Promise<FineTuneFinished & { ok: true }> {
  const p = await plan(options, registry)
  const store = new RunStore(path.join(workDir, p.o.name))
  const done = await alreadyRegistered(p, registry)
  if (done) {
    await store.remove()
    return { runId, ok: true, ...done }
  }
  await registry.assertFree(p.o.name)
  const previous = await store.readRequest()
  if (previous && previous.fingerprint !== p.fingerprint) {
    throw new CodedError('already-exists', `A fine-tuning run named "${p.o.name}" with other data or settings has checkpoints in ${store.dir}; choose another name or delete that folder.`)
  }
  const ckpt = await store.latest()
  if (options.requireResume && !ckpt) throw new CodedError('not-found', `There is no interrupted run named "${p.o.name}" to resume (looked in ${store.dir}).`)
  await store.writeRequest({ fingerprint: p.fingerprint, request: p.o, base: { id: p.base.id, sha256: p.base.sha256 } })

  const { model: baseModel, meta } = await loadModel(p.base.dir)
  const scale = meta.scaleFactor
  const percentiles = { low: meta.normalization.low, high: meta.normalization.high }
  const trainSet = await loadNormalizedPairs(p.train, percentiles, scale)
  const valSet = await loadNormalizedPairs(p.validation, percentiles, scale)
  const config: Partial<TrainConfig> = {
    batchSize: p.o.batchSize,
    cropSize: fitCrop(p.o.cropSize, baseModel),
    learningRate: p.o.learningRate,
    emaDecay: p.o.emaDecay,
    clipGradNorm: 1,
    augment: 'dihedral',
    seed: p.o.seed
  }
  let trainer: Trainer
  let state: RunState
  let best: BestWeights
  if (ckpt) {
    baseModel.dispose()
    ;({ trainer, state, best } = await store.load(ckpt, trainSet))
    await store.truncateLog(state.step)
  } else {
    trainer = new Trainer(baseModel, trainSet, config)
    const start = await evaluateEma(trainer, valSet, p.o.evalSampler, meta, p.validation[0]?.name)
    const record = { step: 0, ...start.metrics }
    state = { step: 0, evals: [record], best: record, sinceBest: 0, bicubic: bicubicMetrics(valSet) }
    best = start.weights
    hooks.onEval?.({ runId, ...record, best: true, ...(start.preview ? { preview: start.preview } : {}) })
    await fs.rm(store.logFile, { force: true })
    await store.appendLog([JSON.stringify({ type: 'eval', ...record, best: true })])
    await store.save(trainer, meta, state, best)
  }
  try {
    const outcome = await loop(runId, p, trainer, valSet, meta, store, state, best, hooks)
    if (outcome.kind === 'cancelled') throw new CodedError('cancelled', `Fine-tuning "${p.o.name}" was cancelled at step ${trainer.step}; run it again to resume.`)
    return { runId, ok: true, ...(await register(p, outcome.state, outcome.best, registry, store, valSet.length + trainSet.length, trainer.step, outcome.stoppedEarly)) }
  } finally {
    trainer.model.dispose()
    trainer.dispose()
  }
}

/** Largest multiple of the model's size multiple ≤ `crop`. */
function fitCrop(crop: number, model: CvdmModel): number {
  const m = sizeMultiple(model.config)
  return Math.max(m, Math.floor(crop / m) * m)
}

async function snapshot(model: CvdmModel, meta: ModelMeta): Promise<BestWeights> {
  const { json, bytes } = await serializeModel(model, meta)
  return { json: JSON.stringify(json, null, 1), bytes }
}

/**
 * Scores the trainer's EMA weights on the validation pairs; returns the metrics, those weights serialized, and the
 * before/after preview of the first validation pair (`previewName`) for the UI.
 */
async function evaluateEma(
  trainer: Trainer,
  valSet: Parameters<typeof evaluatePairs>[1],
  sampler: EvalSampler,
  meta: ModelMeta,
  previewName?: string
): Promise<{ metrics: { psnr: number; ssim: number }; weights: BestWeights; preview?: FineTunePreview }> {
  const ema = await emaModel(trainer)
  if (!ema) throw new CodedError('internal', 'Fine-tuning runs without an EMA of the weights.')
  try {
    const { preview, ...metrics } = await evaluatePairs(ema, valSet, sampler, undefined, previewName)
    return { metrics, weights: await snapshot(ema, meta), ...(preview ? { preview } : {}) }
  } finally {
    ema.dispose()
  }
}

type Outcome = { kind: 'finished' | 'cancelled'; stoppedEarly: boolean; state: RunState; best: BestWeights }

async function loop(runId: string, p: Plan, trainer: Trainer, valSet: Parameters<typeof evaluatePairs>[1], meta: ModelMeta, store: RunStore, state: RunState, best: BestWeights, hooks: FineTuneHooks): Promise<Outcome> {
  const total = p.o.steps
  const lines: string[] = []
  const started = performance.now()
  const firstStep = trainer.step
  const checkpoint = async (): Promise<void> => {
    state.step = trainer.step
    await store.appendLog(lines.splice(0))
    await store.save(trainer, meta, state, best)
  }
  if (state.sinceBest >= p.o.patience) return { kind: 'finished', stoppedEarly: true, state, best }
  while (trainer.step < total) {
    if (hooks.cancelSignal?.aborted) return await checkpoint().then(() => ({ kind: 'cancelled' as const, stoppedEarly: false, state, best }))
    if (hooks.stopSignal?.aborted) {
      await checkpoint()
      const evaluated = state.evals.some((e) => e.step > 0)
      return { kind: evaluated ? 'finished' : 'cancelled', stoppedEarly: false, state, best }
    }
    const log = trainer.runStep()
    lines.push(JSON.stringify({ type: 'step', step: log.step, loss: log.loss, terms: log.terms, gradNorm: log.gradNorm, ms: Math.round(log.ms) }))
    const perStep = (performance.now() - started) / (trainer.step - firstStep)
    hooks.onProgress?.({ runId, step: log.step, totalSteps: total, loss: log.loss, terms: log.terms, etaMs: Math.round(perStep * (total - log.step)) })
    const evalDue = trainer.step % p.o.evalEvery === 0 || trainer.step === total
    if (evalDue) {
      const { metrics: m, weights, preview } = await evaluateEma(trainer, valSet, p.o.evalSampler, meta, p.validation[0]?.name)
      const record = { step: trainer.step, ...m }
      const improved = m.psnr > state.best.psnr
      state.evals.push(record)
      if (improved) {
        state.best = record
        state.sinceBest = 0
        best = weights
      } else state.sinceBest += 1
      lines.push(JSON.stringify({ type: 'eval', ...record, best: improved }))
      hooks.onEval?.({ runId, ...record, best: improved, ...(preview ? { preview } : {}) })
    }
    if (evalDue || trainer.step % p.o.checkpointEvery === 0) await checkpoint()
    if (state.sinceBest >= p.o.patience) return { kind: 'finished', stoppedEarly: true, state, best }
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  if (state.step !== trainer.step) await checkpoint()
  return { kind: 'finished', stoppedEarly: false, state, best }
}

async function alreadyRegistered(p: Plan, registry: ModelRegistry): Promise<Omit<FineTuneFinished & { ok: true }, 'runId' | 'ok'> | undefined> {
  const card = await registry.card(p.o.name).catch(() => undefined)
  if (!card?.training || card.training.fingerprint !== p.fingerprint) return undefined
  return { modelId: p.o.name, bestStep: card.training.bestStep, stoppedEarly: card.training.stoppedEarly, steps: card.lineage.steps ?? 0 }
}

async function register(p: Plan, state: RunState, best: BestWeights, registry: ModelRegistry, store: RunStore, pairCount: number, steps: number, stoppedEarly: boolean): Promise<Omit<FineTuneFinished & { ok: true }, 'runId' | 'ok'>> {
  const staging = path.join(store.dir, 'final', p.o.name)
  await fs.rm(path.dirname(staging), { recursive: true, force: true })
  await fs.mkdir(staging, { recursive: true })
  const card: ModelCard = {
    format: CARD_FORMAT,
    version: CARD_VERSION,
    task: p.base.card.task,
    ...(p.base.card.pixelSizeUm !== undefined ? { pixelSizeUm: p.base.card.pixelSizeUm } : {}),
    description: `Fine-tuned from ${p.base.id} on ${pairCount} in-house pairs; best validation PSNR at step ${state.best.step}.`,
    lineage: {
      parent: { id: p.base.id, sha256: p.base.sha256 },
      data: `${pairCount} pairs from ${path.resolve(p.o.lowDir)} ↔ ${path.resolve(p.o.highDir)} (${p.validation.length} for validation)`,
      steps: state.best.step,
      createdAt: new Date().toISOString()
    },
    metrics: {
      psnr: round(state.best.psnr),
      ssim: round(state.best.ssim, 4),
      basePsnr: round(state.evals[0].psnr),
      baseSsim: round(state.evals[0].ssim, 4),
      bicubicPsnr: round(state.bicubic.psnr),
      bicubicSsim: round(state.bicubic.ssim, 4)
    },
    training: { fingerprint: p.fingerprint, bestStep: state.best.step, stoppedEarly }
  }
  await fs.writeFile(path.join(staging, MODEL_FILES.json), best.json)
  await fs.writeFile(path.join(staging, MODEL_FILES.weights), best.bytes)
  await fs.writeFile(path.join(staging, CARD_FILE), JSON.stringify(card, null, 1))
  await fs.copyFile(store.logFile, path.join(staging, 'train-log.jsonl'))
  await registry.importModel(staging)
  await store.remove()
  return { modelId: p.o.name, bestStep: state.best.step, stoppedEarly, steps }
}

const round = (v: number, digits = 2): number => Number(v.toFixed(digits))
