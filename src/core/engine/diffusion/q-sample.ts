import { tf } from '../tf'

/**
 * Forward (noising) process, variance preserving per pixel (CVDM.md §1.2; official `obtain_noisy_sample`):
 *   z_t = √γ·r + √(1 − γ)·ε
 * @param r - [B, H, W, C] clean target (residual y − x, or y), roughly in [−2, 2]
 * @param eps - [B, H, W, C] standard normal noise
 * @param gamma - [B, H, W, C] γ(t, x) in [1e-6, 0.99999]
 * @param oneMinusGamma - [B, H, W, C] 1 − γ (pass the expm1-accurate value from gammaTerms)
 * @returns [B, H, W, C] z_t; caller owns it
 */
export function qSample(r: tf.Tensor4D, eps: tf.Tensor4D, gamma: tf.Tensor4D, oneMinusGamma: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(tf.sqrt(gamma), r), tf.mul(tf.sqrt(oneMinusGamma), eps)) as tf.Tensor4D)
}

/**
 * The diffused variable for a pair (CVDM.md §1.1): residual r = y − x, or y itself, divided by `scale`
 * (ModelConfig.targetScale; 1 = official).
 * @param x - [B, H, W, C] condition; y - [B, H, W, C] target; both in [−1, 1]
 * @returns [B, H, W, C]; caller owns it
 */
export function diffusionTarget(target: 'residual' | 'direct', x: tf.Tensor4D, y: tf.Tensor4D, scale = 1): tf.Tensor4D {
  switch (target) {
    case 'residual':
      return scale === 1 ? tf.sub(y, x) : tf.tidy(() => tf.div(tf.sub(y, x), scale))
    case 'direct':
      return scale === 1 ? tf.clone(y) : tf.div(y, scale)
    default: {
      const never: never = target
      throw new Error(`Unknown diffusion target "${String(never)}"`)
    }
  }
}
