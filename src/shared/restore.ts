/**
 * Restore runs started from the UI (a whole file or an ROI preview): the request, and the events a run pushes
 * (`restore:progress`, `restore:finished`). A run executes in the engine worker process; the UI opens the written
 * TIFFs with the image service to show before/after and the uncertainty overlay.
 */
import type { ErrorInfo } from './errors'
import type { Roi, SamplerKind } from './jobs'
import type { OnExists } from './outputs'
import type { Polygon } from './roi-polygon'

/** One plane of a stack, as the viewer addresses it (all 0-based). */
export interface PlaneIndex {
  c: number
  z: number
  t: number
}

/** What the UI asks to restore; unset fields take the defaults of `cvdm predict`. */
export interface RestoreRequest {
  /** Absolute path of the input TIFF (under an allowed root). */
  input: string
  /** Output folder (under an allowed root). Default: the app's previews folder (always readable by the UI). */
  outputDir?: string
  /** Registered model id; default `default-sr2x`. */
  modelId?: string
  /** Sampler steps (≥ 1). */
  steps?: number
  /** Samples K (≥ 1); K ≥ 2 also writes the per-pixel std (uncertainty) output. */
  samples?: number
  sampler?: SamplerKind
  /** Integer seed of the noise. */
  seed?: number
  /** Region in input pixels; restored with a context margin, normalization from the whole image. */
  roi?: Roi
  /**
   * A polygon ROI (≥ 3 vertices, input pixels): `roi` is then its bounding box, and output pixels whose centre lies
   * outside the polygon are set to 0 in the mean and the std outputs.
   */
  polygon?: Polygon
  /** Restore only this plane (what the viewer shows); default every plane of the stack. */
  plane?: PlaneIndex
  onExists?: OnExists
}

/** Returned by `restore:start` at once; the run then reports through events carrying this id. */
export interface RestoreStarted {
  runId: string
}

/** Payload of `restore:progress`: fraction in [0, 1]; ETA in ms, null while unknown. */
export interface RestoreProgressEvent {
  runId: string
  fraction: number
  note?: string
  elapsedMs: number
  etaMs: number | null
}

/** What a finished run wrote (paths are absolute; `std` only with K ≥ 2). */
export interface RestoreOutputs {
  main: string
  std?: string
}

/** Payload of `restore:finished`: success with outputs, or a coded error (`cancelled` after `restore:cancel`). */
export type RestoreFinished =
  | { runId: string; ok: true; outputs: RestoreOutputs; modelId: string; backend: string; elapsedMs: number }
  | { runId: string; ok: false; error: ErrorInfo }
