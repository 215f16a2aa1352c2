/** The model registry as the UI and the CLI see it (`models:*` messages, `cvdm models list --json`). */

/** What a model does. */
export type ModelTask = 'sr2x' | 'denoise' | 'custom'

/** Where a model came from: its parent, the data it saw and how long it trained. */
export interface ModelLineage {
  /** Id and sha256 of the model it was fine-tuned from (none for a model trained from scratch). */
  parent?: { id: string; sha256: string }
  /** Human-readable data summary, e.g. "48 pairs from /data/lr ↔ /data/hr (6 for validation)". */
  data?: string
  steps?: number
  createdAt?: string
}

/** One registered model. */
export interface ModelInfo {
  id: string
  /** Shipped models are read-only (cannot be removed or overwritten). */
  readOnly: boolean
  /** Absolute folder holding model.json + weights. */
  path: string
  sha256: string
  sizeBytes: number
  /** Architecture preset, e.g. `cvdm-xs`. */
  preset: string
  task: ModelTask
  /** Output pixels per input pixel along each axis (2 for sr2x, 1 for denoise). */
  scaleFactor: number
  /** Input pixel size the model was trained for, in µm, when known. */
  pixelSizeUm?: number
  description?: string
  lineage: ModelLineage
  /** Validation metrics by name, e.g. { psnr: 27.7, ssim: 0.69 }. */
  metrics: Record<string, number>
}

/** The model used wherever none is named (CLI, app, batch, fine-tuning base). */
export const DEFAULT_MODEL_ID = 'default-sr2x'

/**
 * The model a form should show as chosen: the one asked for if listed, else {@link DEFAULT_MODEL_ID}, else the
 * first listed (never just the alphabetically first while the default exists).
 */
export function preferredModel<T extends { id: string }>(models: readonly T[], wanted?: string): T | undefined {
  return models.find((m) => m.id === wanted) ?? models.find((m) => m.id === DEFAULT_MODEL_ID) ?? models[0]
}
