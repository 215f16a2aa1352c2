/**
 * Validation during fine-tuning: restore each validation pair with a fast fixed-seed sampler (the same tiling and
 * normalization as a real restore) and score it the CARE way (norm_minmse, data range 1) against its target.
 */
import type { FineTunePreview } from '../../shared/finetune'
import { restorationMetrics } from '../data'
import { restorePlane } from '../restore'
import type { CvdmModel } from './engine-api'
import { makeEvalPreview } from './finetune-preview'
import type { NormalizedPair } from './synthetic-set'

/** Sampler used for validation: few DDIM steps, K samples, a fixed seed so evaluations are comparable. */
export interface EvalSampler {
  steps: number
  samples: number
  seed: number
}

/** Default validation sampler: 8 DDIM steps, one sample, seed 1. */
export const DEFAULT_EVAL_SAMPLER: Readonly<EvalSampler> = Object.freeze({ steps: 8, samples: 1, seed: 1 })

/**
 * Mean PSNR (dB) and SSIM of a model's restorations over `pairs`, and, when `previewName` is given, the
 * before/after preview of the first pair (named so) from the same restoration.
 */
export async function evaluatePairs(
  model: CvdmModel,
  pairs: NormalizedPair[],
  sampler: EvalSampler,
  signal?: AbortSignal,
  previewName?: string
): Promise<{ psnr: number; ssim: number; preview?: FineTunePreview }> {
  let psnr = 0
  let ssim = 0
  let preview: FineTunePreview | undefined
  for (const [i, p] of pairs.entries()) {
    const r = await restorePlane(model, p.x, p.width, p.height, { sampler: { kind: 'ddim', ...sampler } }, { signal })
    const m = restorationMetrics(p.y, r.mean, p.width, p.height)
    psnr += m.psnr
    ssim += m.ssim
    if (i === 0 && previewName !== undefined) preview = makeEvalPreview(previewName, p, r.mean)
  }
  return { psnr: psnr / pairs.length, ssim: ssim / pairs.length, ...(preview ? { preview } : {}) }
}

/** Mean PSNR (dB) and SSIM of the bicubic baseline (the condition itself) over `pairs`. */
export function bicubicMetrics(pairs: NormalizedPair[]): { psnr: number; ssim: number } {
  let psnr = 0
  let ssim = 0
  for (const p of pairs) {
    const m = restorationMetrics(p.y, p.x, p.width, p.height)
    psnr += m.psnr
    ssim += m.ssim
  }
  return { psnr: psnr / pairs.length, ssim: ssim / pairs.length }
}
