/**
 * Separable Gaussian filter matching `scipy.ndimage.gaussian_filter(x, sigma, truncate=t, mode='reflect')`, the
 * filter scikit-image's SSIM uses: taps exp(−x²/2σ²) for |x| ≤ r = ⌊t·σ + 0.5⌋, normalized to sum 1, applied along
 * rows and columns; 'reflect' extends the image half-sample symmetrically (d c b a | a b c d | d c b a).
 */

/** Normalized 1-D Gaussian taps of radius ⌊truncate·σ + 0.5⌋ (scipy `_gaussian_kernel1d`). */
export function gaussianTaps(sigma: number, truncate: number): Float64Array {
  const radius = Math.floor(truncate * sigma + 0.5)
  const taps = new Float64Array(2 * radius + 1)
  let sum = 0
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp((-0.5 * i * i) / (sigma * sigma))
    taps[i + radius] = w
    sum += w
  }
  for (let i = 0; i < taps.length; i++) taps[i] /= sum
  return taps
}

/** Half-sample symmetric index (scipy 'reflect'), valid for any offset. */
function reflect(i: number, n: number): number {
  const period = 2 * n
  let j = ((i % period) + period) % period
  if (j >= n) j = period - 1 - j
  return j
}

/** Filters one line: `line` holds n samples after r reflected ones on each side. */
function filterLine(line: Float64Array, n: number, taps: Float64Array, out: Float64Array, offset: number, stride: number): void {
  const size = taps.length
  for (let i = 0; i < n; i++) {
    let acc = 0
    for (let k = 0; k < size; k++) acc += taps[k] * line[i + k]
    out[offset + i * stride] = acc
  }
}

/**
 * Filters a row-major width×height image with the separable kernel `taps` (odd length), scipy 'reflect' borders.
 * @returns a new float64 image of the same shape
 */
export function separableFilter(image: ArrayLike<number>, width: number, height: number, taps: Float64Array): Float64Array {
  const r = (taps.length - 1) / 2
  const tmp = new Float64Array(width * height)
  const out = new Float64Array(width * height)
  // scipy filters axis 0 (along y) first, then axis 1 (along x); each line is copied with reflected margins.
  const column = new Float64Array(height + 2 * r)
  for (let x = 0; x < width; x++) {
    for (let i = 0; i < column.length; i++) column[i] = image[reflect(i - r, height) * width + x]
    filterLine(column, height, taps, tmp, x, width)
  }
  const row = new Float64Array(width + 2 * r)
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < row.length; i++) row[i] = tmp[y * width + reflect(i - r, width)]
    filterLine(row, width, taps, out, y * width, 1)
  }
  return out
}
