/**
 * The messages between a restore's coordinator (CLI, batch queue, app) and the engine that runs it, in the engine
 * worker process or in-process: plain JSON data only (they cross a process boundary).
 */
import type { PlaneIndex } from '../../shared/restore'
import type { Polygon } from '../../shared/roi-polygon'
import type { ModelDirs } from '../models'
import type { SamplerConfig } from './engine-api'
import type { OnExists } from './output-paths'
import type { RestoreFileResult } from './restore-file'
import type { Rect } from './tile-grid'

/** Which model and backend an engine uses. */
export interface EngineModelRequest {
  /** Model id or folder; default `default-sr2x`. */
  model?: string
  modelDirs: ModelDirs
  /** Backend name (`--backend`); unset: CVDM_BACKEND, then automatic. The first request of a process decides. */
  backend?: string
}

/** What {@link EngineModelRequest} resolved to. */
export interface EngineReady {
  backend: string
  modelId: string
  sha256: string
  scaleFactor: number
}

/** One file to restore (restoreFile's options minus the callbacks). */
export interface EngineRestoreJob extends EngineModelRequest {
  input: string
  outDir: string
  onExists?: OnExists
  outputs?: { main: string; std: string }
  suffix?: string
  sampler: Partial<SamplerConfig>
  roi?: Rect
  /** Polygon ROI (input pixels): outside pixels are 0 in the outputs (see RestoreFileOptions.polygon). */
  polygon?: Polygon
  plane?: PlaneIndex
  tile?: number
  overlap?: number
  app: { name: string; version: string }
}

/** What a restore job returns. */
export type EngineRestoreResult = RestoreFileResult & { modelId: string; backend: string }
