import { describe, expect, it } from 'vitest'
import { convolveDirect, convolveTwo } from './convolve'
import { fft2d } from './fft'
import { airyFwhm, airyIntensity, airyKernel, besselJ1, measureKernelFwhm } from './psf'
import { createRng } from './random'

describe('besselJ1', () => {
  it('matches scipy.special.j1 within 1e-7', () => {
    const ref: [number, number][] = [
      [0.1, 0.049937526036242], [1, 0.44005058574493355], [2.9, 0.37542748181309593], [3, 0.33905895852593654],
      [3.1, 0.30092113310105756], [5, -0.3275791375914653], [10, 0.04347274616886141], [30, -0.11875106261662305]
    ]
    for (const [x, j] of ref) {
      expect(Math.abs(besselJ1(x) - j)).toBeLessThan(1e-7)
      expect(besselJ1(-x)).toBeCloseTo(-j, 7)
    }
  })
})

describe('Airy PSF', () => {
  it.each([
    [0.52, 1.3],
    [0.6, 1.49],
    [0.45, 0.8]
  ])('λ=%f µm, NA=%f: FWHM ≈ 0.51·λ/NA within 2 %, first zero at 0.61·λ/NA', (wavelength, na) => {
    const fwhm = airyFwhm(wavelength, na)
    expect(Math.abs(fwhm / ((0.51 * wavelength) / na) - 1)).toBeLessThan(0.02)
    expect(fwhm / (wavelength / na)).toBeCloseTo(0.5145, 3)
    expect(airyIntensity((0.6098 * wavelength) / na, wavelength, na)).toBeLessThan(1e-6)
    const kernel = airyKernel({ wavelength, na, pixelSize: wavelength / na / 40, supersample: 1 })
    expect(Math.abs(measureKernelFwhm(kernel) / fwhm - 1)).toBeLessThan(0.01)
    expect(kernel.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('widens by pixel integration at coarse sampling but stays within 15 %', () => {
    const kernel = airyKernel({ wavelength: 0.52, na: 1.3, pixelSize: 0.0626 })
    const ratio = measureKernelFwhm(kernel) / airyFwhm(0.52, 1.3)
    expect(ratio).toBeGreaterThan(1)
    expect(ratio).toBeLessThan(1.15)
  })
})

describe('FFT convolution', () => {
  it('inverts itself', () => {
    const rng = createRng(3)
    const re = Float64Array.from({ length: 32 * 16 }, () => rng.normal())
    const copy = re.slice()
    const im = new Float64Array(re.length)
    fft2d(re, im, 32, 16, false)
    fft2d(re, im, 32, 16, true)
    for (let i = 0; i < re.length; i++) expect(re[i]).toBeCloseTo(copy[i], 10)
  })

  it('matches direct convolution away from the edges, for both packed kernels', () => {
    const rng = createRng(4)
    const w = 64
    const h = 32
    const image = Float64Array.from({ length: w * h }, () => rng.uniform())
    const a = airyKernel({ wavelength: 0.52, na: 1.3, pixelSize: 0.05, extent: 0.3 })
    const b = airyKernel({ wavelength: 0.52, na: 2.6, pixelSize: 0.05, extent: 0.2 })
    const [fa, fb] = convolveTwo(image, w, h, a, b)
    const da = convolveDirect(image, w, h, a)
    const db = convolveDirect(image, w, h, b)
    for (let y = a.radius; y < h - a.radius; y++) {
      for (let x = a.radius; x < w - a.radius; x++) {
        expect(fa[y * w + x]).toBeCloseTo(da[y * w + x], 10)
        expect(fb[y * w + x]).toBeCloseTo(db[y * w + x], 10)
      }
    }
  })
})
