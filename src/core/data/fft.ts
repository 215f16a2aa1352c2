/**
 * In-place iterative radix-2 complex FFT (Cooley–Tukey, decimation in time with bit-reversal permutation;
 * Press et al., Numerical Recipes §12.2) on split real/imaginary Float64Arrays, and its 2-D row–column form.
 * Sizes must be powers of two; {@link nextPowerOfTwo} picks a padded size.
 */

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>()

function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddleCache.get(n)
  if (!t) {
    const cos = new Float64Array(n / 2)
    const sin = new Float64Array(n / 2)
    for (let i = 0; i < n / 2; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / n)
      sin[i] = Math.sin((2 * Math.PI * i) / n)
    }
    t = { cos, sin }
    twiddleCache.set(n, t)
  }
  return t
}

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1
  while (p < n) p *= 2
  return p
}

/** True when n is a positive power of two. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0
}

/**
 * 1-D FFT of `n` strided samples, in place: X[k] = Σ x[j]·exp(∓2πi·jk/n) (forward uses −).
 * The inverse is unscaled; {@link fft2d} divides by the element count.
 * @param re - real parts; @param im - imaginary parts (same length)
 * @param offset - index of the first sample; @param stride - distance between samples
 * @param n - number of samples, a power of two
 * @param inverse - sign of the exponent (+ when true)
 */
export function fft1d(re: Float64Array, im: Float64Array, offset: number, stride: number, n: number, inverse: boolean): void {
  if (!isPowerOfTwo(n)) throw new RangeError(`FFT size must be a power of two, got ${n}`)
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      const a = offset + i * stride
      const b = offset + j * stride
      let t = re[a]
      re[a] = re[b]
      re[b] = t
      t = im[a]
      im[a] = im[b]
      im[b] = t
    }
  }
  const { cos, sin } = twiddles(n)
  const sign = inverse ? 1 : -1
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1
    const step = n / len
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]
        const wi = sign * sin[k * step]
        const a = offset + (start + k) * stride
        const b = a + half * stride
        const xr = re[b] * wr - im[b] * wi
        const xi = re[b] * wi + im[b] * wr
        re[b] = re[a] - xr
        im[b] = im[a] - xi
        re[a] += xr
        im[a] += xi
      }
    }
  }
}

/**
 * 2-D FFT in place of a row-major `height × width` complex array (rows, then columns).
 * The inverse is scaled by 1/(width·height), so inverse(forward(x)) = x.
 * @param re - real parts, length width·height; @param im - imaginary parts
 */
export function fft2d(re: Float64Array, im: Float64Array, width: number, height: number, inverse: boolean): void {
  if (re.length !== width * height || im.length !== width * height) {
    throw new RangeError(`fft2d: arrays must have ${width}×${height} elements`)
  }
  for (let y = 0; y < height; y++) fft1d(re, im, y * width, 1, width, inverse)
  // Columns are gathered into a contiguous scratch buffer: strided access is ~3× slower in V8.
  const cr = new Float64Array(height)
  const ci = new Float64Array(height)
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      cr[y] = re[y * width + x]
      ci[y] = im[y * width + x]
    }
    fft1d(cr, ci, 0, 1, height, inverse)
    for (let y = 0; y < height; y++) {
      re[y * width + x] = cr[y]
      im[y * width + x] = ci[y]
    }
  }
  if (inverse) {
    const scale = 1 / (width * height)
    for (let i = 0; i < re.length; i++) {
      re[i] *= scale
      im[i] *= scale
    }
  }
}
