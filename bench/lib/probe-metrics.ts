/**
 * Denoiser diagnostics for benches: how good the one-step clean estimate x̂₀ is at a given noise level.
 */
import { gammaOf, predictX0, tf, type CvdmModel } from '../../src/core/engine'
import { Rng } from '../../src/core/engine'
import { psnr } from '../../src/core/engine/testing/filaments'

/**
 * PSNR (data range 2) of ŷ = clip(x + s·x̂₀, −1, 1) where x̂₀ comes from one denoiser call on z_t = √γ·r + √(1−γ)·ε
 * of the true scaled residual r = (y − x)/s (s = targetScale), for each t (x̂₀ clipped to [−2, 2] as the fast sampler). At high t this is the
 * network's estimate of E[r | x] (the regression answer); at low t it shows how well it removes small noise.
 * @param x - [B, H, W, 1] condition; y - [B, H, W, 1] truth; both in [−1, 1]
 * @returns t → PSNR in dB
 */
export function oneStepX0Psnr(model: CvdmModel, x: tf.Tensor4D, y: tf.Tensor4D, times: number[]): Record<string, number> {
  const out: Record<string, number> = {}
  if (model.config.method === 'regression') return out
  const s = model.config.targetScale
  const rng = new Rng(7)
  const truth = y.dataSync()
  for (const t of times) {
    const eps = tf.tensor4d(rng.fillNormal(new Float32Array(y.size)), y.shape)
    const yHat = tf.tidy(() => {
      const r = tf.div(tf.sub(y, x), s) as tf.Tensor4D
      const lambda = model.rate(x)
      const p = model.profile(new Float32Array(x.shape[0]).fill(t))
      const g = gammaOf(lambda, p.Gamma)
      const z = tf.add(tf.mul(tf.sqrt(g.gamma), r), tf.mul(tf.sqrt(g.oneMinusGamma), eps)) as tf.Tensor4D
      const x0 = predictX0(z, model.denoise(z, x, g.gamma), g.gamma, g.oneMinusGamma, { lo: -2 / s, hi: 2 / s })
      return tf.clipByValue(tf.add(x, tf.mul(x0, s)), -1, 1)
    })
    out[String(t)] = Number(psnr(yHat.dataSync(), truth).toFixed(2))
    tf.dispose([eps, yHat])
  }
  return out
}
