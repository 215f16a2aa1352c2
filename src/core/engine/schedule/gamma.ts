/**
 * Pure schedule math over t (STYLE.md rule 25). Every schedule here has the separable CVDM form
 *   γ(t, x) = exp(−λ(x)·Γ(t)),  β(t, x) = λ(x)·τ(t)   (CVDM.md §2.1)
 * — the learned one with λ from the schedule U-Net and Γ, τ from the time nets, the fixed ones with λ ≡ 1 and a
 * closed-form Γ (see ./fixed). Computed in log space with the official clamps (CVDM.md §10.1 item 1):
 * γ ∈ [1e-6, 0.99999] ⇔ u = λΓ ∈ [−ln 0.99999, −ln 1e-6]; 1 − γ = −expm1(−u).
 */
import { tf } from '../tf'

/** u = λΓ lower clamp: −ln(0.99999) (γ ≤ 0.99999). */
export const U_MIN = -Math.log(0.99999)
/** u = λΓ upper clamp: −ln(1e-6) (γ ≥ 1e-6). */
export const U_MAX = -Math.log(1e-6)

/** Time profile at per-sample times, each [B, 1, 1, 1] float32: Γ(t), Γ′(t), Γ″(t) and the β-head rate τ(t). */
export interface TimeProfile {
  Gamma: tf.Tensor4D
  dGamma: tf.Tensor4D
  d2Gamma: tf.Tensor4D
  tau: tf.Tensor4D
}

/** γ and its closed-form t-derivatives (CVDM.md §4.3), each [B, H, W, C] float32. */
export interface GammaTerms {
  /** γ(t, x) in [1e-6, 0.99999]. */
  gamma: tf.Tensor4D
  /** 1 − γ, computed as −expm1(−u), in [1e-5, 1 − 1e-6]. */
  oneMinusGamma: tf.Tensor4D
  /** 1 where the clamp is inactive, else 0 (the clamp has zero gradient there, as in the official code). */
  mask: tf.Tensor4D
  /** ∂γ/∂t = −m·λ·Γ′·γ. */
  dGammaDt: tf.Tensor4D
  /** ∂²γ/∂t² = m·γ·(λ²Γ′² − λΓ″). */
  d2GammaDt2: tf.Tensor4D
  /** ∂γ/∂t + β·γ = m·λ·γ·(τ − Γ′): the L_β consistency residual. */
  consistency: tf.Tensor4D
}

/**
 * γ(t, x) with the official clamps, and 1 − γ.
 * @param lambda - [B, H, W, C] rate map λ(x) ≥ 0 (or a broadcastable [B,1,1,1] ones tensor for fixed schedules)
 * @param Gamma - [B, 1, 1, 1] Γ(t)
 * @returns γ and 1 − γ broadcast to the larger shape; caller owns them
 */
export function gammaOf(lambda: tf.Tensor4D, Gamma: tf.Tensor4D): { gamma: tf.Tensor4D; oneMinusGamma: tf.Tensor4D } {
  return tf.tidy(() => {
    const u = tf.clipByValue(tf.mul(lambda, Gamma), U_MIN, U_MAX)
    return { gamma: tf.exp(tf.neg(u)) as tf.Tensor4D, oneMinusGamma: tf.neg(tf.expm1(tf.neg(u))) as tf.Tensor4D }
  })
}

/**
 * γ and its closed-form t-derivatives for the loss (CVDM.md §4.3). One first-order autodiff pass then suffices.
 * @param lambda - [B, H, W, C] λ(x)
 * @param p - the time profile at the training t
 * @returns {@link GammaTerms}; caller owns the tensors
 */
export function gammaTerms(lambda: tf.Tensor4D, p: TimeProfile): GammaTerms {
  return tf.tidy(() => {
    const uRaw = tf.mul(lambda, p.Gamma)
    // tf.step has a zero gradient (logical ops have none): the mask is a constant for autodiff, as in the official clamp.
    const mask = tf.mul(tf.step(tf.sub(uRaw, U_MIN)), tf.step(tf.sub(U_MAX, uRaw))) as tf.Tensor4D
    const { gamma, oneMinusGamma } = gammaOf(lambda, p.Gamma)
    const mGamma = tf.mul(mask, gamma)
    const lg1 = tf.mul(lambda, p.dGamma) // λΓ′
    return {
      gamma,
      oneMinusGamma,
      mask,
      dGammaDt: tf.neg(tf.mul(mGamma, lg1)) as tf.Tensor4D,
      d2GammaDt2: tf.mul(mGamma, tf.sub(tf.square(lg1), tf.mul(lambda, p.d2Gamma))) as tf.Tensor4D,
      consistency: tf.mul(tf.mul(mGamma, lambda), tf.sub(p.tau, p.dGamma)) as tf.Tensor4D
    }
  })
}

/** Disposes every tensor of a record of tensors (GammaTerms, TimeProfile, …). */
export function disposeRecord(record: object): void {
  tf.dispose(Object.values(record) as tf.Tensor[])
}
