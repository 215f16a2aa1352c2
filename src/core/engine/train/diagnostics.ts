/**
 * Schedule diagnostics for training logs (CVDM.md §10.1 item 13, §11 last line): the mean γ(t) curve of the γ head
 * (exp(−λΓ(t)), what training uses) and of the β head (ḡ = Π clip(1 − λτ(t_j)/N), what the faithful sampler
 * uses). If the two disagree, prefer the γ-head sampler at inference.
 */
import type { CvdmModel } from '../model/cvdm-model'
import { gammaOf } from '../schedule/gamma'
import { tf } from '../tf'

/** Mean γ over all pixels at each t, from both heads. */
export interface GammaCurves {
  t: number[]
  gammaHead: number[]
  betaHead: number[]
}

/**
 * @param x - [B, H, W, Cx] conditions (e.g. one training batch)
 * @param points - number of t values, uniform in [0, 1]
 * @param steps - N of the β-head discretisation (the faithful sampler's N, 200)
 */
export function gammaCurves(model: CvdmModel, x: tf.Tensor4D, points = 11, steps = 200): GammaCurves {
  return tf.tidy(() => {
    const t = Array.from({ length: points }, (_, i) => i / (points - 1))
    const lambda = model.rate(x)
    const p = model.profile(Float32Array.from(t))
    const G = p.Gamma.dataSync()
    const gammaHead = t.map((_, i) => tf.tidy(() => tf.mean(gammaOf(lambda, tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D).gamma).dataSync()[0]))
    const grid = Float32Array.from({ length: steps }, (_, k) => k / steps)
    const tau = model.profile(grid).tau.dataSync()
    // ḡ after k+1 factors ≈ γ((k+1)/N) (CVDM.md §5); ḡ(0) = 1.
    const wanted = new Map(t.map((v, i) => [Math.round(v * steps), i]))
    const betaHead = new Array<number>(points).fill(1)
    let logG: tf.Tensor = tf.zerosLike(lambda)
    for (let k = 0; k < steps; k++) {
      const next = tf.add(logG, tf.log(tf.clipByValue(tf.sub(1, tf.mul(lambda, tau[k] / steps)), 1e-6, 0.99999)))
      logG.dispose()
      logG = next
      const i = wanted.get(k + 1)
      if (i !== undefined) betaHead[i] = tf.tidy(() => tf.mean(tf.exp(logG)).dataSync()[0])
    }
    return { t, gammaHead, betaHead }
  })
}
