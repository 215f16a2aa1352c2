import { addWeightedTile, buildCanvas, cropCanvas, type Canvas } from './canvas'
import { planeCondSource, type CondSource } from './cond-source'
import { validateSamplerConfig, type CvdmModel, type SamplerConfig } from './engine-api'
import { sampleCanvas, type FusedHooks } from './fused-sampler'
import { boundsOf, planTiles, type Rect, type TileGridOptions } from './tile-grid'

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
  /**
   * Most canvas pixels fused at once (default {@link BAND_PIXELS}). A larger area is restored in bands of rows,
   * each fused per step over the tiles touching it ± `bandMargin` rows (default: one tile), exactly as an ROI
   * restore of that band would be, so memory stays bounded whatever the image size (bench/memory.bench.ts measures
   * the difference to an unbanded restore).
   */
  bandPixels?: number
  bandMargin?: number
}

/** Default canvas budget: 2²³ px (32 MiB per float32 buffer; ≈10 such buffers live with K = 2). */
export const BAND_PIXELS = 1 << 23

/** Per-pixel mean (restoration) and std (uncertainty, absent for K = 1) over K samples, in normalized units. */
export interface PlaneRestoration {
  /** The image rectangle the arrays cover: the whole image, or the ROI. */
  rect: Rect
  mean: Float32Array
  std?: Float32Array
}

function gridOf(model: CvdmModel, options: RestorePlaneOptions): TileGridOptions {
  const multiple = 2 ** (model.config.denoiser.widths.length - 1)
  const tile = options.tile ?? 128
  return { tile, overlap: options.overlap ?? Math.min(32, Math.floor(tile / 4)), multiple: Math.max(multiple, 2 ** (model.config.scheduleNet.widths.length - 1)) }
}

/** Plans tiles + canvas for an image; exported for the restore service's progress totals. */
export function planCanvas(model: CvdmModel, width: number, height: number, options: RestorePlaneOptions): Canvas {
  const grid = gridOf(model, options)
  return buildCanvas(planTiles(width, height, grid, options.roi, options.margin ?? grid.overlap), width, height, grid.overlap)
}

/** One band of a restore: the output rows it yields and the tiles that fuse for it (canvas built when it runs). */
interface Band {
  band: Rect
  tiles: Rect[]
}

/** The row bands (output rects, top to bottom) a restore of this image/ROI runs in; one when it fits the budget. */
export function planBands(model: CvdmModel, width: number, height: number, options: RestorePlaneOptions): Rect[] {
  return bandsOf(model, width, height, options.roi ?? { x: 0, y: 0, width, height }, options).map((b) => b.band)
}

/** Splits `out` into row bands whose canvases stay within the pixel budget (one band when it fits). */
function bandsOf(model: CvdmModel, width: number, height: number, out: Rect, options: RestorePlaneOptions): Band[] {
  const budget = options.bandPixels ?? BAND_PIXELS
  const grid = gridOf(model, options)
  const tilesFor = (roi: Rect | undefined, margin: number): Rect[] => planTiles(width, height, grid, roi, margin)
  const all = tilesFor(options.roi, options.margin ?? grid.overlap)
  const whole = boundsOf(all)
  if (whole.width * whole.height <= budget) return [{ band: out, tiles: all }]
  const margin = Math.max(options.bandMargin ?? grid.tile, options.margin ?? 0)
  // Band height: what fits the budget with the context rows, but at least 4 tile strides (else context dominates).
  const rows = Math.max(4 * (grid.tile - grid.overlap), Math.floor(budget / whole.width) - 2 * (margin + grid.tile))
  const bands: Band[] = []
  for (let y = out.y; y < out.y + out.height; y += rows) {
    const band = { x: out.x, y, width: out.width, height: Math.min(rows, out.y + out.height - y) }
    bands.push({ band, tiles: tilesFor(band, margin) })
  }
  return bands
}

/** One finished row band of a streamed restore: mean/std over `band` (full width of the output rect), normalized units. */
export interface BandResult {
  band: Rect
  /** Float32Array [band.height · band.width], ≈[−1, 1]; std ≥ 0 (absent for K = 1). Owned by the callee after the call. */
  mean: Float32Array
  std?: Float32Array
}

/**
 * Restores one single-channel plane.
 * @param cond - the normalized condition (≈[−1, 1]) on the output grid: Float32Array [height · width], or a
 *   {@link CondSource} that computes regions on demand (large images)
 * @returns mean/std over the image or the ROI; the same seed gives the same result on the same backend, and an ROI
 *   run equals the same region of a full run within the reach of fusion through the margin (bands likewise)
 */
export async function restorePlane(
  model: CvdmModel,
  cond: Float32Array | CondSource,
  width: number,
  height: number,
  options: RestorePlaneOptions = {},
  hooks: FusedHooks = {}
): Promise<PlaneRestoration> {
  const out = options.roi ?? { x: 0, y: 0, width, height }
  const mean = new Float32Array(out.width * out.height)
  let std: Float32Array | undefined
  await streamPlane(model, cond, width, height, options, hooks, (part) => {
    const offset = (part.band.y - out.y) * out.width
    mean.set(part.mean, offset)
    if (part.std) (std ??= new Float32Array(out.width * out.height)).set(part.std, offset)
  })
  return std ? { rect: out, mean, std } : { rect: out, mean }
}

/**
 * Restores one plane band by band and hands each finished band to `onBand` (top to bottom, each awaited before the
 * next starts), so a caller that writes them out never holds a full output plane: the same numbers as
 * {@link restorePlane}, which is this with a sink that assembles the plane.
 * @param onBand - receives the bands of the output rect (the image or the ROI) in increasing row order
 */
export async function streamPlane(
  model: CvdmModel,
  cond: Float32Array | CondSource,
  width: number,
  height: number,
  options: RestorePlaneOptions,
  hooks: FusedHooks,
  onBand: (part: BandResult) => void | Promise<void>
): Promise<void> {
  const cfg = validateSamplerConfig(options.sampler)
  const source = cond instanceof Float32Array ? planeCondSource(cond, width, height) : cond
  const out = options.roi ?? { x: 0, y: 0, width, height }
  const bands = bandsOf(model, width, height, out, options)
  // Network evaluations: λ once per chunk of chains, then the denoiser per step and chain (faithful: N − 1 steps).
  const denoiseSteps = cfg.kind === 'faithful-beta' ? cfg.steps - 1 : cfg.steps
  const evaluations = bands.reduce((n, b) => n + (denoiseSteps + 1) * b.tiles.length * cfg.samples, 0)
  let done = 0
  const tick = (n: number): void => {
    done += n
    hooks.onProgress?.(Math.min(done, evaluations), evaluations)
  }
  const stride = Math.max(width, ...bands.map((b) => boundsOf(b.tiles)).map((r) => r.x + r.width))
  const overlap = gridOf(model, options).overlap
  for (const { band, tiles } of bands) {
    const canvas = buildCanvas(tiles, width, height, overlap)
    const part = await restoreBand(model, cfg, canvas, source.region(canvas.rect), band, width, height, stride, options.fusion, { ...hooks, tick })
    await onBand({ band, ...part })
  }
}

/** K samples over one canvas → mean and std over `band` (inside the canvas). */
async function restoreBand(
  model: CvdmModel,
  cfg: SamplerConfig,
  canvas: Canvas,
  cond: Float32Array,
  band: Rect,
  width: number,
  height: number,
  stride: number,
  fusion: FusionMode | undefined,
  hooks: FusedHooks & { tick: (n: number) => void }
): Promise<{ mean: Float32Array; std?: Float32Array }> {
  const parts = fusion === 'post-blend' ? canvas.tiles.map((t) => buildCanvas([t], width, height, 0)) : [canvas]
  const chunk = Math.max(1, Math.min(cfg.samples, Math.floor(2 ** 27 / (canvas.rect.width * canvas.rect.height * 4))))
  const sum = new Float64Array(band.width * band.height)
  const sumSq = new Float64Array(band.width * band.height)
  for (let k0 = 0; k0 < cfg.samples; k0 += chunk) {
    const k = Math.min(chunk, cfg.samples - k0)
    const samples = await sampleParts(model, cfg, canvas, parts, cond, k, k0, stride, hooks)
    for (const s of samples) {
      const crop = cropCanvas(s, canvas, band)
      for (let p = 0; p < crop.length; p++) {
        sum[p] += crop[p]
        sumSq[p] += crop[p] * crop[p]
      }
    }
  }
  const n = cfg.samples
  const mean = Float32Array.from(sum, (s) => s / n)
  if (n === 1) return { mean }
  return { mean, std: Float32Array.from(sumSq, (s, p) => Math.sqrt(Math.max(0, (s - n * mean[p] * mean[p]) / (n - 1)))) }
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
