/**
 * The building blocks of per-step tile fusion (DESIGN.md §2), shared by the fast and the faithful tiled samplers:
 * run the network over (tile, chain) items in bounded batches and fuse the outputs into canvas-wide arrays with the
 * tiles' tapered weights; apply element-wise tensor math to canvas arrays in bounded row bands.
 */
import { CodedError } from '../../shared/errors'
import { tf, type CvdmModel, type InferenceNets, type SamplerConfig } from './engine-api'
import { addWeightedTile, canvasTile, type Canvas } from './canvas'
import { fillFieldNoise } from './field-noise'

/** Hooks of a fused run. */
export interface FusedHooks {
  /** After each tile batch: network evaluations done / total. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

/** {@link FusedHooks} plus the counter the restore service advances by network evaluations (tile × chain). */
export type TickHooks = FusedHooks & { tick: (n: number) => void }

/** What every tiled sampler (fast, faithful) runs on: one canvas, its fused λ(x), and which chains to sample. */
export interface CanvasChains {
  /** The time profile (tfjs). */
  model: CvdmModel
  /** The denoiser (onnxruntime or tfjs). */
  nets: InferenceNets
  cfg: SamplerConfig
  canvas: Canvas
  /** Float32Array [canvas pixels], the normalized condition x on the output grid (≈[−1, 1]). */
  cond: Float32Array
  /** Float32Array [canvas pixels], the fused λ(x). */
  lambda: Float32Array
  chains: number
  /** Index of the first chain (sample) of this call, for its noise streams. */
  firstChain: number
  /** Row stride keying the noise field by absolute pixel position (constant per image). */
  noiseStride: number
  hooks: TickHooks
}

/** Each chain's start z_1 ~ N(0, I) from the shared position-keyed noise field: Float32Array [canvas pixels] per chain. */
export function startingNoise(job: CanvasChains): Float32Array[] {
  const { cfg, canvas, cond, chains, firstChain, noiseStride } = job
  return Array.from({ length: chains }, (_, c) => fillFieldNoise(cfg.seed, firstChain + c, canvas.rect, noiseStride, new Float32Array(cond.length)))
}

/** One network input: a tile of one chain (sample). */
export interface WorkItem {
  tile: number
  chain: number
}

/** Most pixels per element-wise band: a sampler step holds ≈15 such tensors (4 MiB each) in the wasm heap. */
const BAND_PIXELS = 1 << 20
/**
 * Most pixels per network call (batch × tile², at least one tile). The wasm heap peaks at ≈9 KB per pixel of a call
 * (measured with cvdm-xs: 1.15 GB at 8 × 128², 2.1 GB at 4 × 256²) and never shrinks, so this sets the engine's
 * memory floor: 2 × 128² ≈ 0.3 GB.
 */
const NETWORK_PIXELS = 1 << 15
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** @throws CodedError `cancelled` once the signal is aborted */
export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CodedError('cancelled', 'The restore was cancelled.')
}

/**
 * Runs `net` over all (tile, chain) items in batches of at most {@link NETWORK_PIXELS} pixels and returns the fused
 * (weighted-mean) output per chain: Float32Array [canvas pixels] each. `net` may be async (onnxruntime); batches run
 * one after another, so the result does not depend on timing.
 */
export async function fuseTiles(
  canvas: Canvas,
  chains: number,
  maxBatch: number,
  net: (items: WorkItem[]) => tf.Tensor4D | Promise<tf.Tensor4D>,
  hooks: TickHooks
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
    const out = await net(group)
    const data = (await out.data()) as Float32Array
    out.dispose()
    group.forEach((item, j) => addWeightedTile(acc[item.chain], canvas, item.tile, data, j * side * side))
    hooks.tick(group.length)
    await yieldToEventLoop()
  }
  for (const a of acc) for (let i = 0; i < size; i++) a[i] /= canvas.weightSum[i]
  return acc
}

/**
 * Runs an async network on inputs built synchronously (in a tf.tidy) and disposes the inputs afterwards.
 * @param inputs - builds the network's input tensors
 * @returns the network's output; the caller owns it
 */
export async function runNet(inputs: () => tf.Tensor4D[], net: (t: tf.Tensor4D[]) => Promise<tf.Tensor4D>): Promise<tf.Tensor4D> {
  const t = tf.tidy(inputs)
  try {
    return await net(t)
  } finally {
    tf.dispose(t)
  }
}

/**
 * Stacks the items' tiles of canvas arrays (one array per chain, or one shared by all) as [items, T, T, 1];
 * the caller owns the tensor.
 */
export function stackTiles(canvas: Canvas, items: WorkItem[], perChain: Float32Array[]): tf.Tensor4D {
  const side = canvas.tiles[0].width
  const data = new Float32Array(items.length * side * side)
  items.forEach((item, j) => canvasTile(perChain[perChain.length === 1 ? 0 : item.chain], canvas, canvas.tiles[item.tile], data, j * side * side))
  return tf.tensor4d(data, [items.length, side, side, 1])
}

/**
 * Applies `fn` to canvas-sized arrays in row bands (each input as a [1, h, w, 1] tensor), writing its result into
 * `target` (which may be one of the inputs: each band is read before it is written).
 */
export function inBands(canvas: Canvas, inputs: Float32Array[], target: Float32Array, fn: (t: tf.Tensor4D[]) => tf.Tensor4D): void {
  const w = canvas.rect.width
  const rows = Math.max(1, Math.floor(BAND_PIXELS / w))
  for (let y = 0; y < canvas.rect.height; y += rows) {
    const h = Math.min(rows, canvas.rect.height - y)
    const result = tf.tidy(() => fn(inputs.map((a) => tf.tensor4d(a.subarray(y * w, (y + h) * w), [1, h, w, 1]))))
    target.set(result.dataSync() as Float32Array, y * w)
    result.dispose()
  }
}

/** Scalar time-profile values (Γ or τ) on a grid of times, read back once per run. */
export function profileValues(model: CvdmModel, t: Float32Array, key: 'Gamma' | 'tau'): Float32Array {
  const p = model.profile(t)
  const out = p[key].dataSync() as Float32Array
  tf.dispose(Object.values(p))
  return out
}
