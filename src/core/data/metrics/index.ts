/** Image quality metrics on float images (row-major, width×height). */
import { msSsim } from './ms-ssim'
import { normMinMse } from './norm-minmse'
import { nrmse, psnr } from './pixel-metrics'
import { ssim } from './ssim'

export { downsample2, MS_SSIM_WEIGHTS, msSsim } from './ms-ssim'
export { type MinMseAlignment, normMinMse, percentileOf } from './norm-minmse'
export { mse, nrmse, type NrmseNormalization, psnr } from './pixel-metrics'
export { dataRangeOf, ssim, ssimComponents, type SsimOptions, type SsimResult } from './ssim'

/** The metric set reported by benchmarks, all after CARE's norm_minmse alignment with data range 1. */
export interface RestorationMetrics {
  /** dB. */
  psnr: number
  /** [−1, 1]. */
  ssim: number
  /** [0, 1], or null when the image is smaller than 176 px on a side. */
  msSsim: number | null
  /** Euclidean NRMSE, dimensionless. */
  nrmse: number
}

/**
 * Scores a restoration the CARE way: normalize the ground truth (0.1/99.9 percentiles), align the prediction by
 * least squares ({@link normMinMse}), then PSNR/SSIM/MS-SSIM with data range 1 and NRMSE.
 * @param gt - ground truth, width×height; @param pred - restoration, same shape (any intensity units)
 */
export function restorationMetrics(gt: ArrayLike<number>, pred: ArrayLike<number>, width: number, height: number): RestorationMetrics {
  const a = normMinMse(gt, pred)
  return {
    psnr: psnr(a.gt, a.pred, 1),
    ssim: ssim(a.gt, a.pred, width, height, { dataRange: 1 }),
    msSsim: width >= 176 && height >= 176 ? msSsim(a.gt, a.pred, width, height, { dataRange: 1 }) : null,
    nrmse: nrmse(a.gt, a.pred)
  }
}
