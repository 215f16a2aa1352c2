/**
 * Registration check of a training pair by phase correlation (Kuglin & Hines 1975; subpixel peak by a parabola
 * through the peak and its neighbours along each axis): the normalized cross-power spectrum of two images has an
 * inverse transform that peaks at their relative shift. Used to flag pairs whose high-quality image is not aligned
 * with the (bicubic-upsampled) low-quality one before they poison a fine-tune.
 * Two changes make it robust to a noisy, band-limited low-quality image (measured on synthetic sr2x pairs: full
 * whitening found random peaks on 3 of 6 noisy 64² pairs): the spectrum is whitened only partially (divided by
 * |cross-power|^0.5, "generalized" phase correlation) and weighted by a Gaussian low-pass, so frequencies the
 * low-quality image doesn't carry (and its noise) don't vote.
 */
// fft2d is not (yet) in core/data's public index; it is a pure radix-2 FFT with no state.
import { fft2d } from '../data/fft'

/** Largest side of the centred square the correlation runs on (keeps it to a few ms per pair). */
const MAX_SIDE = 256

function largestPowerOfTwoAtMost(n: number): number {
  let p = 1
  while (p * 2 <= n) p *= 2
  return p
}

/** Centred N×N crop, mean removed, times a separable Hann window (suppresses the edges' wrap-around). */
function windowed(image: ArrayLike<number>, width: number, height: number, n: number): Float64Array {
  const x0 = Math.floor((width - n) / 2)
  const y0 = Math.floor((height - n) / 2)
  const out = new Float64Array(n * n)
  let mean = 0
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mean += out[y * n + x] = image[(y0 + y) * width + x0 + x]
  mean /= n * n
  const hann = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)))
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = (out[y * n + x] - mean) * hann[x] * hann[y]
  return out
}

/** Parabolic subpixel offset of a peak from its two neighbours, in (−0.5, 0.5). */
function subpixel(left: number, centre: number, right: number): number {
  const denom = left - 2 * centre + right
  return denom < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / denom)) : 0
}

/**
 * Shift of `moved` relative to `reference` (both width×height, row-major, same grid): `moved(x, y) ≈
 * reference(x − dx, y − dy)`.
 * @param options.lowPassSigma - σ of the Gaussian spectral weight in cycles/pixel (default 0.1, below the 0.25 Nyquist
 *   of a 2× low-quality image); @param options.whitening - exponent of the magnitude normalization (1 = classic
 *   phase correlation, 0 = cross-correlation; default 0.5)
 * @returns dx, dy in pixels (subpixel), each in [−N/2, N/2) where N is the correlated square's side (≤ 256)
 * @throws RangeError when the images are smaller than 8×8 or differ in size
 */
export function phaseCorrelationShift(
  reference: ArrayLike<number>,
  moved: ArrayLike<number>,
  width: number,
  height: number,
  options: { lowPassSigma?: number; whitening?: number } = {}
): { dx: number; dy: number } {
  const sigma = options.lowPassSigma ?? 0.1
  const power = options.whitening ?? 0.5
  if (reference.length !== width * height || moved.length !== width * height) throw new RangeError('phaseCorrelationShift: images must both be width×height')
  const n = Math.min(MAX_SIDE, largestPowerOfTwoAtMost(Math.min(width, height)))
  if (n < 8) throw new RangeError('phaseCorrelationShift: images must be at least 8×8')
  const aRe = windowed(moved, width, height, n)
  const bRe = windowed(reference, width, height, n)
  const aIm = new Float64Array(n * n)
  const bIm = new Float64Array(n * n)
  fft2d(aRe, aIm, n, n, false)
  fft2d(bRe, bIm, n, n, false)
  // R = A·conj(B) / |A·conj(B)|^power · exp(−|f|²/2σ²)
  for (let i = 0; i < n * n; i++) {
    const kx = i % n
    const ky = (i - kx) / n
    const fx = (kx >= n / 2 ? kx - n : kx) / n
    const fy = (ky >= n / 2 ? ky - n : ky) / n
    const weight = Math.exp(-(fx * fx + fy * fy) / (2 * sigma * sigma))
    const re = aRe[i] * bRe[i] + aIm[i] * bIm[i]
    const im = aIm[i] * bRe[i] - aRe[i] * bIm[i]
    const scale = weight / (Math.hypot(re, im) || 1) ** power
    aRe[i] = re * scale
    aIm[i] = im * scale
  }
  fft2d(aRe, aIm, n, n, true)
  let best = 0
  for (let i = 1; i < n * n; i++) if (aRe[i] > aRe[best]) best = i
  const px = best % n
  const py = Math.floor(best / n)
  const at = (x: number, y: number): number => aRe[((y + n) % n) * n + ((x + n) % n)]
  const fx = px + subpixel(at(px - 1, py), at(px, py), at(px + 1, py))
  const fy = py + subpixel(at(px, py - 1), at(px, py), at(px, py + 1))
  const wrap = (v: number): number => (v >= n / 2 ? v - n : v)
  return { dx: wrap(fx), dy: wrap(fy) }
}
