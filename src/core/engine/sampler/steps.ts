/**
 * Pure sampler steps: no model inside (STYLE.md rule 27). All tensors [B, H, W, C] float32 (NHWC); γ maps are
 * per pixel. Each function returns new tensors the caller owns.
 */
import { tf } from '../tf'

/** Element-wise bounds for x̂₀: tensors broadcastable to [B, H, W, C], or numbers. */
export interface X0Bounds {
  lo: tf.Tensor | number
  hi: tf.Tensor | number
}

/**
 * x̂₀ = (z − √(1−γ)·ε̂)/√γ, optionally clipped to [lo, hi] (CVDM.md §5.2; clipping: §5.3, §10.1 item 5).
 * @param gamma - γ of z's noise level, in (0, 1); oneMinusGamma - 1 − γ
 * @param bounds - clipping bounds, or null for none
 */
export function predictX0(
  z: tf.Tensor4D,
  epsHat: tf.Tensor4D,
  gamma: tf.Tensor4D,
  oneMinusGamma: tf.Tensor4D,
  bounds: X0Bounds | null
): tf.Tensor4D {
  return tf.tidy(() => {
    const x0 = tf.div(tf.sub(z, tf.mul(tf.sqrt(oneMinusGamma), epsHat)), tf.sqrt(gamma)) as tf.Tensor4D
    return bounds === null ? x0 : (tf.minimum(tf.maximum(x0, bounds.lo), bounds.hi) as tf.Tensor4D)
  })
}

/** Inputs of one fast (γ-head, respaced) step from noise level t to s < t. */
export interface FastStepInput {
  /** z_t. */
  z: tf.Tensor4D
  /** ε̂ = ε_θ(z_t, x, γ_t). */
  epsHat: tf.Tensor4D
  /** γ(t, x), 1 − γ(t, x). */
  gammaT: tf.Tensor4D
  oneMinusGammaT: tf.Tensor4D
  /** γ(s, x), 1 − γ(s, x) (γ_s > γ_t). */
  gammaS: tf.Tensor4D
  oneMinusGammaS: tf.Tensor4D
  /** 0 = DDIM (deterministic), 1 = ancestral (DDPM posterior variance). */
  eta: number
  /** ξ ~ N(0, I) (required when eta > 0). */
  noise: tf.Tensor4D | null
  /** x̂₀ clipping bounds, or null. */
  bounds: X0Bounds | null
}

/**
 * One generalised DDIM step (Song et al. 2021, eq. 12) on ᾱ = γ — CVDM.md §5.3's fast mode:
 *   σ² = η²·(1−γ_s)/(1−γ_t)·(1 − γ_t/γ_s),  z_s = √γ_s·x̂₀ + √(1−γ_s−σ²)·ε̂ + σ·ξ.
 * η = 1 gives the ancestral DDPM step with ᾱ ratio γ_t/γ_s.
 * @returns z_s and the x̂₀ used
 */
export function fastStep(i: FastStepInput): { z: tf.Tensor4D; x0: tf.Tensor4D } {
  return tf.tidy(() => {
    const x0 = predictX0(i.z, i.epsHat, i.gammaT, i.oneMinusGammaT, i.bounds)
    let z = tf.mul(tf.sqrt(i.gammaS), x0)
    if (i.eta > 0) {
      if (!i.noise) throw new Error('fastStep: eta > 0 needs noise')
      const ratio = tf.div(i.gammaT, i.gammaS)
      const sigma2 = tf.mul(i.eta * i.eta, tf.mul(tf.div(i.oneMinusGammaS, i.oneMinusGammaT), tf.relu(tf.sub(1, ratio))))
      z = tf.add(z, tf.mul(tf.sqrt(tf.relu(tf.sub(i.oneMinusGammaS, sigma2))), i.epsHat))
      z = tf.add(z, tf.mul(tf.sqrt(sigma2), i.noise))
    } else {
      z = tf.add(z, tf.mul(tf.sqrt(i.oneMinusGammaS), i.epsHat))
    }
    return { z: z as tf.Tensor4D, x0 }
  })
}

/** Inputs of one faithful β-mode re-noising (official packaged sampler, CVDM.md §5.2). */
export interface FaithfulStepInput {
  /** x̂₀ and ε̂ of the previous (noisier) iteration. */
  x0: tf.Tensor4D
  epsHat: tf.Tensor4D
  /** g = ḡ_{n−1}: the level to re-noise to; gNext = ḡ_{n−2}. */
  g: tf.Tensor4D
  gNext: tf.Tensor4D
  /** α_{n−1} = clip(1 − β(t_{n−1}, x)/N, 1e-6, 0.99999). */
  alpha: tf.Tensor4D
  /** ξ ~ N(0, I). */
  noise: tf.Tensor4D
}

/**
 * z = √g·x̂₀ + √(1 − g − σ²)·ε̂ + σ·ξ with σ² = (1−g′)·(1−α)/(1−g) (CVDM.md §5.2; the square-root argument is
 * clamped at 0, which the official code does not need at N = 200).
 */
export function faithfulStep(i: FaithfulStepInput): tf.Tensor4D {
  return tf.tidy(() => {
    const oneMinusG = tf.sub(1, i.g)
    const sigma2 = tf.div(tf.mul(tf.sub(1, i.gNext), tf.sub(1, i.alpha)), oneMinusG)
    const z = tf.add(tf.mul(tf.sqrt(i.g), i.x0), tf.mul(tf.sqrt(tf.relu(tf.sub(oneMinusG, sigma2))), i.epsHat))
    return tf.add(z, tf.mul(tf.sqrt(sigma2), i.noise)) as tf.Tensor4D
  })
}

/** Log of the β-mode per-step signal fraction: log α = log clip(1 − λτ/N, 1e-6, 0.99999) (CVDM.md §5, §10.1 item 4). */
export function logAlpha(lambda: tf.Tensor4D, tau: number, steps: number): tf.Tensor4D {
  return tf.tidy(() => tf.log(tf.clipByValue(tf.sub(1, tf.mul(lambda, tau / steps)), 1e-6, 0.99999)) as tf.Tensor4D)
}

/** ḡ = clip(exp(log ḡ), 1e-10, 0.99999) (official HEAD clip). */
export function gBarOf(logGBar: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.exp(logGBar), 1e-10, 0.99999) as tf.Tensor4D)
}
