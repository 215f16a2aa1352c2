/**
 * The batch queue's data (shared by core/jobs, hosts and the UI): what a job is, what each file goes through, and the
 * DTOs the queue pushes to hosts (`jobs:progress`, `jobs:changed`). Everything here is JSON-serializable data.
 */
import type { ErrorInfo } from './errors'

/** Which sampler the restore runs: few steps, or the full schedule. */
export type SamplerKind = 'fast' | 'faithful'

/** A region of interest in pixels (x, y = top-left corner). */
export interface Roi {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The restore options of a job (the same as `cvdm predict`). A plain type for now; it will move to the
 * restore service once that exists.
 */
export interface RestoreOptions {
  /** Registered model id. */
  modelId: string
  /** Sampler steps (≥ 1). */
  steps: number
  /** Samples per image (≥ 1); with more than one the queue also asks for the per-pixel std output. */
  samples: number
  sampler: SamplerKind
  /** Seed of the noise (integer). */
  seed: number
  roi?: Roi
}

/** What to do when an output file already exists before the job writes it. */
import type { OnExists } from './outputs'
export type { OnExists }

/** A deterministic slice `index` of `count` (0 ≤ index < count). */
export interface Shard {
  index: number
  count: number
}

/** What a caller asks for: inputs (files and/or one folder) → an output folder, with restore options. */
export interface JobRequest {
  /** Input files or a single folder. */
  inputs: string[]
  outputDir: string
  /** Glob over paths relative to the folder (default `*.{tif,tiff}`, or `**\/*.{tif,tiff}` with `recursive`). */
  glob?: string
  recursive?: boolean
  options: RestoreOptions
  onExists?: OnExists
  shard?: Shard
}

/** A validated request with absolute paths and defaults filled: the identity of a job. */
export interface JobSpec {
  /** Absolute folder the relative paths (and shard hashes) are taken from. */
  inputRoot: string
  /** Set for folder jobs: the folder is re-scanned when the same job is enqueued again. */
  folder?: { glob: string; recursive: boolean }
  /** For file jobs: the absolute input paths, sorted. */
  files?: string[]
  outputDir: string
  options: RestoreOptions
  onExists: OnExists
  shard?: Shard
}

/** Where one input goes: its path relative to the input root and its (default) output paths. */
export interface FileEntry {
  rel: string
  input: string
  outputs: { main: string; std?: string }
}

/** The life of one file in a job. */
export type FileStatus = 'queued' | 'running' | 'done' | 'failed' | 'skipped' | 'cancelled'

/** Every {@link FileStatus}, in display order. */
export const FILE_STATUSES: readonly FileStatus[] = ['queued', 'running', 'done', 'failed', 'skipped', 'cancelled']

/** What the user set on a job. */
export type JobControl = 'active' | 'paused' | 'cancelled'

/** The job as shown to users, derived from its control and its files. */
export type JobState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled'

/**
 * Processes one input file into its outputs; must write outputs atomically (temp + rename, see
 * `tempPathFor`) and honour `signal` (reject with an AbortError or a `cancelled` CodedError).
 * Returns the outputs actually written and named timings in milliseconds.
 */
export type FileProcessor = (
  task: { input: string; outputs: { main: string; std?: string }; options: RestoreOptions },
  ctx: { signal: AbortSignal; onProgress(fraction: number, note?: string): void }
) => Promise<{ outputs: string[]; timings: Record<string, number> }>

/** One file as a DTO. */
export interface FileSnapshot {
  index: number
  rel: string
  input: string
  status: FileStatus
  /** Where this file's outputs go (fixed once the file has started, so a renamed output stays renamed). */
  outputs: { main: string; std?: string }
  attempts: number
  startedAt?: number
  finishedAt?: number
  /** Outputs written (status done). */
  written?: string[]
  /** Timings reported by the processor plus `total` (status done). */
  timings?: Record<string, number>
  /** Why it failed (status failed). */
  error?: ErrorInfo
  /** Why it was skipped (status skipped). */
  reason?: string
}

/** A job without its file list: what lists and `jobs:changed` carry. */
export interface JobSummary {
  id: string
  state: JobState
  control: JobControl
  /** Place in the queue (0 runs first). */
  position: number
  createdAt: number
  updatedAt: number
  spec: JobSpec
  total: number
  counts: Record<FileStatus, number>
}

/** A job with every file. */
export interface JobSnapshot extends JobSummary {
  files: FileSnapshot[]
}

/** Payload of `jobs:progress`: the file in flight and the job around it; ETAs in ms, null while unknown. */
export interface JobProgress {
  jobId: string
  file: { index: number; rel: string; fraction: number; note?: string; elapsedMs: number; etaMs: number | null }
  job: { finished: number; total: number; fraction: number; elapsedMs: number; etaMs: number | null }
}

/** Payload of `jobs:changed`: the job's new summary and, when one file changed, that file. */
export interface JobChanged {
  job: JobSummary
  file?: FileSnapshot
}

/** Events the queue pushes: channel → payload. */
export interface JobEventMap {
  'jobs:progress': JobProgress
  'jobs:changed': JobChanged
}

/** Injected event sink (the host forwards to IPC, WebSocket or the terminal). */
export type JobsEmit = <C extends keyof JobEventMap>(channel: C, payload: JobEventMap[C]) => void
