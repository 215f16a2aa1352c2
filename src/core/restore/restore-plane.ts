import { addWeightedTile, buildCanvas, cropCanvas, planeToCanvas, type Canvas } from './canvas'
import { validateSamplerConfig, type CvdmModel, type SamplerConfig } from './engine-api'
import { sampleCanvas, type FusedHooks } from './fused-sampler'
import { planTiles, type Rect, type TileGridOptions } from './tile-grid'

/**
 * How overlapping tiles are combined. `per-step` (the product): one canvas state, tiles fused at every step.
 * `post-blend`: each tile sampled on its own and blended at the end, kept only to prove it seams (tests, bench).
 */
export type FusionMode = 'per-step' | 'post-blend'

/** Options of {@link restorePlane}. */
export interface RestorePlaneOptions {
  sampler?: Partial<SamplerConfig>
  /** Tile side/overlap; `multiple` comes from the model. Defaults: 128 px tiles, 32 px overlap. */
  tile?: number
  overlap?: number
  /** Restore only this rectangle (image pixels), with `margin` pixels of context around it. */
  roi?: Rect
  margin?: number
  fusion?: FusionMode
}

/** Per-pixel mean (restoration) and std (uncertainty, absent for K = 1) over K samples, in normalized units. */
export interface PlaneRestoration {
  /** The image rectangle the arrays cover: the whole image, or the ROI. */
  rect: Rect
  mean: Float32Array
  std?: Float32Array
}

/** Plans tiles + canvas for an image; exported for the restore service's progress totals. */
export function planCanvas(model: CvdmModel, width: number, height: number, options: RestorePlaneOptions): Canvas {
  const multiple = 2 ** (model.config.denoiser.widths.length - 1)
  const grid: TileGridOptions = { tile: options.tile ?? 128, overlap: options.overlap ?? 32, multiple: Math.max(multiple, 2 ** (model.config.scheduleNet.widths.length - 1)) }
  return buildCanvas(planTiles(width, height, grid, options.roi, options.margin ?? grid.overlap), width, height, grid.overlap)
}

/**
 * Restores one single-channel plane.
 * @param cond - Float32Array [height · width] condition, already normalized (≈[−1, 1]) and on the output grid
 * @returns mean/std over the image or the ROI; the same seed gives the same result on the same backend, and an ROI
 *   run equals the same region of a full run within the reach of fusion through the margin
 */
export async function restorePlane(
  model: CvdmModel,
  cond: Float32Array,
  width: number,
  height: number,
  options: RestorePlaneOptions = {},
  hooks: FusedHooks = {}
): Promise<PlaneRestoration> {
  const cfg = validateSamplerConfig(options.sampler)
  const canvas = planCanvas(model, width, height, options)
  const out = options.roi ?? { x: 0, y: 0, width, height }
  const parts = options.fusion === 'post-blend' ? canvas.tiles.map((t) => buildCanvas([t], width, height, 0)) : [canvas]
  const evaluations = (cfg.steps + 1) * canvas.tiles.length * cfg.samples
  let done = 0
  const tick = (n: number): void => {
    done += n
    hooks.onProgress?.(Math.min(done, evaluations), evaluations)
  }
  const stride = Math.max(width, canvas.rect.x + canvas.rect.width)
  const chunk = Math.max(1, Math.min(cfg.samples, Math.floor(2 ** 27 / (canvas.rect.width * canvas.rect.height * 4))))
  const sum = new Float64Array(out.width * out.height)
  const sumSq = new Float64Array(out.width * out.height)
  for (let k0 = 0; k0 < cfg.samples; k0 += chunk) {
    const k = Math.min(chunk, cfg.samples - k0)
    const samples = await sampleParts(model, cfg, canvas, parts, planeToCanvas(cond, width, height, canvas), k, k0, stride, { ...hooks, tick })
    for (const s of samples) {
      const crop = cropCanvas(s, canvas, out)
      for (let p = 0; p < crop.length; p++) {
        sum[p] += crop[p]
        sumSq[p] += crop[p] * crop[p]
      }
    }
  }
  const n = cfg.samples
  const mean = Float32Array.from(sum, (s) => s / n)
  if (n === 1) return { rect: out, mean }
  const std = Float32Array.from(sumSq, (s, p) => Math.sqrt(Math.max(0, (s - n * mean[p] * mean[p]) / (n - 1))))
  return { rect: out, mean, std }
}

/** Samples on the whole canvas (per-step) or tile by tile, blending the finished tiles (post-blend). */
async function sampleParts(
  model: CvdmModel,
  cfg: SamplerConfig,
  canvas: Canvas,
  parts: Canvas[],
  cond: Float32Array,
  chains: number,
  firstChain: number,
  stride: number,
  hooks: FusedHooks & { tick: (n: number) => void }
): Promise<Float32Array[]> {
  if (parts.length === 1 && parts[0] === canvas) return sampleCanvas(model, cfg, canvas, cond, chains, firstChain, stride, hooks)
  const size = canvas.rect.width * canvas.rect.height
  const acc = Array.from({ length: chains }, () => new Float32Array(size))
  for (let i = 0; i < parts.length; i++) {
    const tileCond = cropCanvas(cond, canvas, parts[i].rect)
    // Independent tiles: own noise streams, as a naive tiler would sample them.
    const out = await sampleCanvas(model, cfg, parts[i], tileCond, chains, firstChain + (i + 1) * 1_000_003, stride, hooks)
    out.forEach((o, c) => addWeightedTile(acc[c], canvas, i, o, 0))
  }
  for (const a of acc) for (let p = 0; p < size; p++) a[p] /= canvas.weightSum[p]
  return acc
}
