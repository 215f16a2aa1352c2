/**
 * The training loop (STYLE.md rule 30: runLoop → runStep → forwardBackward → optimize → log/save).
 * Custom loop with our Adam, optional EMA and gradient clipping (CVDM.md §7, §9.3, §11). Every random draw
 * (pair, crop, transform, t, ε) comes from one seeded generator whose state goes into checkpoints, so resuming
 * from step k reproduces the uninterrupted run on the same backend.
 */
import { CodedError } from '../../../shared/errors'
import { sizeMultiple } from '../config/model-config'
import { type TrainConfig, validateTrainConfig } from '../config/train-config'
import { lossTerms, LOSS_TERM_NAMES, type LossTerms, weightedTotal } from '../diffusion/loss'
import type { CvdmModel } from '../model/cvdm-model'
import { Rng } from '../ops/rng'
import { tf } from '../tf'
import { sampleTimesteps } from '../timesteps/timesteps'
import { type ArrayBatch, checkPairs, sampleBatch, type TrainingPair } from './batch'
import { type GammaCurves, gammaCurves } from './diagnostics'
import { Adam, clipByGlobalNorm, Ema, type NamedVariable } from './optimizer'

/** What one step reports: the weighted total, each unweighted term (batch mean), the gradient norm, timing. */
export interface StepLog {
  /** Step number after this update (1-based). */
  step: number
  loss: number
  terms: Record<keyof LossTerms, number>
  gradNorm: number
  ms: number
}

/** Hooks and checkpointing of {@link Trainer.runLoop}. */
export interface LoopOptions {
  /** Stop after this many more steps. */
  steps: number
  onStep?: (log: StepLog) => void
  signal?: AbortSignal
  /** Called every `every` steps (and at the end) to write a checkpoint, e.g. `(t) => saveCheckpoint(t, dir)`. */
  checkpoint?: { every: number; save: (trainer: Trainer) => Promise<void> }
  /** Every `every` steps: mean γ(t) curves of both heads on a fixed crop (does not touch the run's RNG). */
  curves?: { every: number; onCurves: (step: number, curves: GammaCurves) => void }
}

/** Trains one {@link CvdmModel} on plain image pairs. */
export class Trainer {
  readonly config: TrainConfig
  /** Updates applied so far. */
  step = 0
  readonly rng: Rng
  readonly adam: Adam
  readonly ema: Ema | null
  readonly named: NamedVariable[]

  /**
   * @param model - the model to train (the trainer does not own it)
   * @param pairs - aligned pairs in [−1, 1], each at least `cropSize` on a side
   * @throws Error for an invalid config or pairs
   */
  constructor(
    readonly model: CvdmModel,
    private readonly pairs: TrainingPair[],
    config: Partial<TrainConfig> = {}
  ) {
    this.config = validateTrainConfig(config)
    const m = sizeMultiple(model.config)
    if (this.config.cropSize % m !== 0) throw new Error(`cropSize ${this.config.cropSize} must be a multiple of ${m} for this model.`)
    checkPairs(pairs, this.config.cropSize, model.config.condChannels, model.config.channels)
    this.rng = new Rng(this.config.seed)
    const vars = model.params.variables()
    this.named = model.params.names().map((name, i) => ({ name, variable: vars[i] }))
    this.adam = new Adam(this.named, this.config.beta1, this.config.beta2, this.config.epsilon)
    this.ema = this.config.emaDecay !== null ? new Ema(this.named, this.config.emaDecay) : null
  }

  /** Draws the next batch from the run's generator. */
  nextBatch(): ArrayBatch {
    const c = this.config
    return sampleBatch(this.pairs, this.rng, c.batchSize, c.cropSize, c.augment, this.model.config.condChannels, this.model.config.channels)
  }

  /** One full update; returns its log. */
  runStep(): StepLog {
    const started = performance.now()
    const batch = this.nextBatch()
    const { loss, terms, grads } = this.forwardBackward(batch)
    try {
      const gradNorm = this.optimize(grads)
      this.step += 1
      return { step: this.step, loss, terms, gradNorm, ms: performance.now() - started }
    } finally {
      tf.dispose(grads)
    }
  }

  /**
   * Loss and gradients for one batch (draws t and ε from the run's generator).
   * @returns plain numbers and the gradients in parameter order (caller disposes them)
   */
  forwardBackward(batch: ArrayBatch): { loss: number; terms: Record<keyof LossTerms, number>; grads: tf.Tensor[] } {
    const b = batch.shapeY[0]
    const t = sampleTimesteps(this.config.timesteps, this.rng, b)
    const epsData = this.rng.fillNormal(new Float32Array(batch.y.length))
    const x = tf.tensor4d(batch.x, batch.shapeX)
    const y = tf.tensor4d(batch.y, batch.shapeY)
    const eps = tf.tensor4d(epsData, batch.shapeY)
    const kept: tf.Tensor[] = []
    try {
      const opts = { endpointSteps: this.config.endpointSteps, alpha: this.config.alpha }
      const { value, grads } = tf.variableGrads(() => {
        const terms = lossTerms(this.model, { x, y, t, eps }, opts)
        for (const k of LOSS_TERM_NAMES) kept.push(tf.keep(tf.mean(terms[k])))
        return weightedTotal(terms, this.config.lossWeights)
      }, this.named.map((n) => n.variable))
      const loss = value.dataSync()[0]
      value.dispose()
      const terms = Object.fromEntries(LOSS_TERM_NAMES.map((k, i) => [k, kept[i].dataSync()[0]])) as StepLog['terms']
      if (!Number.isFinite(loss)) {
        tf.dispose(Object.values(grads))
        throw new CodedError('internal', `Training diverged at step ${this.step + 1} (loss ${loss}).`)
      }
      return { loss, terms, grads: this.named.map((n) => grads[n.variable.name]) }
    } finally {
      tf.dispose([x, y, eps, ...kept])
    }
  }

  /** Clips (optionally), applies Adam, updates the EMA; returns the gradient norm before clipping. */
  optimize(grads: tf.Tensor[]): number {
    const clipped = clipByGlobalNorm(grads, this.config.clipGradNorm)
    try {
      this.adam.apply(clipped.grads, this.config.learningRate)
    } finally {
      tf.dispose(clipped.grads)
    }
    this.ema?.update()
    return clipped.norm
  }

  /**
   * Runs `steps` updates, reporting each and checkpointing on schedule.
   * @throws CodedError `cancelled` when the signal aborts (after writing a final checkpoint if configured)
   */
  async runLoop(options: LoopOptions): Promise<StepLog[]> {
    const logs: StepLog[] = []
    const end = this.step + options.steps
    while (this.step < end) {
      if (options.signal?.aborted) {
        await options.checkpoint?.save(this)
        throw new CodedError('cancelled', `Training was cancelled at step ${this.step}.`)
      }
      const log = this.runStep()
      logs.push(log)
      options.onStep?.(log)
      if (options.curves && this.step % options.curves.every === 0) options.curves.onCurves(this.step, this.gammaCurves())
      if (options.checkpoint && (this.step % options.checkpoint.every === 0 || this.step === end)) await options.checkpoint.save(this)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return logs
  }

  /**
   * Mean γ(t) curves (γ head and β head, CVDM.md §10.1 item 13) on the top-left crop of the first pair.
   * @throws Error for a regression model (no schedule)
   */
  gammaCurves(): GammaCurves {
    const c = this.config.cropSize
    const p = this.pairs[0]
    const cx = this.model.config.condChannels
    const data = new Float32Array(c * c * cx)
    for (let i = 0; i < c; i++) data.set(p.x.subarray(i * p.width * cx, (i * p.width + c) * cx), i * c * cx)
    const x = tf.tensor4d(data, [1, c, c, cx])
    try {
      return gammaCurves(this.model, x, 11, this.config.endpointSteps)
    } finally {
      x.dispose()
    }
  }

  /** Frees the optimizer and EMA state (not the model). */
  dispose(): void {
    this.adam.dispose()
    this.ema?.dispose()
  }
}
