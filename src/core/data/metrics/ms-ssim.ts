/**
 * Multi-scale SSIM (Wang, Simoncelli & Bovik, Asilomar 2003, eq. 7): MS-SSIM = [l_M·cs_M]^{w_M}·Π_{j<M} cs_j^{w_j}
 * over M = 5 dyadic scales with weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333. Each scale uses {@link ssimComponents}
 * (Gaussian 11×11, σ = 1.5, the same data range and constants at every scale); between scales both images are
 * 2×2 box-averaged (an odd last row/column is dropped). Negative terms are clamped to 0 before the fractional
 * powers (as pytorch-msssim does), so the result lies in [0, 1].
 */
import { CodedError } from '../../../shared/errors'
import { checkPair, dataRangeOf, type SsimOptions, ssimComponents } from './ssim'

/** The standard MS-SSIM scale weights (Wang et al. 2003), finest scale first. */
export const MS_SSIM_WEIGHTS: readonly number[] = Object.freeze([0.0448, 0.2856, 0.3001, 0.2363, 0.1333])

/** 2×2 box average, dropping an odd last row/column. */
export function downsample2(image: ArrayLike<number>, width: number, height: number): { data: Float64Array; width: number; height: number } {
  const w = Math.floor(width / 2)
  const h = Math.floor(height / 2)
  const data = new Float64Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x
      data[y * w + x] = 0.25 * (image[i] + image[i + 1] + image[i + width] + image[i + width + 1])
    }
  }
  return { data, width: w, height: h }
}

/**
 * MS-SSIM in [0, 1] of two row-major width×height images.
 * @param options - data range (default: max − min of the true image at full scale) and SSIM constants
 * @throws CodedError bad-request when a side is below 11·2⁴ = 176 pixels (the coarsest scale must fit the window)
 */
export function msSsim(
  trueImage: ArrayLike<number>,
  testImage: ArrayLike<number>,
  width: number,
  height: number,
  options: SsimOptions = {}
): number {
  checkPair(trueImage, testImage, width, height)
  const scales = MS_SSIM_WEIGHTS.length
  const minSide = 11 * 2 ** (scales - 1)
  if (width < minSide || height < minSide) {
    throw new CodedError('bad-request', `MS-SSIM needs images of at least ${minSide}×${minSide} pixels, got ${width}×${height}`)
  }
  const opts = { ...options, dataRange: options.dataRange ?? dataRangeOf(trueImage) }
  let a: { data: ArrayLike<number>; width: number; height: number } = { data: trueImage, width, height }
  let b: { data: ArrayLike<number>; width: number; height: number } = { data: testImage, width, height }
  let result = 1
  for (let j = 0; j < scales; j++) {
    const { ssim, cs } = ssimComponents(a.data, b.data, a.width, a.height, opts)
    const term = j === scales - 1 ? ssim : cs
    result *= Math.max(0, term) ** MS_SSIM_WEIGHTS[j]
    if (j < scales - 1) {
      a = downsample2(a.data, a.width, a.height)
      b = downsample2(b.data, b.width, b.height)
    }
  }
  return result
}
