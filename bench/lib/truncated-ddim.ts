/**
 * Probe-only sampler (not in the engine): DDIM (η = 0) over a shortened t-range [0, tMax], started from the
 * "no residual" guess z = √(1 − γ(tMax))·ξ (i.e. r = 0, the bicubic answer, re-noised to tMax). It skips the
 * high-noise steps whose x̂₀ an under-trained ε-net gets worst (x̂₀ amplifies ε errors by √((1−γ)/γ)).
 * K samples with independent ξ; returns the per-pixel mean of ŷ = clip(x + s·r̂, −1, 1).
 */
import { fastStep, gammaOf, predictX0, Rng, tf, x0Bounds, type CvdmModel } from '../../src/core/engine'

/**
 * @param x - [B, H, W, 1] condition in [−1, 1]
 * @returns [B, H, W, 1] mean over K samples; caller owns it
 */
export function truncatedDdimMean(model: CvdmModel, x: tf.Tensor4D, tMax: number, steps: number, samples: number, seed: number): tf.Tensor4D {
  const s = model.config.targetScale
  const bounds = x0Bounds('residual-range', s)
  const grid = Float32Array.from({ length: steps + 1 }, (_, i) => (tMax * i) / steps)
  const p = model.profile(grid)
  const G = p.Gamma.dataSync()
  tf.dispose(Object.values(p))
  const rng = new Rng(seed)
  const xk = tf.tile(x, [samples, 1, 1, 1]) as tf.Tensor4D
  const lambda = model.rate(xk)
  const level = (i: number): { gamma: tf.Tensor4D; oneMinusGamma: tf.Tensor4D } => gammaOf(lambda, tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D)
  let z = tf.tidy(() => tf.mul(tf.sqrt(level(steps).oneMinusGamma), tf.tensor4d(rng.fillNormal(new Float32Array(xk.size)), xk.shape))) as tf.Tensor4D
  for (let i = steps; i >= 1; i--) {
    const next = tf.tidy(() => {
      const gT = level(i)
      const epsHat = model.denoise(z, xk, gT.gamma)
      if (i === 1) return predictX0(z, epsHat, gT.gamma, gT.oneMinusGamma, bounds)
      const gS = level(i - 1)
      return fastStep({ z, epsHat, gammaT: gT.gamma, oneMinusGammaT: gT.oneMinusGamma, gammaS: gS.gamma, oneMinusGammaS: gS.oneMinusGamma, eta: 0, noise: null, bounds }).z
    })
    z.dispose()
    z = next
  }
  const [b, h, w, c] = x.shape
  const out = tf.tidy(() => tf.mean(tf.reshape(tf.clipByValue(tf.add(xk, tf.mul(z, s)), -1, 1), [samples, b, h, w, c]), 0) as tf.Tensor4D)
  tf.dispose([z, xk, lambda])
  return out
}
