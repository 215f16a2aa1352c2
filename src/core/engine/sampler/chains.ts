/**
 * The sampler loops for one batch of chains: they call the model, the pure steps (./steps), report progress after
 * each step and check the AbortSignal (STYLE.md rule 27). λ(x) is computed once by the caller (CVDM.md §5.3).
 */
import { CodedError } from '../../../shared/errors'
import type { ClipMode, SamplerConfig, TimeSpacing } from '../config/sampler-config'
import type { CvdmModel } from '../model/cvdm-model'
import { Rng } from '../ops/rng'
import { gammaOf } from '../schedule/gamma'
import { tf } from '../tf'
import { faithfulStep, fastStep, gBarOf, logAlpha, predictX0, type X0Bounds } from './steps'

/** Independent noise streams, one per chain (sample), so results don't depend on how chains are batched. */
export class ChainNoise {
  private readonly rngs: Rng[]

  /**
   * @param seed - sampler seed; chain j of this batch uses sample index `firstSample + j`
   * @param perSampleShape - [B, H, W, C] of one sample's inputs
   */
  constructor(
    seed: number,
    firstSample: number,
    count: number,
    private readonly perSampleShape: [number, number, number, number]
  ) {
    this.rngs = Array.from({ length: count }, (_, j) => new Rng((seed ^ Math.imul(firstSample + j + 1, 0x9e3779b9)) >>> 0))
  }

  /** Next ξ for all chains: [count·B, H, W, C] standard normal; caller owns it. */
  next(): tf.Tensor4D {
    const [b, h, w, c] = this.perSampleShape
    const per = b * h * w * c
    const data = new Float32Array(per * this.rngs.length)
    this.rngs.forEach((rng, j) => rng.fillNormal(data.subarray(j * per, (j + 1) * per)))
    return tf.tensor4d(data, [b * this.rngs.length, h, w, c])
  }
}

/** Progress and cancellation hooks of a chain run. */
export interface ChainHooks {
  /** Called after every network evaluation. */
  onStep: () => void
  signal?: AbortSignal
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CodedError('cancelled', 'Sampling was cancelled.')
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** The fast samplers' time grid t_0 = 0 < … < t_N = 1 (see {@link TimeSpacing}). */
export function timeGrid(spacing: TimeSpacing, n: number): Float32Array {
  switch (spacing) {
    case 'uniform':
      return Float32Array.from({ length: n + 1 }, (_, i) => i / n)
    case 'quadratic':
      return Float32Array.from({ length: n + 1 }, (_, i) => (i / n) ** 2)
    default: {
      const never: never = spacing
      throw new Error(`Unknown time spacing "${String(never)}"`)
    }
  }
}

/**
 * x̂₀ bounds for a clip mode (see {@link ClipMode}); null: no clipping.
 * @param scale - the model's targetScale: x̂₀ lives in r/scale units, so [−2, 2] becomes [−2/scale, 2/scale]
 */
export function x0Bounds(mode: ClipMode, scale = 1): X0Bounds | null {
  switch (mode) {
    case 'none':
      return null
    case 'residual-range':
      return { lo: -2 / scale, hi: 2 / scale }
    default: {
      const never: never = mode
      throw new Error(`Unknown clip mode "${String(never)}"`)
    }
  }
}

/** Scalar time-profile values on a grid of times (float32 read-back, once per run). */
function profileValues(model: CvdmModel, t: Float32Array, key: 'Gamma' | 'tau'): Float32Array {
  const p = model.profile(t)
  const out = p[key].dataSync() as Float32Array
  tf.dispose(Object.values(p))
  return out
}

/**
 * Fast γ-head sampler on a respaced grid (CVDM.md §5.3): DDIM (η = 0) or ancestral (η = 1); returns
 * the final x̂₀ (the clean estimate, as the official packaged sampler).
 * @param x - [K·B, H, W, Cx] condition (tiled per chain); lambda - [K·B, H, W, C] λ(x)
 * @returns [K·B, H, W, C] r̂ (residual or y); caller owns it
 */
export async function fastChain(
  model: CvdmModel,
  cfg: SamplerConfig,
  x: tf.Tensor4D,
  lambda: tf.Tensor4D,
  noise: ChainNoise,
  hooks: ChainHooks
): Promise<tf.Tensor4D> {
  const n = cfg.steps
  const eta = cfg.kind === 'ancestral' ? 1 : 0
  const G = profileValues(model, timeGrid(cfg.spacing, n), 'Gamma')
  const bounds = x0Bounds(cfg.clipX0, model.config.targetScale)
  let z = noise.next()
  try {
    for (let i = n; i >= 1; i--) {
      checkAbort(hooks.signal)
      const next = tf.tidy(() => {
        const gT = gammaOf(lambda, tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D)
        const epsHat = model.denoise(z, x, gT.gamma)
        if (i === 1) return predictX0(z, epsHat, gT.gamma, gT.oneMinusGamma, bounds)
        const gS = gammaOf(lambda, tf.fill([1, 1, 1, 1], G[i - 1]) as tf.Tensor4D)
        return fastStep({
          z,
          epsHat,
          gammaT: gT.gamma,
          oneMinusGammaT: gT.oneMinusGamma,
          gammaS: gS.gamma,
          oneMinusGammaS: gS.oneMinusGamma,
          eta,
          noise: eta > 0 ? noise.next() : null,
          bounds
        }).z
      })
      z.dispose()
      z = next
      hooks.onStep()
      await yieldToEventLoop()
    }
    return z
  } catch (error) {
    z.dispose()
    throw error
  }
}

/**
 * Faithful β-mode sampler (official packaged version, CVDM.md §5.2): α_k = clip(1 − λτ(k/N)/N), log ḡ as a running
 * sum of log α (§5.3, §10.1 item 4), N − 1 network evaluations for n = N … 2; returns the last x̂₀.
 * @returns [K·B, H, W, C] r̂; caller owns it
 */
export async function faithfulChain(
  model: CvdmModel,
  cfg: SamplerConfig,
  x: tf.Tensor4D,
  lambda: tf.Tensor4D,
  noise: ChainNoise,
  hooks: ChainHooks
): Promise<tf.Tensor4D> {
  const n = cfg.steps
  const tau = profileValues(model, Float32Array.from({ length: n }, (_, k) => k / n), 'tau')
  let logG = tf.tidy(() => tau.reduce<tf.Tensor4D>((acc, tk) => tf.add(acc, logAlpha(lambda, tk, n)), tf.zerosLike(lambda)))
  const bounds = x0Bounds(cfg.clipX0, model.config.targetScale)
  let z = noise.next()
  let x0: tf.Tensor4D | null = null
  let epsHat: tf.Tensor4D | null = null
  try {
    for (let i = n; i >= 2; i--) {
      checkAbort(hooks.signal)
      const state = tf.tidy(() => {
        const la = logAlpha(lambda, tau[i - 1], n)
        const logNext = tf.sub(logG, la) as tf.Tensor4D
        const g = gBarOf(logG)
        const zz =
          x0 && epsHat
            ? faithfulStep({ x0, epsHat, g, gNext: gBarOf(logNext), alpha: tf.exp(la) as tf.Tensor4D, noise: noise.next() })
            : tf.clone(z)
        const e = model.denoise(zz, x, g)
        return { z: zz, eps: e, x0: predictX0(zz, e, g, tf.sub(1, g) as tf.Tensor4D, bounds), logNext }
      })
      tf.dispose([z, x0 as tf.Tensor4D, epsHat as tf.Tensor4D, logG].filter(Boolean))
      z = state.z
      epsHat = state.eps
      x0 = state.x0
      logG = state.logNext
      hooks.onStep()
      await yieldToEventLoop()
    }
    const out = x0 as tf.Tensor4D
    x0 = null
    return out
  } finally {
    tf.dispose([z, logG, epsHat as tf.Tensor4D, x0 as tf.Tensor4D].filter(Boolean))
  }
}
