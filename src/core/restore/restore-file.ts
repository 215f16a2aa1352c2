/**
 * The restore service (DESIGN.md §2): TIFF → whole-stack percentile normalization (never per tile) → bicubic ×s onto
 * the output grid → seam-free tiled sampling, K samples → mean (restoration) and std (uncertainty) → input intensity
 * units → float32 ImageJ TIFFs with pixel size ÷ s and provenance, written plane by plane (temp file + rename).
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { computeNormalization, type PercentileNormalization } from '../data'
import { TiffReader, TiffWriter, type ImageMetadata, type PixelArray } from '../tiff'
import type { CvdmModel, SamplerConfig } from './engine-api'
import { resolveOutputPaths, type OnExists, type OutputPaths } from './output-paths'
import { upsampleBicubic } from './resample'
import { restorePlane, type RestorePlaneOptions } from './restore-plane'
import type { Rect } from './tile-grid'

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
  tile?: number
  overlap?: number
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

const toFloat = (data: PixelArray): Float32Array => (data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>))

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
    const paths = options.outputs ? { ...options.outputs, preview: options.outputs.main.replace(/\.tif$/, '.png') } : resolveOutputPaths(input, options.outDir, options.onExists ?? 'skip')
    const C = meta.sizes.C ?? 1
    const norms: PercentileNormalization[] = []
    for (let c = 0; c < C; c++) norms.push(await channelNormalization(reader, meta, c, loaded.percentiles))
    if (!paths) return { skipped: true, normalization: norms, seconds: (performance.now() - started) / 1000 }
    await mkdir(path.dirname(paths.main), { recursive: true })

    const s = loaded.scaleFactor
    const roi = options.roi
    const outW = (roi?.width ?? page.width) * s
    const outH = (roi?.height ?? page.height) * s
    const samples = options.sampler?.samples ?? 1
    const provenance = {
      input,
      model: { id: loaded.id, sha256: loaded.sha256 },
      sampler: options.sampler,
      roi,
      percentiles: norms,
      app: options.app
    }
    const common = {
      width: outW,
      height: outH,
      dtype: 'float32' as const,
      sizes: { t: meta.sizes.T ?? 1, z: meta.sizes.Z ?? 1, c: C },
      physicalSize: { ...meta.physicalSize, x: meta.physicalSize.x && meta.physicalSize.x / s, y: meta.physicalSize.y && meta.physicalSize.y / s },
      timeInterval: meta.timeInterval,
      channels: meta.channels.map((ch) => ({ name: ch.name })),
      overwrite: true
    }
    writers.push(await TiffWriter.create(paths.main, { ...common, provenance: { ...provenance, output: 'mean' } }))
    if (samples > 1) writers.push(await TiffWriter.create(paths.std, { ...common, provenance: { ...provenance, output: 'std' } }))

    const planes = meta.planeCount
    const plan: RestorePlaneOptions = {
      sampler: options.sampler,
      tile: options.tile,
      overlap: options.overlap,
      roi: roi && { x: roi.x * s, y: roi.y * s, width: roi.width * s, height: roi.height * s }
    }
    const Z = meta.sizes.Z ?? 1
    for (let k = 0; k < planes; k++) {
      const c = k % C
      const coord = { c, z: Math.floor(k / C) % Z, t: Math.floor(k / (C * Z)) }
      const { low, high } = norms[c]
      const span = high - low || 1
      const raw = toFloat((await reader.readPlane(coord)).data)
      const cond = upsampleBicubic(raw.map((v) => ((v - low) / span) * 2 - 1), page.width, page.height, s)
      const result = await restorePlane(loaded.model, cond, page.width * s, page.height * s, plan, {
        signal: options.signal,
        onProgress: (done, total) => {
          const fraction = (k + done / total) / planes
          const elapsed = (performance.now() - started) / 1000
          options.onProgress?.({ plane: k, planes, fraction, etaSeconds: fraction > 0 ? (elapsed / fraction) * (1 - fraction) : undefined })
        }
      })
      await writers[0].writePlane(result.mean.map((v) => ((v + 1) / 2) * span + low))
      if (writers[1]) await writers[1].writePlane((result.std ?? new Float32Array(result.mean.length)).map((v) => (v / 2) * span))
    }
    for (const w of writers) await w.close()
    return { skipped: false, outputs: { ...paths, wroteStd: samples > 1 }, normalization: norms, seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    await Promise.all(writers.map((w) => w.abort().catch(() => undefined)))
    throw error
  } finally {
    await reader.close()
  }
}
