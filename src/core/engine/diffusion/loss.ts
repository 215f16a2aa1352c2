/**
 * The CVDM training loss, exactly as the official code computes it (CVDM.md §4.2, §11; cvdm/diffusion_models/
 * joint_model.py @HEAD, diffusion_models/ddpm.py::train_model @6b0fd42), with the closed-form t-derivatives of §4.3:
 *   L_ε  = (ε̂ − ε)²
 *   L_β  = (∂γ/∂t + βγ)² + (γ₀ − 1)² + γ₁²             γ₀ = γ(1/T, x), γ₁ = γ(1 − 1/T, x)
 *   L_KL = ½(−1 + log v₁ + 1/v₁ + γ₁r²/v₁),  v₁ = 1 − γ₁ + 1e-7   (official argument order, §4.2 item 3)
 *   L_γ  = α·(∂²γ/∂t²)²,  α = 1e-3 (whole batch, as the ICLR version, §4.4)
 * Each term is returned per sample ([B], mean over H·W·C); the trainer averages over the batch, so every term is a
 * mean over all elements (CVDM.md §10.1 item 7) and weights them 1/2/2/2 (STYLE.md rule 28).
 * Fixed schedules (§9.5) use L_ε only; the other terms are zeros. {@link lossTerms} also serves the regression
 * baseline (ModelConfig.method `regression`): its only term is the MSE of the predicted residual, in the `eps` slot.
 */
import type { CvdmModel } from '../model/cvdm-model'
import { regressTarget } from '../model/regression'
import { gammaOf, gammaTerms } from '../schedule/gamma'
import { tf } from '../tf'
import { diffusionTarget, qSample } from './q-sample'

/** Per-sample loss terms, each [B] float32 (unweighted). For regression models `eps` is the residual MSE. */
export interface LossTerms {
  eps: tf.Tensor1D
  beta: tf.Tensor1D
  kl: tf.Tensor1D
  gamma: tf.Tensor1D
}

/** Names of the loss terms, in logging order. */
export const LOSS_TERM_NAMES = ['eps', 'beta', 'kl', 'gamma'] as const

/** Loss options. */
export interface LossOptions {
  /** Endpoint T: t₀ = 1/T, t₁ = 1 − 1/T (CVDM.md §2.4; 200 = HEAD BioSR config). */
  endpointSteps: number
  /** Weight α inside L_γ (official 1e-3). */
  alpha: number
}

/** One training batch: condition, target, per-sample times and noise. */
export interface LossBatch {
  /** [B, H, W, Cx] condition in [−1, 1]. */
  x: tf.Tensor4D
  /** [B, H, W, C] target in [−1, 1]. */
  y: tf.Tensor4D
  /** [B] times in [0, 1] (clipped to 0.99999 by the time nets). */
  t: Float32Array
  /** [B, H, W, C] standard normal noise. */
  eps: tf.Tensor4D
}

const meanPerSample = (v: tf.Tensor): tf.Tensor1D => tf.mean(v, [1, 2, 3]) as tf.Tensor1D

/**
 * Computes the four per-sample terms. Differentiable w.r.t. all model weights (no stop-gradient, CVDM.md §4.2).
 * @returns {@link LossTerms}; caller owns them
 */
export function cvdmLossTerms(model: CvdmModel, batch: LossBatch, options: LossOptions): LossTerms {
  return tf.tidy(() => {
    const b = batch.t.length
    const r = diffusionTarget(model.config.target, batch.x, batch.y, model.config.targetScale)
    const lambda = model.rate(batch.x) // once per step (CVDM.md §2.3, last bullet)
    const p = model.profile(batch.t)
    const g = gammaTerms(lambda, p)
    const z = qSample(r, batch.eps, g.gamma, g.oneMinusGamma)
    const epsHat = model.denoise(z, batch.x, g.gamma)
    const lEps = meanPerSample(tf.squaredDifference(epsHat, batch.eps))
    if (model.config.schedule !== 'learned') {
      const zeros = tf.zeros([b]) as tf.Tensor1D
      return { eps: lEps, beta: zeros, kl: tf.clone(zeros), gamma: tf.clone(zeros) }
    }
    const T = options.endpointSteps
    const ends = model.profile(new Float32Array(2 * b).fill(1 / T, 0, b).fill(1 - 1 / T, b))
    const [G0, G1] = tf.split(ends.Gamma, 2, 0) as [tf.Tensor4D, tf.Tensor4D]
    const g0 = gammaOf(lambda, G0)
    const g1 = gammaOf(lambda, G1)
    const lBeta = meanPerSample(tf.add(tf.add(tf.square(g.consistency), tf.square(tf.sub(g0.gamma, 1))), tf.square(g1.gamma)))
    const v1 = tf.add(g1.oneMinusGamma, 1e-7)
    const kl = tf.mul(0.5, tf.add(tf.add(tf.log(v1), tf.reciprocal(v1)), tf.sub(tf.div(tf.mul(g1.gamma, tf.square(r)), v1), 1)))
    const lGamma = meanPerSample(tf.mul(options.alpha, tf.square(g.d2GammaDt2)))
    return { eps: lEps, beta: lBeta, kl: meanPerSample(kl), gamma: lGamma }
  })
}

/**
 * Regression baseline loss (CARE-like): per-sample mean of (r̂ − r)², r = (y − x)/targetScale, r̂ = D(0, x, 1).
 * `t` and `eps` of the batch are ignored; the other terms are zeros.
 * @returns {@link LossTerms}; caller owns them
 */
export function regressionLossTerms(model: CvdmModel, batch: LossBatch): LossTerms {
  return tf.tidy(() => {
    const r = diffusionTarget(model.config.target, batch.x, batch.y, model.config.targetScale)
    const mse = meanPerSample(tf.squaredDifference(regressTarget(model, batch.x), r))
    const zeros = tf.zeros([batch.t.length]) as tf.Tensor1D
    return { eps: mse, beta: zeros, kl: tf.clone(zeros), gamma: tf.clone(zeros) }
  })
}

/**
 * The training loss of any model: {@link cvdmLossTerms} for diffusion models, {@link regressionLossTerms} for the
 * regression baseline (STYLE.md rule 21: exhaustive switch on the config enum).
 * @returns {@link LossTerms}; caller owns them
 */
export function lossTerms(model: CvdmModel, batch: LossBatch, options: LossOptions): LossTerms {
  const method = model.config.method
  switch (method) {
    case 'diffusion':
      return cvdmLossTerms(model, batch, options)
    case 'regression':
      return regressionLossTerms(model, batch)
    default: {
      const never: never = method
      throw new Error(`Unknown model method "${String(never)}"`)
    }
  }
}

/** Loss weights [L_ε, L_β, L_KL, L_γ] of the official config (CVDM.md §4.2, §7). */
export const DEFAULT_LOSS_WEIGHTS: Readonly<Record<keyof LossTerms, number>> = Object.freeze({ eps: 1, beta: 2, kl: 2, gamma: 2 })

/**
 * Weighted total: Σ_k w_k · mean_B(term_k) (a scalar).
 * @returns scalar; caller owns it
 */
export function weightedTotal(terms: LossTerms, weights: Readonly<Record<keyof LossTerms, number>>): tf.Scalar {
  return tf.tidy(() =>
    tf.addN(LOSS_TERM_NAMES.map((k) => tf.mul(weights[k], tf.mean(terms[k])))) as tf.Scalar
  )
}
