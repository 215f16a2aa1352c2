/**
 * Defaults and output naming shared by every way a restore is asked for (`cvdm predict`, `cvdm batch`, the app's
 * restore runs), so the same request gives the same result wherever it comes from.
 */
import type { SamplerKind as RequestSampler } from '../../shared/jobs'
import type { RestoreRequest } from '../../shared/restore'
import type { SamplerConfig } from './engine-api'
import type { EngineRestoreJob } from './engine-job'

/** `cvdm predict`'s defaults (CVDM.md §9.4: 20 fast steps; K = 4 gives the uncertainty map; 128-px tiles). */
export const RESTORE_DEFAULTS = Object.freeze({ steps: 20, samples: 4, seed: 0, tile: 128 })

/**
 * The engine's sampler kind for a request's `fast` | `faithful`. `fast` is the γ-head ancestral sampler: on the
 * shipped default-sr2x it beats DDIM by ≈ 1.1 dB PSNR / +0.10 SSIM at 12 steps (bench/RESULTS.md).
 */
export function samplerKindOf(kind: RequestSampler | undefined): SamplerConfig['kind'] {
  return kind === 'faithful' ? 'faithful-beta' : 'ancestral'
}

/**
 * The engine settings of a validated request with defaults filled. The faithful sampler without `steps` takes the
 * official N = 200 (the engine's default for it).
 */
export function restoreDefaults(request: RestoreRequest): Pick<EngineRestoreJob, 'model' | 'sampler' | 'roi' | 'plane' | 'tile'> {
  const kind = samplerKindOf(request.sampler)
  const steps = request.steps ?? (kind === 'faithful-beta' ? undefined : RESTORE_DEFAULTS.steps)
  return {
    model: request.modelId,
    sampler: { kind, ...(steps === undefined ? {} : { steps }), samples: request.samples ?? RESTORE_DEFAULTS.samples, seed: request.seed ?? RESTORE_DEFAULTS.seed },
    roi: request.roi,
    plane: request.plane,
    tile: RESTORE_DEFAULTS.tile
  }
}

/**
 * The output-name suffix of a partial restore, so previews of different regions or planes never overwrite each
 * other: `_roi-x-y-w-h` and/or `_c0-z3-t0` (empty for a whole-file restore).
 */
export function previewSuffix(request: Pick<RestoreRequest, 'roi' | 'plane'>): string {
  const { roi, plane } = request
  return (roi ? `_roi-${roi.x}-${roi.y}-${roi.width}-${roi.height}` : '') + (plane ? `_c${plane.c}-z${plane.z}-t${plane.t}` : '')
}
