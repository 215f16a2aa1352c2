/**
 * The CVDM model: denoiser + (for the learned schedule) schedule U-Net and the two monotone time nets
 * (CVDM.md §1.1). Functional nets over one {@link ParamStore}; the fixed-schedule variant has the same denoiser
 * and no schedule weights (CVDM.md §9.5); so has the regression baseline (method `regression`, see ./regression).
 */
import { hasLearnedSchedule, type ModelConfig, type PresetName, presetConfig, sizeMultiple, validateModelConfig } from '../config/model-config'
import { type NamedArrays, ParamStore } from '../ops/param-store'
import { Rng } from '../ops/rng'
import { fixedProfile } from '../schedule/fixed'
import type { TimeProfile } from '../schedule/gamma'
import { tf } from '../tf'
import { denoiser } from './denoiser'
import { scheduleNet } from './schedule-net'
import { timeNet, type TimeNetInit } from './time-net'

/** Init: Γ(t) ≈ 9t² (γ(1) ≈ 1e-4, CVDM.md §9.2) and τ(t) ≈ 18t = Γ′(t) (see TimeNetInit). */
const GAMMA_INIT: TimeNetInit = { slope: 9, offset: 0 }
const TAU_INIT: TimeNetInit = { slope: 0, offset: 18 }

/** A built CVDM model. All methods return tensors the caller owns. */
export interface CvdmModel {
  readonly config: ModelConfig
  readonly params: ParamStore
  /**
   * Rate map λ(x) (CVDM.md §2.1); all ones for fixed schedules and regression models.
   * @param x - [B, H, W, Cx] condition in [−1, 1]
   * @returns [B, H, W, C] ≥ 0
   */
  rate(x: tf.Tensor4D): tf.Tensor4D
  /**
   * Time profile Γ, Γ′, Γ″, τ at per-sample times (CVDM.md §2.2).
   * @param t - [B] times in [0, 1]
   * @throws Error for a regression model (it has no noise schedule)
   */
  profile(t: Float32Array): TimeProfile
  /**
   * Predicted noise ε̂ (CVDM.md §3.1).
   * @param z - [B, H, W, C] noisy sample; x - [B, H, W, Cx]; gammaMap - [B, H, W, C] γ in (0, 1)
   * @returns [B, H, W, C]
   */
  denoise(z: tf.Tensor4D, x: tf.Tensor4D, gammaMap: tf.Tensor4D): tf.Tensor4D
  /** Frees all weights. */
  dispose(): void
}

/** Options for {@link buildModel}. */
export interface BuildOptions {
  /** Seed of the weight init (ignored where `weights` are given). Default 0. */
  seed?: number
  /** Saved weights (from a model file); shapes are checked against the architecture. */
  weights?: NamedArrays
  /** `seeded` (default) = Keras-style seeded init; `zeros` = all zeros (fast, for counting parameters). */
  init?: 'seeded' | 'zeros'
}

class Model implements CvdmModel {
  constructor(
    readonly config: ModelConfig,
    readonly params: ParamStore
  ) {}

  rate(x: tf.Tensor4D): tf.Tensor4D {
    if (!hasLearnedSchedule(this.config)) {
      const [b, h, w] = x.shape
      return tf.ones([b, h, w, this.config.channels])
    }
    return scheduleNet(this.params, this.config, x)
  }

  profile(t: Float32Array): TimeProfile {
    if (this.config.method === 'regression') throw new Error('A regression model has no noise schedule (it predicts in one pass).')
    const kind = this.config.schedule
    switch (kind) {
      case 'learned':
        return tf.tidy(() => {
          const tt = tf.tensor1d(t)
          const G = timeNet(this.params, 'Gamma', tt, this.config.timeHidden, GAMMA_INIT)
          const tau = timeNet(this.params, 'tau', tt, this.config.timeHidden, TAU_INIT)
          return { Gamma: G.f, dGamma: G.df, d2Gamma: G.d2f, tau: tau.f }
        })
      case 'cosine':
      case 'linear-beta':
        return fixedProfile(kind, t)
      default: {
        const never: never = kind
        throw new Error(`Unknown schedule "${String(never)}"`)
      }
    }
  }

  denoise(z: tf.Tensor4D, x: tf.Tensor4D, gammaMap: tf.Tensor4D): tf.Tensor4D {
    return denoiser(this.params, this.config, z, x, gammaMap)
  }

  dispose(): void {
    this.params.dispose()
  }
}

/**
 * Builds a model: validates the config, creates (or loads) every weight by running each net once on a tiny input,
 * then seals the store.
 * @throws Error for an invalid config; CodedError `bad-model` when `weights` don't fit the architecture
 */
export function buildModel(config: Partial<ModelConfig>, options: BuildOptions = {}): CvdmModel {
  const c = validateModelConfig(config)
  const store = new ParamStore(new Rng(options.seed ?? 0), options.weights, options.init === 'zeros')
  const model = new Model(c, store)
  try {
    const side = Math.max(sizeMultiple(c), 8)
    tf.tidy(() => {
      const x = tf.zeros([1, side, side, c.condChannels]) as tf.Tensor4D
      const z = tf.zeros([1, side, side, c.channels]) as tf.Tensor4D
      model.rate(x)
      if (c.method === 'diffusion') model.profile(new Float32Array([0.5]))
      model.denoise(z, x, tf.fill([1, side, side, c.channels], 0.5) as tf.Tensor4D)
    })
    store.seal()
  } catch (error) {
    store.dispose()
    throw error
  }
  return model
}

/**
 * Factory by preset name (STYLE.md rule 21).
 * @param options.schedule - `learned` (CVDM) or a fixed baseline; options.method - `regression` for the CARE-like
 *   baseline with the same denoiser backbone (default `diffusion`)
 */
export function createModel(
  preset: PresetName,
  options: BuildOptions & { schedule?: ModelConfig['schedule']; method?: ModelConfig['method'] } = {}
): CvdmModel {
  return buildModel({ ...presetConfig(preset, options.schedule ?? 'learned'), method: options.method ?? 'diffusion' }, options)
}

/**
 * A second model with the same architecture and a copy of the weights (e.g. the EMA model).
 * @returns a new model the caller owns (dispose it)
 */
export async function cloneModel(model: CvdmModel): Promise<CvdmModel> {
  return buildModel(model.config, { weights: await model.params.toArrays() })
}

/** Parameter counts of a model, by part. */
export interface ParameterCounts {
  total: number
  denoiser: number
  scheduleNet: number
  timeNets: number
}

const countCache = new Map<string, ParameterCounts>()

/** Parameter counts by part of a built model. */
export function parameterCounts(model: CvdmModel): ParameterCounts {
  const vars = model.params.variables()
  const c: ParameterCounts = { total: 0, denoiser: 0, scheduleNet: 0, timeNets: 0 }
  model.params.names().forEach((name, i) => {
    const n = vars[i].size
    c.total += n
    if (name.startsWith('den/')) c.denoiser += n
    else if (name.startsWith('sched/')) c.scheduleNet += n
    else c.timeNets += n
  })
  return c
}

/**
 * Parameter counts of a preset (for `cvdm info`); builds it once with zero weights and caches the result
 * (cvdm-paper allocates ≈0.5 GB for a moment).
 */
export function presetParameterCounts(preset: PresetName, schedule: ModelConfig['schedule'] = 'learned'): ParameterCounts {
  const key = `${preset}/${schedule}`
  const cached = countCache.get(key)
  if (cached) return { ...cached }
  const model = buildModel(presetConfig(preset, schedule), { init: 'zeros' })
  const counts = parameterCounts(model)
  model.dispose()
  countCache.set(key, counts)
  return { ...counts }
}
