/**
 * SSIM (Wang, Bovik, Sheikh & Simoncelli, IEEE TIP 13 (2004), eq. 13) as `skimage.metrics.structural_similarity`
 * with gaussian_weights=True, sigma=1.5 (11×11 window, truncate 3.5), use_sample_covariance=False, K1=0.01,
 * K2=0.03: local statistics by Gaussian filtering ('reflect' borders), the SSIM map averaged after cropping the
 * 5-pixel border. Also returns the contrast–structure term cs = (2σxy + C2)/(σx² + σy² + C2) that MS-SSIM needs.
 */
import { CodedError } from '../../../shared/errors'
import { gaussianTaps, separableFilter } from './gaussian-filter'

/** SSIM parameters; defaults as in Wang et al. 2004 and skimage. */
export interface SsimOptions {
  /** Dynamic range L of the data (max − min possible); default: max − min of the true image. */
  dataRange?: number
  /** Gaussian σ of the window (px), default 1.5. */
  sigma?: number
  k1?: number
  k2?: number
}

/** Mean SSIM and mean contrast–structure over the cropped map. */
export interface SsimResult {
  ssim: number
  cs: number
}

/** max − min of an array (the default data range). */
export function dataRangeOf(data: ArrayLike<number>): number {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < data.length; i++) {
    if (data[i] < lo) lo = data[i]
    if (data[i] > hi) hi = data[i]
  }
  return hi - lo
}

/** Checks that two images have width×height elements. @throws CodedError bad-request */
export function checkPair(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number): void {
  if (a.length !== width * height || b.length !== width * height) {
    throw new CodedError('bad-request', `images must both have ${width}×${height} = ${width * height} pixels, got ${a.length} and ${b.length}`)
  }
}

/**
 * SSIM and cs of two row-major width×height images.
 * @throws CodedError bad-request when shapes differ or a side is smaller than the 11-pixel window
 */
export function ssimComponents(
  trueImage: ArrayLike<number>,
  testImage: ArrayLike<number>,
  width: number,
  height: number,
  options: SsimOptions = {}
): SsimResult {
  checkPair(trueImage, testImage, width, height)
  const sigma = options.sigma ?? 1.5
  const taps = gaussianTaps(sigma, 3.5)
  const win = taps.length
  if (width < win || height < win) throw new CodedError('bad-request', `SSIM needs images of at least ${win}×${win} pixels, got ${width}×${height}`)
  const range = options.dataRange ?? dataRangeOf(trueImage)
  const c1 = ((options.k1 ?? 0.01) * range) ** 2
  const c2 = ((options.k2 ?? 0.03) * range) ** 2
  const n = width * height
  const xx = new Float64Array(n)
  const yy = new Float64Array(n)
  const xy = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = trueImage[i]
    const y = testImage[i]
    xx[i] = x * x
    yy[i] = y * y
    xy[i] = x * y
  }
  const ux = separableFilter(trueImage, width, height, taps)
  const uy = separableFilter(testImage, width, height, taps)
  const uxx = separableFilter(xx, width, height, taps)
  const uyy = separableFilter(yy, width, height, taps)
  const uxy = separableFilter(xy, width, height, taps)
  const pad = (win - 1) / 2
  let sumS = 0
  let sumCs = 0
  for (let y = pad; y < height - pad; y++) {
    for (let x = pad; x < width - pad; x++) {
      const i = y * width + x
      const vx = uxx[i] - ux[i] * ux[i]
      const vy = uyy[i] - uy[i] * uy[i]
      const vxy = uxy[i] - ux[i] * uy[i]
      const cs = (2 * vxy + c2) / (vx + vy + c2)
      sumS += ((2 * ux[i] * uy[i] + c1) / (ux[i] * ux[i] + uy[i] * uy[i] + c1)) * cs
      sumCs += cs
    }
  }
  const count = (width - 2 * pad) * (height - 2 * pad)
  return { ssim: sumS / count, cs: sumCs / count }
}

/**
 * Mean SSIM in [−1, 1] (1 = identical), as skimage `structural_similarity(..., gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=L)`.
 * @param trueImage - reference, row-major width×height; @param testImage - image to score, same shape
 */
export function ssim(trueImage: ArrayLike<number>, testImage: ArrayLike<number>, width: number, height: number, options: SsimOptions = {}): number {
  return ssimComponents(trueImage, testImage, width, height, options).ssim
}
