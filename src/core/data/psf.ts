/**
 * Point-spread functions for the forward models. Widefield: the in-focus Airy pattern of a circular pupil,
 * I(r) = [2·J1(v)/v]², v = 2π·NA·r/λ (Born & Wolf, Principles of Optics, §8.5.2), whose FWHM is ≈ 0.5145·λ/NA.
 * SIM-like: the same pattern at an effective aperture NA·gain (gain 2 for linear SIM: the reconstructed OTF support
 * doubles, Gustafsson, J. Microsc. 198 (2000)). Kernels are integrated over each pixel by supersampling, so they
 * already include the camera-pixel box filter.
 */

/**
 * Bessel function of the first kind, order 1. Polynomial approximations of Abramowitz & Stegun 9.4.4 (|x| ≤ 3,
 * |error| < 1.3e-8·|x|) and 9.4.6 (|x| > 3, |error| < 4e-8/√x).
 */
export function besselJ1(x: number): number {
  const ax = Math.abs(x)
  if (ax <= 3) {
    const y = (x / 3) * (x / 3)
    return (
      x *
      (0.5 + y * (-0.56249985 + y * (0.21093573 + y * (-0.03954289 + y * (0.00443319 + y * (-0.00031761 + y * 0.00001109))))))
    )
  }
  const z = 3 / ax
  const f1 =
    0.79788456 + z * (0.00000156 + z * (0.01659667 + z * (0.00017105 + z * (-0.00249511 + z * (0.00113653 + z * -0.00020033)))))
  const theta1 =
    ax - 2.35619449 + z * (0.12499612 + z * (0.0000565 + z * (-0.00637879 + z * (0.00074348 + z * (0.00079824 + z * -0.00029166)))))
  const j = (f1 * Math.cos(theta1)) / Math.sqrt(ax)
  return x < 0 ? -j : j
}

/**
 * Airy intensity, normalized to 1 at the centre.
 * @param r - distance from the centre (µm); @param wavelength - emission wavelength (µm); @param na - numerical aperture
 */
export function airyIntensity(r: number, wavelength: number, na: number): number {
  const v = (2 * Math.PI * na * r) / wavelength
  if (Math.abs(v) < 1e-8) return 1
  const a = (2 * besselJ1(v)) / v
  return a * a
}

/** Full width at half maximum of the Airy intensity (µm), found by bisection (≈ 0.5145·λ/NA). */
export function airyFwhm(wavelength: number, na: number): number {
  let lo = 0
  let hi = (0.61 * wavelength) / na // first zero: half maximum lies before it
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (airyIntensity(mid, wavelength, na) > 0.5) lo = mid
    else hi = mid
  }
  return lo + hi
}

/** A square, odd-sized, sum-normalized convolution kernel. */
export interface PsfKernel {
  /** Row-major (2·radius+1)² weights summing to 1. */
  data: Float64Array
  /** Half size in pixels; the centre is at (radius, radius). */
  radius: number
  /** Pixel size (µm). */
  pixelSize: number
}

/** Optics of one imaging mode. */
export interface AiryOptions {
  /** Emission wavelength (µm), e.g. 0.52. */
  wavelength: number
  /** Numerical aperture (effective, for SIM-like targets). */
  na: number
  /** Sampling pixel size (µm). */
  pixelSize: number
  /** Kernel half size (µm); default 3·λ/NA (≈ 6 Airy rings, > 97 % of the energy). */
  extent?: number
  /** Sub-samples per pixel side for pixel integration (default 5; 1 = point sampling). */
  supersample?: number
}

/**
 * Builds a pixel-integrated Airy kernel.
 * @returns kernel normalized to sum 1, radius = ceil(extent / pixelSize)
 */
export function airyKernel(options: AiryOptions): PsfKernel {
  const { wavelength, na, pixelSize } = options
  if (!(wavelength > 0 && na > 0 && pixelSize > 0)) throw new RangeError('airyKernel: wavelength, na, pixelSize must be > 0')
  const extent = options.extent ?? (3 * wavelength) / na
  const ss = options.supersample ?? 5
  const radius = Math.max(1, Math.ceil(extent / pixelSize))
  const size = 2 * radius + 1
  const data = new Float64Array(size * size)
  let sum = 0
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0
      for (let sy = 0; sy < ss; sy++) {
        const dy = (y - radius + (sy + 0.5) / ss - 0.5) * pixelSize
        for (let sx = 0; sx < ss; sx++) {
          const dx = (x - radius + (sx + 0.5) / ss - 0.5) * pixelSize
          acc += airyIntensity(Math.hypot(dx, dy), wavelength, na)
        }
      }
      data[y * size + x] = acc
      sum += acc
    }
  }
  for (let i = 0; i < data.length; i++) data[i] /= sum
  return { data, radius, pixelSize }
}

/**
 * FWHM (µm) measured on a kernel's central row by linear interpolation between samples (for tests and reports).
 */
export function measureKernelFwhm(kernel: PsfKernel): number {
  const size = 2 * kernel.radius + 1
  const row = kernel.data.subarray(kernel.radius * size, (kernel.radius + 1) * size)
  const half = row[kernel.radius] / 2
  let x = kernel.radius
  while (x < size - 1 && row[x + 1] > half) x++
  if (x >= size - 1) throw new RangeError('measureKernelFwhm: kernel too small to contain its half maximum')
  const frac = (row[x] - half) / (row[x] - row[x + 1])
  return 2 * (x - kernel.radius + frac) * kernel.pixelSize
}
