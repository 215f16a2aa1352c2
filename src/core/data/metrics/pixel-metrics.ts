/**
 * Pixel-wise error metrics as in scikit-image `skimage.metrics`: mean squared error, PSNR = 10·log10(L²/MSE)
 * (`peak_signal_noise_ratio`) and NRMSE = √MSE / denominator (`normalized_root_mse`). Sums are in float64.
 */
import { CodedError } from '../../../shared/errors'
import { dataRangeOf } from './ssim'

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length || a.length === 0) {
    throw new CodedError('bad-request', `images must be non-empty and equally long, got ${a.length} and ${b.length}`)
  }
}

/** Mean squared error between two equally long arrays (units²). */
export function mse(trueImage: ArrayLike<number>, testImage: ArrayLike<number>): number {
  checkLengths(trueImage, testImage)
  let s = 0
  for (let i = 0; i < trueImage.length; i++) {
    const d = trueImage[i] - testImage[i]
    s += d * d
  }
  return s / trueImage.length
}

/**
 * Peak signal-to-noise ratio in dB, 10·log10(L²/MSE) (Infinity for identical images).
 * @param dataRange - L; default max − min of the true image (skimage requires it for float data: pass it)
 */
export function psnr(trueImage: ArrayLike<number>, testImage: ArrayLike<number>, dataRange?: number): number {
  const range = dataRange ?? dataRangeOf(trueImage)
  return 10 * Math.log10((range * range) / mse(trueImage, testImage))
}

/** Denominators of {@link nrmse}, as skimage's `normalization` argument. */
export type NrmseNormalization = 'euclidean' | 'min-max' | 'mean'

/**
 * Normalized root mean squared error, √MSE / d with d = √mean(true²) ('euclidean', skimage's default),
 * max − min ('min-max') or mean(true) ('mean'). Dimensionless, ≥ 0.
 */
export function nrmse(trueImage: ArrayLike<number>, testImage: ArrayLike<number>, normalization: NrmseNormalization = 'euclidean'): number {
  const rmse = Math.sqrt(mse(trueImage, testImage))
  let denom: number
  if (normalization === 'euclidean') {
    let s = 0
    for (let i = 0; i < trueImage.length; i++) s += trueImage[i] * trueImage[i]
    denom = Math.sqrt(s / trueImage.length)
  } else if (normalization === 'min-max') {
    denom = dataRangeOf(trueImage)
  } else {
    let s = 0
    for (let i = 0; i < trueImage.length; i++) s += trueImage[i]
    denom = s / trueImage.length
  }
  return rmse / denom
}
