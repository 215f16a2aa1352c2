/**
 * Seam-free tiled sampling (DESIGN.md §2): every sampler step evaluates the denoiser on overlapping tiles, fuses the
 * tiles' ε̂ into one canvas-wide ε̂ with tapered weights, and then takes ONE step on the whole canvas with one shared,
 * position-keyed noise field. Tiles therefore never hold separate states that could disagree. λ(x) is fused the same
 * way, once per image (CVDM.md §5.3). Fast γ-head samplers (DDIM η = 0, ancestral η = 1; CVDM.md §5.3).
 */
import { CodedError } from '../../shared/errors'
import { tf, fastStep, gammaOf, predictX0, x0Bounds, type CvdmModel, type SamplerConfig } from './engine-api'
import { addWeightedTile, canvasTile, type Canvas } from './canvas'
import { fillFieldNoise } from './field-noise'

/** Hooks of a fused run. */
export interface FusedHooks {
  /** After each tile batch: network evaluations done / total. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

const BAND_PIXELS = 1 << 22
/** Most pixels per network call (batch × tile²): bounds activation memory (wasm has a 2–4 GB heap). */
const NETWORK_PIXELS = 1 << 18
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CodedError('cancelled', 'The restore was cancelled.')
}

/** One network input: a tile of one chain (sample). */
interface WorkItem {
  tile: number
  chain: number
}

/**
 * Runs `net` over all (tile, chain) items in batches of at most {@link NETWORK_PIXELS} pixels and returns the fused
 * (weighted-mean) output per chain.
 */
async function fuseTiles(
  canvas: Canvas,
  chains: number,
  maxBatch: number,
  net: (items: WorkItem[]) => tf.Tensor4D,
  hooks: FusedHooks & { tick: (n: number) => void }
): Promise<Float32Array[]> {
  const size = canvas.rect.width * canvas.rect.height
  const acc = Array.from({ length: chains }, () => new Float32Array(size))
  const side = canvas.tiles[0].width
  const batch = Math.max(1, Math.min(maxBatch, Math.floor(NETWORK_PIXELS / (side * side))))
  const items: WorkItem[] = []
  canvas.tiles.forEach((_, tile) => {
    for (let chain = 0; chain < chains; chain++) items.push({ tile, chain })
  })
  for (let first = 0; first < items.length; first += batch) {
    checkAbort(hooks.signal)
    const group = items.slice(first, first + batch)
    const out = net(group)
    const data = (await out.data()) as Float32Array
    out.dispose()
    group.forEach((item, j) => addWeightedTile(acc[item.chain], canvas, item.tile, data, j * side * side))
    hooks.tick(group.length)
    await yieldToEventLoop()
  }
  for (const a of acc) for (let i = 0; i < size; i++) a[i] /= canvas.weightSum[i]
  return acc
}

/** Stacks the items' tiles of canvas arrays (one array per chain, or one shared by all) as [items, T, T, 1]. */
function stackTiles(canvas: Canvas, items: WorkItem[], perChain: Float32Array[]): tf.Tensor4D {
  const side = canvas.tiles[0].width
  const data = new Float32Array(items.length * side * side)
  items.forEach((item, j) => canvasTile(perChain[perChain.length === 1 ? 0 : item.chain], canvas, canvas.tiles[item.tile], data, j * side * side))
  return tf.tensor4d(data, [items.length, side, side, 1])
}

/** Applies `fn` to canvas-sized arrays in row bands (bounded tensor memory), writing its result into `target`. */
function inBands(canvas: Canvas, inputs: Float32Array[], target: Float32Array, fn: (t: tf.Tensor4D[]) => tf.Tensor4D): void {
  const w = canvas.rect.width
  const rows = Math.max(1, Math.floor(BAND_PIXELS / w))
  for (let y = 0; y < canvas.rect.height; y += rows) {
    const h = Math.min(rows, canvas.rect.height - y)
    const result = tf.tidy(() => fn(inputs.map((a) => tf.tensor4d(a.subarray(y * w, (y + h) * w), [1, h, w, 1]))))
    target.set(result.dataSync() as Float32Array, y * w)
    result.dispose()
  }
}

/**
 * Samples `chains` restorations of the condition on one canvas with per-step fusion.
 * @param cond - Float32Array [canvas pixels], the normalized condition x on the output grid (≈[−1, 1])
 * @param noiseStride - row stride used to key the noise field by absolute pixel position (constant per image)
 * @param firstChain - index of the first chain (sample) of this call, for its noise streams
 * @returns per chain: Float32Array [canvas pixels] of ŷ = x + r̂ (residual) or r̂ (direct), not clipped
 */
export async function sampleCanvas(
  model: CvdmModel,
  cfg: SamplerConfig,
  canvas: Canvas,
  cond: Float32Array,
  chains: number,
  firstChain: number,
  noiseStride: number,
  hooks: FusedHooks & { tick: (n: number) => void }
): Promise<Float32Array[]> {
  if (model.config.channels !== 1 || model.config.condChannels !== 1) {
    throw new CodedError('unsupported-layout', 'Tiled restore supports single-channel models; multi-channel planes are restored one by one.')
  }
  if (cfg.kind === 'faithful-beta') throw new CodedError('bad-request', 'The faithful β-mode sampler is not available for tiled restores yet; use fast.')
  const rate = (items: WorkItem[]): tf.Tensor4D => tf.tidy(() => model.rate(stackTiles(canvas, items, [cond])))
  const [lambda] = await fuseTiles(canvas, 1, cfg.maxBatch, rate, hooks)
  const n = cfg.steps
  const eta = cfg.kind === 'ancestral' ? 1 : 0
  const profile = model.profile(Float32Array.from({ length: n + 1 }, (_, i) => i / n))
  const G = profile.Gamma.dataSync() as Float32Array
  tf.dispose(Object.values(profile))
  const size = cond.length
  const z = Array.from({ length: chains }, (_, c) => fillFieldNoise(cfg.seed, firstChain + c, canvas.rect, noiseStride, new Float32Array(size)))
  const noise = new Float32Array(size)
  const bounds = x0Bounds(cfg.clipX0)
  for (let i = n; i >= 1; i--) {
    const denoise = (items: WorkItem[]): tf.Tensor4D =>
      tf.tidy(() => {
        const { gamma } = gammaOf(stackTiles(canvas, items, [lambda]), tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D)
        return model.denoise(stackTiles(canvas, items, z), stackTiles(canvas, items, [cond]), gamma)
      })
    const eps = await fuseTiles(canvas, chains, cfg.maxBatch, denoise, hooks)
    for (let c = 0; c < chains; c++) {
      if (eta > 0 && i > 1) fillFieldNoise(cfg.seed, (1 + i) * 65536 + firstChain + c, canvas.rect, noiseStride, noise)
      inBands(canvas, [z[c], eps[c], lambda, noise], z[c], ([zt, e, lam, xi]) => {
        const gT = gammaOf(lam, tf.fill([1, 1, 1, 1], G[i]) as tf.Tensor4D)
        if (i === 1) return predictX0(zt, e, gT.gamma, gT.oneMinusGamma, bounds)
        const gS = gammaOf(lam, tf.fill([1, 1, 1, 1], G[i - 1]) as tf.Tensor4D)
        const step = { z: zt, epsHat: e, gammaT: gT.gamma, oneMinusGammaT: gT.oneMinusGamma, gammaS: gS.gamma, oneMinusGammaS: gS.oneMinusGamma }
        return fastStep({ ...step, eta, noise: eta > 0 ? xi : null, bounds }).z
      })
    }
  }
  if (model.config.target === 'residual') for (const r of z) for (let p = 0; p < size; p++) r[p] += cond[p]
  return z
}
