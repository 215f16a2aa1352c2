/**
 * The faithful β-mode sampler (official packaged version, CVDM.md §5.2) with per-step tile fusion, exactly like the
 * fast samplers: at every step the tiles' ε̂ are fused into one canvas-wide ε̂, and the re-noising step runs once on
 * the whole canvas with the shared position-keyed noise field. log ḡ is a running sum of log α (§5.3, §10.1 item 4),
 * per pixel over the canvas; N − 1 network evaluations for n = N … 2; returns the last x̂₀. Mirrors the engine's
 * untiled `faithfulChain` step for step, so a single-tile canvas reproduces its arithmetic.
 */
import { tf, faithfulStep, gBarOf, logAlpha, predictX0, x0Bounds } from './engine-api'
import { fillFieldNoise } from './field-noise'
import { fuseTiles, inBands, profileValues, runNet, stackTiles, startingNoise, type CanvasChains, type WorkItem } from './fused-ops'

/**
 * Runs the β-mode chains on a canvas.
 * @returns per chain: Float32Array [canvas pixels] r̂ (the last x̂₀, residual or direct target; not clipped)
 */
export async function sampleCanvasFaithful(job: CanvasChains): Promise<Float32Array[]> {
  const { model, nets, cfg, canvas, cond, lambda, chains, firstChain, noiseStride, hooks } = job
  const n = cfg.steps
  const size = cond.length
  const tau = profileValues(model, Float32Array.from({ length: n }, (_, k) => k / n), 'tau')
  const bounds = x0Bounds(cfg.clipX0, model.config.targetScale ?? 1)
  // log ḡ_{N−1} = Σ_k log α_k, per pixel; stepping back subtracts log α_{n−1}.
  const logG = new Float32Array(size)
  inBands(canvas, [lambda], logG, ([lam]) => tau.reduce<tf.Tensor4D>((acc, tk) => tf.add(acc, logAlpha(lam, tk, n)), tf.zerosLike(lam)))
  // state[c] holds z before the network call and x̂₀ after it; eps[c] the fused ε̂ of the last call.
  const state = startingNoise(job)
  let eps: Float32Array[] = []
  const noise = new Float32Array(size)
  for (let i = n; i >= 2; i--) {
    if (i < n) {
      for (let c = 0; c < chains; c++) {
        fillFieldNoise(cfg.seed, (1 + i) * 65536 + firstChain + c, canvas.rect, noiseStride, noise)
        inBands(canvas, [state[c], eps[c], logG, lambda, noise], state[c], ([x0, e, lg, lam, xi]) => {
          const la = logAlpha(lam, tau[i - 1], n)
          return faithfulStep({ x0, epsHat: e, g: gBarOf(lg), gNext: gBarOf(tf.sub(lg, la) as tf.Tensor4D), alpha: tf.exp(la) as tf.Tensor4D, noise: xi })
        })
      }
    }
    const denoise = (items: WorkItem[]): Promise<tf.Tensor4D> =>
      runNet(
        () => [stackTiles(canvas, items, state), stackTiles(canvas, items, [cond]), gBarOf(stackTiles(canvas, items, [logG]))],
        ([z, x, g]) => nets.denoise(z, x, g)
      )
    eps = await fuseTiles(canvas, chains, cfg.maxBatch, denoise, hooks)
    for (let c = 0; c < chains; c++) {
      inBands(canvas, [state[c], eps[c], logG], state[c], ([z, e, lg]) => {
        const g = gBarOf(lg)
        return predictX0(z, e, g, tf.sub(1, g) as tf.Tensor4D, bounds)
      })
    }
    inBands(canvas, [logG, lambda], logG, ([lg, lam]) => tf.sub(lg, logAlpha(lam, tau[i - 1], n)) as tf.Tensor4D)
  }
  return state
}
