/**
 * Fine-tuning on the lab's own image pairs (`finetune:*` messages): pair discovery with its problems, the run
 * request, and the events a run pushes (`finetune:progress`, `finetune:eval`, `finetune:finished`).
 */
import type { ErrorInfo } from './errors'

/** One matched low/high-quality pair. */
export interface ImagePair {
  name: string
  low: string
  high: string
  /** Size of the low-quality image. */
  width: number
  height: number
  /** Phase-correlation shift of high vs (upsampled) low, in high-res pixels, when checked. */
  shift?: { dx: number; dy: number }
  /** True when |shift| > 1 px: the pair is probably misregistered and is left out unless the user insists. */
  flagged: boolean
}

/** A file that could not be paired (no partner, wrong size ratio, unreadable, …). */
export interface PairProblem {
  file: string
  code: string
  message: string
}

/** Result of `finetune:discover`. */
export interface PairReport {
  pairs: ImagePair[]
  problems: PairProblem[]
}

/** What the UI asks to train; unset fields take the defaults of `cvdm train --pairs`. */
export interface FineTuneRequest {
  /** Folders of low-quality inputs and high-quality targets, matched by file name. */
  lowDir: string
  highDir: string
  /** Registered model to start from (default `default-sr2x`). */
  baseModelId?: string
  /** Id of the new model. */
  name: string
  steps?: number
  batchSize?: number
  learningRate?: number
  /** Validation share of the pairs (fixed seed split). */
  validationFraction?: number
  evalEvery?: number
  checkpointEvery?: number
  seed?: number
  /** Train on flagged (misregistered) pairs too. */
  includeFlagged?: boolean
}

/**
 * A fine-tuning run interrupted before it registered its model (stopped before any evaluation, cancelled, or the
 * app crashed), as its checkpoints on disk describe it (`finetune:list-runs`). Sending `request` again resumes it.
 */
export interface ResumableRun {
  name: string
  /** Step of the newest complete checkpoint (training resumes from there). */
  step: number
  /** When that checkpoint was written (ms since the epoch). */
  savedAt: number
  /** The run's request as it was started (folders and options; the defaults filled in). */
  request: FineTuneRequest
}

/** Returned by `finetune:start`. */
export interface FineTuneStarted {
  runId: string
}

/** Payload of `finetune:progress` (one per step or a few steps). */
export interface FineTuneProgress {
  runId: string
  step: number
  totalSteps: number
  loss: number
  terms: Record<string, number>
  etaMs: number | null
}

/** Largest side of a fine-tune before/after preview (pixels). */
export const FINETUNE_PREVIEW_SIDE = 96

/**
 * Before/after of one validation pair at an evaluation: the same centre crop (≤ FINETUNE_PREVIEW_SIDE², full
 * resolution) of the input (upsampled low-quality image), the evaluated model's output and the target, all three
 * mapped to 8-bit gray with one display range (the target's auto-contrast). Pixels are base64 of
 * `height · width` bytes, row-major (0 black … 255 white): events travel as JSON over the browser host's WebSocket.
 */
export interface FineTunePreview {
  /** The validation pair's name. */
  pair: string
  width: number
  height: number
  input: string
  output: string
  target: string
}

/** Payload of `finetune:eval`: validation metrics at a step. */
export interface FineTuneEval {
  runId: string
  step: number
  psnr: number
  ssim: number
  /** True when this evaluation is the best so far (its weights are the kept checkpoint). */
  best: boolean
  /** Input | output | target of the first validation pair at this step (absent from older hosts). */
  preview?: FineTunePreview
}

/** Payload of `finetune:finished`. */
export type FineTuneFinished =
  | { runId: string; ok: true; modelId: string; bestStep: number; stoppedEarly: boolean; steps: number }
  | { runId: string; ok: false; error: ErrorInfo }
