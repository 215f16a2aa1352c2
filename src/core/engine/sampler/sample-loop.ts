/**
 * Sampling entry point: K samples per input (batched up to `maxBatch` images), per-pixel mean (the restoration) and
 * std (the uncertainty) (CVDM.md §6), output ŷ = clip(x + s·r̂, −1, 1) in residual mode (CVDM.md §1.1; s =
 * ModelConfig.targetScale). Regression models take their one-pass path ({@link predict}): mean = prediction, std = 0.
 */
import { CodedError } from '../../../shared/errors'
import { type SamplerConfig, type SamplerKind, validateSamplerConfig } from '../config/sampler-config'
import type { CvdmModel } from '../model/cvdm-model'
import { regressTarget } from '../model/regression'
import { tf } from '../tf'
import { ChainNoise, faithfulChain, fastChain } from './chains'

/** Progress after each network evaluation. */
export interface SampleProgress {
  /** Evaluations done so far (1-based). */
  step: number
  /** Total evaluations of this call (all chunks of samples). */
  total: number
}

/** Hooks of a sampling run. */
export interface SampleOptions {
  onProgress?: (p: SampleProgress) => void
  /** Aborting throws CodedError `cancelled` before the next step; no tensors are leaked. */
  signal?: AbortSignal
}

/** Sampling result; caller owns (disposes) both tensors. */
export interface SampleResult {
  /** [B, H, W, C] per-pixel mean over the K samples, in [−1, 1]. */
  mean: tf.Tensor4D
  /** [B, H, W, C] per-pixel standard deviation over the K samples (0 when K = 1). */
  std: tf.Tensor4D
}

type Chain = typeof fastChain

/** Chain factory by sampler kind (STYLE.md rule 21). */
export function chainFor(kind: SamplerKind): Chain {
  switch (kind) {
    case 'ddim':
    case 'ancestral':
      return fastChain
    case 'faithful-beta':
      return faithfulChain
    default: {
      const never: never = kind
      throw new Error(`Unknown sampler "${String(never)}"`)
    }
  }
}

/** Network evaluations one chain needs. */
export function evaluationsPerChain(cfg: SamplerConfig): number {
  return cfg.kind === 'faithful-beta' ? cfg.steps - 1 : cfg.steps
}

/**
 * Restores a batch of conditions.
 * @param x - [B, H, W, Cx] condition in [−1, 1] (on the output grid; H, W multiples of the model's size multiple)
 * @param config - sampler settings (validated here)
 * @returns mean and std over K samples; the same seed gives the same result on the same backend
 * @throws CodedError `cancelled` when `signal` aborts; Error for an invalid config
 */
export async function sample(
  model: CvdmModel,
  x: tf.Tensor4D,
  config: Partial<SamplerConfig> = {},
  options: SampleOptions = {}
): Promise<SampleResult> {
  const cfg = validateSamplerConfig(config)
  if (model.config.method === 'regression') {
    if (options.signal?.aborted) throw new CodedError('cancelled', 'Sampling was cancelled.')
    const mean = predict(model, x)
    options.onProgress?.({ step: 1, total: 1 })
    return { mean, std: tf.zerosLike(mean) }
  }
  const [b, h, w] = x.shape
  const c = model.config.channels
  const perChunk = Math.max(1, Math.floor(cfg.maxBatch / b))
  const total = cfg.samples * evaluationsPerChain(cfg)
  const chain = chainFor(cfg.kind)
  const lambda = model.rate(x)
  const outputs: tf.Tensor4D[] = []
  let done = 0
  try {
    for (let k0 = 0; k0 < cfg.samples; k0 += perChunk) {
      const k = Math.min(perChunk, cfg.samples - k0)
      const xk = tf.tile(x, [k, 1, 1, 1]) as tf.Tensor4D
      const lk = tf.tile(lambda, [k, 1, 1, 1]) as tf.Tensor4D
      try {
        const noise = new ChainNoise(cfg.seed, k0, k, [b, h, w, c])
        const hooks = {
          signal: options.signal,
          onStep: () => {
            done += k
            options.onProgress?.({ step: done, total })
          }
        }
        const r = await chain(model, cfg, xk, lk, noise, hooks)
        outputs.push(tf.tidy(() => toOutput(model, xk, r)))
        r.dispose()
      } finally {
        tf.dispose([xk, lk])
      }
    }
    return tf.tidy(() => {
      const all = tf.reshape(tf.concat(outputs, 0), [cfg.samples, b, h, w, c])
      const { mean, variance } = tf.moments(all, 0)
      return { mean: mean as tf.Tensor4D, std: tf.sqrt(tf.relu(variance)) as tf.Tensor4D }
    })
  } finally {
    tf.dispose([lambda, ...outputs])
  }
}

/**
 * One-pass restoration of a regression model (no sampling): ŷ = clip(x + s·D(0, x, 1), −1, 1).
 * @param x - [B, H, W, Cx] condition in [−1, 1]
 * @returns [B, H, W, C] in [−1, 1]; caller owns it
 * @throws Error for a diffusion model (use {@link sample})
 */
export function predict(model: CvdmModel, x: tf.Tensor4D): tf.Tensor4D {
  if (model.config.method !== 'regression') throw new Error('predict() is the regression path; diffusion models restore with sample().')
  return tf.tidy(() => toOutput(model, x, regressTarget(model, x)))
}

/** ŷ = clip(x + s·r̂, −1, 1) (residual) or clip(s·r̂, −1, 1) (direct), CVDM.md §1.1; s = targetScale. */
function toOutput(model: CvdmModel, x: tf.Tensor4D, rScaled: tf.Tensor4D): tf.Tensor4D {
  const target = model.config.target
  const s = model.config.targetScale
  const r = s === 1 ? rScaled : (tf.mul(rScaled, s) as tf.Tensor4D)
  switch (target) {
    case 'residual':
      return tf.clipByValue(tf.add(x, r), -1, 1) as tf.Tensor4D
    case 'direct':
      return tf.clipByValue(r, -1, 1)
    default: {
      const never: never = target
      throw new Error(`Unknown diffusion target "${String(never)}"`)
    }
  }
}
