/**
 * The restore service (DESIGN.md §2): TIFF → whole-stack percentile normalization (never per tile) → bicubic ×s onto
 * the output grid → seam-free tiled sampling, K samples → mean (restoration) and std (uncertainty) → input intensity
 * units → float32 ImageJ TIFFs with pixel size ÷ s and provenance, written band by band as the rows finish (temp file +
 * rename), so no full output plane is ever held.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { computeNormalization, type PercentileNormalization } from '../data'
import { TiffReader, TiffWriter, type ImageMetadata } from '../tiff'
import type { CvdmModel, SamplerConfig } from './engine-api'
import { resolveOutputPaths, type OnExists, type OutputPaths } from './output-paths'
import { rawCondSource } from './cond-source'
import { streamPlane, type RestorePlaneOptions } from './restore-plane'
import type { Rect } from './tile-grid'
import type { PlaneIndex } from '../../shared/restore'
import { polygonMask, type Polygon } from '../../shared/roi-polygon'

/** A loaded model and what the outputs record about it. */
export interface LoadedModel {
  model: CvdmModel
  id: string
  sha256: string
  scaleFactor: number
  /** Percentiles the model was trained with. */
  percentiles: { low: number; high: number }
}

/** Options of {@link restoreFile}. */
export interface RestoreFileOptions {
  outDir: string
  onExists?: OnExists
  /** Exact output paths chosen by the caller (e.g. the batch queue); they replace naming + on-exists. */
  outputs?: { main: string; std: string }
  sampler?: Partial<SamplerConfig>
  /** ROI in input pixels. */
  roi?: Rect
  /**
   * Polygon ROI in input pixels (with `roi` its bounding box): output pixels whose centre lies outside it are written
   * as 0 in the mean and in the std (not NaN, so every viewer and ImageJ measurement handles them); the polygon is
   * recorded in the provenance.
   */
  polygon?: Polygon
  /** Restore only this plane (0-based c/z/t); normalization still comes from the whole channel's stack. */
  plane?: PlaneIndex
  /** Appended to the output stem (e.g. `_roi-10-20-64-64`), so previews of parts never overwrite each other. */
  suffix?: string
  tile?: number
  overlap?: number
  /** Most canvas pixels fused at once (see {@link RestorePlaneOptions.bandPixels}; tests and benches lower it). */
  bandPixels?: number
  /** Recorded in the provenance. */
  app: { name: string; version: string; backend: string }
  signal?: AbortSignal
  onProgress?: (p: RestoreProgress) => void
}

/** Progress of one file. */
export interface RestoreProgress {
  /** Planes finished / total. */
  plane: number
  planes: number
  /** Overall fraction in [0, 1] and the estimated seconds left. */
  fraction: number
  etaSeconds?: number
}

/** What a restore produced. */
export interface RestoreFileResult {
  skipped: boolean
  outputs?: OutputPaths & { wroteStd: boolean }
  normalization: PercentileNormalization[]
  seconds: number
}

async function channelNormalization(reader: TiffReader, meta: ImageMetadata, c: number, p: { low: number; high: number }): Promise<PercentileNormalization> {
  const T = meta.sizes.T ?? 1
  const Z = meta.sizes.Z ?? 1
  return computeNormalization(async function* () {
    for (let t = 0; t < T; t++) for (let z = 0; z < Z; z++) yield (await reader.readPlane({ t, z, c })).data as Float32Array
  }, { pLow: p.low, pHigh: p.high })
}

/** Checks a plane index against the stack's sizes. @throws CodedError `bad-request` */
function checkPlane(plane: PlaneIndex, meta: ImageMetadata, input: string): PlaneIndex {
  const sizes = { c: meta.sizes.C ?? 1, z: meta.sizes.Z ?? 1, t: meta.sizes.T ?? 1 }
  for (const axis of ['c', 'z', 't'] as const) {
    if (!Number.isInteger(plane[axis]) || plane[axis] < 0 || plane[axis] >= sizes[axis]) {
      throw new CodedError('bad-request', `${input} has ${sizes[axis]} ${axis.toUpperCase()} plane(s); plane ${axis}=${plane[axis]} does not exist.`)
    }
  }
  return { c: plane.c, z: plane.z, t: plane.t }
}

/**
 * Restores every plane of a single-channel-per-plane TIFF (2D, Z/T stacks, multi-channel hyperstacks).
 * @throws CodedError from the reader (`not-tiff`, …), `unsupported-layout` for RGB, `cancelled`, `disk-full`
 */
export async function restoreFile(input: string, loaded: LoadedModel, options: RestoreFileOptions): Promise<RestoreFileResult> {
  const started = performance.now()
  const reader = await TiffReader.open(input)
  const writers: TiffWriter[] = []
  try {
    const meta = reader.metadata
    const page = reader.pageInfo(0)
    if (page.samples !== 1) throw new CodedError('unsupported-layout', `${input} is RGB (${page.samples} samples per pixel); CVDM models restore single-channel planes.`)
    const paths = options.outputs
      ? { ...options.outputs, preview: options.outputs.main.replace(/\.tif$/, '.png') }
      : resolveOutputPaths(input, options.outDir, options.onExists ?? 'skip', options.suffix)
    const C = meta.sizes.C ?? 1
    const only = options.plane && checkPlane(options.plane, meta, input)
    const norms: PercentileNormalization[] = []
    for (let c = 0; c < C; c++) if (!only || only.c === c) norms[c] = await channelNormalization(reader, meta, c, loaded.percentiles)
    if (!paths) return { skipped: true, normalization: norms.filter(Boolean), seconds: (performance.now() - started) / 1000 }
    await mkdir(path.dirname(paths.main), { recursive: true })

    const s = loaded.scaleFactor
    const roi = options.roi
    if (roi && (roi.x + roi.width > page.width || roi.y + roi.height > page.height)) {
      throw new CodedError('bad-request', `The region ${roi.x},${roi.y} ${roi.width}×${roi.height} leaves the ${page.width}×${page.height} image ${input}.`)
    }
    const outW = (roi?.width ?? page.width) * s
    const outH = (roi?.height ?? page.height) * s
    const samples = options.sampler?.samples ?? 1
    const provenance = {
      input,
      model: { id: loaded.id, sha256: loaded.sha256 },
      sampler: options.sampler,
      roi,
      ...(options.polygon ? { polygon: options.polygon, mask: 'outside the polygon = 0' } : {}),
      percentiles: norms.filter(Boolean),
      plane: only,
      app: options.app
    }
    const common = {
      width: outW,
      height: outH,
      dtype: 'float32' as const,
      sizes: only ? { t: 1, z: 1, c: 1 } : { t: meta.sizes.T ?? 1, z: meta.sizes.Z ?? 1, c: C },
      physicalSize: { ...meta.physicalSize, x: meta.physicalSize.x && meta.physicalSize.x / s, y: meta.physicalSize.y && meta.physicalSize.y / s },
      timeInterval: meta.timeInterval,
      channels: (only ? meta.channels.slice(only.c, only.c + 1) : meta.channels).map((ch) => ({ name: ch.name })),
      overwrite: true
    }
    writers.push(await TiffWriter.create(paths.main, { ...common, provenance: { ...provenance, output: 'mean' } }))
    if (samples > 1) writers.push(await TiffWriter.create(paths.std, { ...common, provenance: { ...provenance, output: 'std' } }))

    const Z = meta.sizes.Z ?? 1
    const coords = only ? [only] : Array.from({ length: meta.planeCount }, (_, k) => ({ c: k % C, z: Math.floor(k / C) % Z, t: Math.floor(k / (C * Z)) }))
    const planes = coords.length
    const plan: RestorePlaneOptions = {
      sampler: options.sampler,
      tile: options.tile,
      overlap: options.overlap,
      bandPixels: options.bandPixels,
      roi: roi && { x: roi.x * s, y: roi.y * s, width: roi.width * s, height: roi.height * s }
    }
    // 1 inside the polygon, on the output grid of the restored rectangle (computed once for every plane).
    const mask = options.polygon && polygonMask(options.polygon, roi ?? { x: 0, y: 0, width: page.width, height: page.height }, s)
    for (let k = 0; k < planes; k++) {
      const coord = coords[k]
      const { low, high } = norms[coord.c]
      const span = high - low || 1
      // The condition is computed band by band from the raw plane (never a full-resolution float copy).
      const cond = rawCondSource((await reader.readPlane(coord)).data as ArrayLike<number>, page.width, page.height, s, low, span)
      const outRect = plan.roi ?? { x: 0, y: 0, width: outW, height: outH }
      for (const w of writers) w.beginPlane()
      // Each finished band goes back to input intensity units (in place) and straight into the files: no full plane.
      await streamPlane(loaded.model, cond, page.width * s, page.height * s, plan, {
        signal: options.signal,
        onProgress: (done, total) => {
          const fraction = (k + done / total) / planes
          const elapsed = (performance.now() - started) / 1000
          options.onProgress?.({ plane: k, planes, fraction, etaSeconds: fraction > 0 ? (elapsed / fraction) * (1 - fraction) : undefined })
        }
      }, async ({ band, mean, std }) => {
        const at = (band.y - outRect.y) * outRect.width
        for (let i = 0; i < mean.length; i++) mean[i] = mask && !mask[at + i] ? 0 : ((mean[i] + 1) / 2) * span + low
        await writers[0].writeRows(mean, band.y - outRect.y)
        if (writers[1]) {
          const spread = std ?? new Float32Array(mean.length)
          for (let i = 0; i < spread.length; i++) spread[i] = mask && !mask[at + i] ? 0 : (spread[i] / 2) * span
          await writers[1].writeRows(spread, band.y - outRect.y)
        }
      })
      for (const w of writers) await w.endPlane()
      const elapsed = (performance.now() - started) / 1000
      options.onProgress?.({ plane: k + 1, planes, fraction: (k + 1) / planes, etaSeconds: (elapsed / (k + 1)) * (planes - k - 1) })
    }
    for (const w of writers) await w.close()
    return { skipped: false, outputs: { ...paths, wroteStd: samples > 1 }, normalization: norms.filter(Boolean), seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    await Promise.all(writers.map((w) => w.abort().catch(() => undefined)))
    throw error
  } finally {
    await reader.close()
  }
}
