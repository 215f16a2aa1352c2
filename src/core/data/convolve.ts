/**
 * Circular 2-D convolution through the FFT (convolution theorem), with kernel spectra (OTFs) cached per grid size.
 * Two real convolutions of the same image share one inverse FFT: both results are real, so
 * IFFT(G·A + i·G·B) = (g∗a) + i·(g∗b) (Press et al., Numerical Recipes §12.3, "two real FFTs for the price of one").
 */
import { fft2d, isPowerOfTwo } from './fft'
import type { PsfKernel } from './psf'

interface Spectrum {
  re: Float64Array
  im: Float64Array
}

const otfCache = new WeakMap<PsfKernel, Map<string, Spectrum>>()

/** The kernel's spectrum on a width×height periodic grid, its centre moved to (0, 0). */
function otf(kernel: PsfKernel, width: number, height: number): Spectrum {
  let byGrid = otfCache.get(kernel)
  if (!byGrid) {
    byGrid = new Map()
    otfCache.set(kernel, byGrid)
  }
  const key = `${width}x${height}`
  const cached = byGrid.get(key)
  if (cached) return cached
  const size = 2 * kernel.radius + 1
  if (size > width || size > height) throw new RangeError(`kernel ${size}² does not fit the ${width}×${height} grid`)
  const re = new Float64Array(width * height)
  const im = new Float64Array(width * height)
  for (let y = 0; y < size; y++) {
    const yy = (y - kernel.radius + height) % height
    for (let x = 0; x < size; x++) {
      const xx = (x - kernel.radius + width) % width
      re[yy * width + xx] += kernel.data[y * size + x]
    }
  }
  fft2d(re, im, width, height, false)
  const spectrum = { re, im }
  byGrid.set(key, spectrum)
  return spectrum
}

/**
 * Convolves a real image with two kernels at once (periodic boundaries: pad the image so that the region you keep
 * is at least one kernel radius from the edge).
 * @param image - row-major width×height values (any units); width and height must be powers of two
 * @param kernelA - first kernel (e.g. widefield PSF); @param kernelB - second kernel (e.g. SIM PSF)
 * @returns `[image ∗ kernelA, image ∗ kernelB]`, same shape and units as `image`
 */
export function convolveTwo(
  image: ArrayLike<number>,
  width: number,
  height: number,
  kernelA: PsfKernel,
  kernelB: PsfKernel
): [Float64Array, Float64Array] {
  if (!isPowerOfTwo(width) || !isPowerOfTwo(height)) throw new RangeError(`convolveTwo: ${width}×${height} is not a power-of-two grid`)
  if (image.length !== width * height) throw new RangeError(`convolveTwo: image must have ${width * height} elements`)
  const re = Float64Array.from(image)
  const im = new Float64Array(width * height)
  fft2d(re, im, width, height, false)
  const a = otf(kernelA, width, height)
  const b = otf(kernelB, width, height)
  for (let i = 0; i < re.length; i++) {
    const gr = re[i]
    const gi = im[i]
    const pr = gr * a.re[i] - gi * a.im[i] // G·A
    const pi = gr * a.im[i] + gi * a.re[i]
    const qr = gr * b.re[i] - gi * b.im[i] // G·B
    const qi = gr * b.im[i] + gi * b.re[i]
    re[i] = pr - qi // G·A + i·G·B
    im[i] = pi + qr
  }
  fft2d(re, im, width, height, true)
  return [re, im]
}

/**
 * Direct (spatial) convolution with zero padding, for tests of {@link convolveTwo}; O(N·K²).
 * @returns image ∗ kernel, same shape as `image`
 */
export function convolveDirect(image: ArrayLike<number>, width: number, height: number, kernel: PsfKernel): Float64Array {
  const out = new Float64Array(width * height)
  const r = kernel.radius
  const size = 2 * r + 1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0
      for (let ky = -r; ky <= r; ky++) {
        const sy = y - ky
        if (sy < 0 || sy >= height) continue
        for (let kx = -r; kx <= r; kx++) {
          const sx = x - kx
          if (sx < 0 || sx >= width) continue
          acc += image[sy * width + sx] * kernel.data[(ky + r) * size + (kx + r)]
        }
      }
      out[y * width + x] = acc
    }
  }
  return out
}
