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

/** Payload of `finetune:eval`: validation metrics at a step. */
export interface FineTuneEval {
  runId: string
  step: number
  psnr: number
  ssim: number
  /** True when this evaluation is the best so far (its weights are the kept checkpoint). */
  best: boolean
}

/** Payload of `finetune:finished`. */
export type FineTuneFinished =
  | { runId: string; ok: true; modelId: string; bestStep: number; stoppedEarly: boolean; steps: number }
  | { runId: string; ok: false; error: ErrorInfo }
