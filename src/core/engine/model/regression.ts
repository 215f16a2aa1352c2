/**
 * The regression baseline's one-pass prediction (CARE-like; issue [D]): the diffusion denoiser's backbone, fed a
 * zero "noisy sample" and a γ map of ones (no noise), predicts the scaled residual r/s directly. Same weights and
 * shapes as a fixed-schedule diffusion model of the same preset, so the comparison is at equal parameter count.
 */
import type { CvdmModel } from './cvdm-model'
import { tf } from '../tf'

/**
 * r̂ = D(0, x, 1): the regression model's estimate of the (scaled) diffused variable.
 * @param x - [B, H, W, Cx] condition in [−1, 1]
 * @returns [B, H, W, C] r̂ in the model's target units (r/targetScale); caller owns it
 */
export function regressTarget(model: CvdmModel, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w] = x.shape
    const shape: [number, number, number, number] = [b, h, w, model.config.channels]
    return model.denoise(tf.zeros(shape), x, tf.ones(shape))
  })
}
