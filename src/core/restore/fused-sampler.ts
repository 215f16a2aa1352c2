/**
 * Seam-free tiled sampling (DESIGN.md §2): every sampler step evaluates the denoiser on overlapping tiles, fuses the
 * tiles' ε̂ into one canvas-wide ε̂ with tapered weights, and then takes ONE step on the whole canvas with one shared,
 * position-keyed noise field. Tiles therefore never hold separate states that could disagree. λ(x) is fused the same
 * way, once per image (CVDM.md §5.3). Fast γ-head samplers (DDIM η = 0, ancestral η = 1; CVDM.md §5.3) live here,
 * the faithful β-mode sampler (§5.2) in ./fused-faithful.
 */
import { CodedError } from '../../shared/errors'
import { tf, fastStep, gammaOf, inferenceNetsOf, predictX0, x0Bounds, type CvdmModel, type InferenceNets, type SamplerConfig } from './engine-api'
import type { Canvas } from './canvas'
import { fillFieldNoise } from './field-noise'
import { sampleCanvasFaithful } from './fused-faithful'
import { fuseTiles, inBands, profileValues, runNet, stackTiles, startingNoise, type CanvasChains, type TickHooks, type WorkItem } from './fused-ops'

export type { FusedHooks } from './fused-ops'

/** The fast samplers' time grid t_0 = 0 < … < t_N = 1 (uniform, or the DDIM paper's quadratic skip). */
function timeGrid(spacing: SamplerConfig['spacing'], n: number): Float32Array {
  return Float32Array.from({ length: n + 1 }, (_, i) => (spacing === 'quadratic' ? (i / n) ** 2 : i / n))
}

/** λ(x) fused over the canvas, once per image: Float32Array [canvas pixels]. */
export async function fusedRate(nets: InferenceNets, cfg: SamplerConfig, canvas: Canvas, cond: Float32Array, hooks: TickHooks): Promise<Float32Array> {
  const rate = (items: WorkItem[]): Promise<tf.Tensor4D> => runNet(() => [stackTiles(canvas, items, [cond])], ([x]) => nets.rate(x))
  return (await fuseTiles(canvas, 1, cfg.maxBatch, rate, hooks))[0]
}

/**
 * Samples `chains` restorations of the condition on one canvas with per-step fusion.
 * @param cond - Float32Array [canvas pixels], the normalized condition x on the output grid (≈[−1, 1])
 * @param noiseStride - row stride used to key the noise field by absolute pixel position (constant per image)
 * @param firstChain - index of the first chain (sample) of this call, for its noise streams
 * @returns per chain: Float32Array [canvas pixels] of ŷ = x + s·r̂ (residual) or s·r̂ (direct), s = the model's
 *   targetScale, not clipped. Regression models (no sampling) run once, fused the same way; every chain is that result.
 *   The networks run on the model's inference nets (onnxruntime when attached, see load-model.ts; else tfjs).
 */
export async function sampleCanvas(
  model: CvdmModel,
  cfg: SamplerConfig,
  canvas: Canvas,
  cond: Float32Array,
  chains: number,
  firstChain: number,
  noiseStride: number,
  hooks: TickHooks
): Promise<Float32Array[]> {
  if (model.config.channels !== 1 || model.config.condChannels !== 1) {
    throw new CodedError('unsupported-layout', 'Tiled restore supports single-channel models; multi-channel planes are restored one by one.')
  }
  const nets = inferenceNetsOf(model)
  let z: Float32Array[]
  if (model.config.method === 'regression') {
    // r̂ = D(0, x, 1), as the engine's regressTarget.
    const once = (items: WorkItem[]): Promise<tf.Tensor4D> =>
      runNet(
        () => {
          const x = stackTiles(canvas, items, [cond])
          return [tf.zerosLike(x), x, tf.onesLike(x)]
        },
        ([zero, x, one]) => nets.denoise(zero, x, one)
      )
    const [r] = await fuseTiles(canvas, 1, cfg.maxBatch, once, hooks)
    z = Array.from({ length: chains }, () => r)
  } else {
    const lambda = await fusedRate(nets, cfg, canvas, cond, hooks)
    const job: CanvasChains = { model, nets, cfg, canvas, cond, lambda, chains, firstChain, noiseStride, hooks }
    z = cfg.kind === 'faithful-beta' ? await sampleCanvasFaithful(job) : await sampleCanvasFast(job)
  }
  const scale = model.config.targetScale ?? 1
  const residual = model.config.target === 'residual'
  return z.map((r, c) => (c > 0 && r === z[0] ? z[0] : toOutput(r, cond, scale, residual)))
}

/** ŷ = x + s·r̂ (residual) or s·r̂ (direct), in place. */
function toOutput(r: Float32Array, cond: Float32Array, scale: number, residual: boolean): Float32Array {
  for (let p = 0; p < r.length; p++) r[p] = (residual ? cond[p] : 0) + scale * r[p]
  return r
}

/** The fast γ-head samplers on the fused canvas; returns r̂ per chain (the last x̂₀). */
async function sampleCanvasFast(job: CanvasChains): Promise<Float32Array[]> {
  const { model, nets, cfg, canvas, cond, lambda, chains, firstChain, noiseStride, hooks } = job
  const n = cfg.steps
  const eta = cfg.kind === 'ancestral' ? 1 : 0
  const G = profileValues(model, timeGrid(cfg.spacing, n), 'Gamma')
  const size = cond.length
  const z = startingNoise(job)
  const noise = eta > 0 ? new Float32Array(size) : new Float32Array(0)
  const bounds = x0Bounds(cfg.clipX0, model.config.targetScale ?? 1)
  for (let i = n; i >= 1; i--) {
    const denoise = (items: WorkItem[]): Promise<tf.Tensor4D> =>
      runNet(
        () => {
          const { gamma } = gammaOf(stackTiles(canvas, items, [lambda]), tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D)
          return [stackTiles(canvas, items, z), stackTiles(canvas, items, [cond]), gamma]
        },
        ([zt, x, gamma]) => nets.denoise(zt, x, gamma)
      )
    const eps = await fuseTiles(canvas, chains, cfg.maxBatch, denoise, hooks)
    for (let c = 0; c < chains; c++) {
      if (eta > 0 && i > 1) fillFieldNoise(cfg.seed, (1 + i) * 65536 + firstChain + c, canvas.rect, noiseStride, noise)
      inBands(canvas, [z[c], eps[c], lambda, eta > 0 ? noise : lambda], z[c], ([zt, e, lam, xi]) => {
        const gT = gammaOf(lam, tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D)
        if (i === 1) return predictX0(zt, e, gT.gamma, gT.oneMinusGamma, bounds)
        const gS = gammaOf(lam, tf.fill([1, 1, 1, 1], G[i - 1]) as tf.Tensor4D)
        const step = { z: zt, epsHat: e, gammaT: gT.gamma, oneMinusGammaT: gT.oneMinusGamma, gammaS: gS.gamma, oneMinusGammaS: gS.oneMinusGamma }
        return fastStep({ ...step, eta, noise: eta > 0 ? xi : null, bounds }).z
      })
    }
  }
  return z
}
