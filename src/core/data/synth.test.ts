import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { applyCamera, DEFAULT_CAMERA, measureSnr, statedSnr } from './camera'
import { fft2d } from './fft'
import { createRng } from './random'
import { STRUCTURE_KINDS } from './structures'
import { generatePair, pairSeed } from './synth'
import { PHOTON_LEVELS } from './synth-options'

const sha = (a: ArrayBufferView): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex')

describe('generatePair', () => {
  it('is deterministic: same seed → identical bytes; another seed → different bytes', () => {
    const a = generatePair({ seed: 123, structure: 'mix', width: 128, height: 96 })
    const b = generatePair({ seed: 123, structure: 'mix', width: 128, height: 96 })
    const c = generatePair({ seed: 124, structure: 'mix', width: 128, height: 96 })
    for (const key of ['input', 'target', 'groundTruth'] as const) expect(sha(b[key].data)).toBe(sha(a[key].data))
    expect(sha(c.input.data)).not.toBe(sha(a.input.data))
    expect(pairSeed(5, 0)).toBe(pairSeed(5, 0))
    expect(pairSeed(5, 0)).not.toBe(pairSeed(5, 1))
  })

  it('returns sr2x shapes and pixel sizes: input at half resolution, twice the pixel size', () => {
    const p = generatePair({ task: 'sr2x', width: 128, height: 64, inputPixelSize: 0.08 })
    expect([p.input.width, p.input.height, p.input.data.length]).toEqual([64, 32, 64 * 32])
    expect([p.target.width, p.target.height, p.target.data.length]).toEqual([128, 64, 128 * 64])
    expect(p.input.pixelSize).toBe(0.08)
    expect(p.target.pixelSize).toBeCloseTo(0.04, 12)
    expect(p.groundTruth.pixelSize).toBeCloseTo(0.04, 12)
    const d = generatePair({ task: 'denoise', width: 64, height: 64 })
    expect([d.input.width, d.target.width, d.input.pixelSize, d.target.pixelSize]).toEqual([64, 64, 0.0626, 0.0626])
  })

  it.each(STRUCTURE_KINDS)('renders %s non-empty and within range', (structure) => {
    for (const task of ['sr2x', 'denoise'] as const) {
      const p = generatePair({ structure, task, seed: 9, width: 128, height: 128, photons: 200 })
      expect(p.meta.structure).toBe(structure)
      const gt = p.groundTruth.data
      expect(Math.max(...gt)).toBe(1)
      expect(Math.min(...gt)).toBeGreaterThanOrEqual(0)
      expect(gt.filter((v) => v > 0.05).length / gt.length).toBeGreaterThan(0.002)
      expect(Math.min(...p.target.data)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...p.inputSignal)).toBeCloseTo(200, 3)
      const input = p.input.data
      expect(Math.max(...input)).toBeLessThan(65535)
      expect(Math.max(...input)).toBeGreaterThan(DEFAULT_CAMERA.offset + 100)
      // flux is conserved: the target carries the same photons per area as the noise-free input
      const sumIn = p.inputSignal.reduce((a, b) => a + b, 0) / p.inputSignal.length
      const sumTarget = p.target.data.reduce((a, b) => a + b, 0) / p.target.data.length
      expect(Math.abs(sumTarget / sumIn - 1)).toBeLessThan(0.05)
    }
  })

  it('gives pair seeds independent streams (balanced mix classes, uncorrelated neighbours)', () => {
    const counts = new Map<string, number>()
    const firsts: number[] = []
    for (let i = 0; i < 400; i++) {
      const seed = pairSeed(0, i)
      firsts.push(createRng(seed).uniform())
      const kind = STRUCTURE_KINDS[createRng(seed).int(STRUCTURE_KINDS.length)]
      counts.set(kind, (counts.get(kind) ?? 0) + 1)
    }
    for (const k of STRUCTURE_KINDS) expect(Math.abs((counts.get(k) ?? 0) - 100)).toBeLessThan(35)
    let c = 0
    for (let i = 1; i < firsts.length; i++) c += (firsts[i] - 0.5) * (firsts[i - 1] - 0.5)
    expect(Math.abs(c / (firsts.length - 1) / (1 / 12))).toBeLessThan(0.2)
  })

  it('draws every class for mix across seeds', () => {
    const seen = new Set(Array.from({ length: 24 }, (_, i) => generatePair({ seed: i, width: 32, height: 32 }).meta.structure))
    expect(seen.size).toBe(STRUCTURE_KINDS.length)
  })

  it('generates a 256² sr2x pair well under a second', () => {
    generatePair({ seed: 1 })
    const t0 = performance.now()
    for (let i = 0; i < 4; i++) generatePair({ seed: i, structure: STRUCTURE_KINDS[i] })
    expect((performance.now() - t0) / 4).toBeLessThan(500)
  })

  it('rejects bad options with bad-request', () => {
    expect(() => generatePair({ width: 33 })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => generatePair({ photons: 0 })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => generatePair({ structure: 'golgi' as never })).toThrow(/structure/)
  })
})

/** Fraction of the (mean-free, Hann-windowed) power spectrum at spatial frequencies |f| ≥ f0 cycles/µm. */
function powerAbove(data: ArrayLike<number>, n: number, pixelSize: number, f0: number): number {
  const re = Float64Array.from(data)
  const mean = re.reduce((a, b) => a + b, 0) / re.length
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) re[y * n + x] = (re[y * n + x] - mean) * (Math.sin((Math.PI * (x + 0.5)) / n) * Math.sin((Math.PI * (y + 0.5)) / n)) ** 2
  }
  const im = new Float64Array(re.length)
  fft2d(re, im, n, n, false)
  let above = 0
  let total = 0
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const f = Math.hypot(x < n / 2 ? x : x - n, y < n / 2 ? y : y - n) / (n * pixelSize)
      const power = re[y * n + x] ** 2 + im[y * n + x] ** 2
      total += power
      if (f >= f0) above += power
    }
  }
  return above / total
}

describe('forward model optics', () => {
  it.each(STRUCTURE_KINDS)('%s: the input is band-limited at 2NA/λ; the SIM-like target reaches beyond it, up to 2×', (structure) => {
    const p = generatePair({ structure, seed: 2 })
    const cutoff = (2 * p.meta.na) / p.meta.options.wavelength // widefield OTF support, cycles/µm
    expect(powerAbove(p.inputSignal, p.input.width, p.input.pixelSize, 1.1 * cutoff)).toBeLessThan(1e-6)
    expect(powerAbove(p.target.data, p.target.width, p.target.pixelSize, 1.1 * cutoff)).toBeGreaterThan(0.01)
    expect(powerAbove(p.target.data, p.target.width, p.target.pixelSize, 2.1 * cutoff)).toBeLessThan(1e-6)
  })
})

describe('photon levels', () => {
  it.each(PHOTON_LEVELS)('measured SNR at %i photons matches the stated SNR within 5 %', (photons) => {
    const cases = [
      { task: 'sr2x', structure: 'actin', width: 256, height: 256 },
      { task: 'denoise', structure: 'er', width: 256, height: 256 }
    ] as const
    for (const c of cases) {
      const p = generatePair({ ...c, photons, seed: 7 })
      const camera = p.meta.options.camera
      expect(p.meta.snr).toBeCloseTo(statedSnr(photons, 0.05 * photons, camera), 12)
      const measured = measureSnr(p.input.data, p.inputSignal, p.meta.background, camera, photons)
      expect(Math.abs(measured / p.meta.snr - 1)).toBeLessThan(0.05)
    }
  })

  it('camera on a flat field: mean = g·(S+B)+offset, variance = g²·(S+B+σ²)+1/12', () => {
    const camera = { offset: 100, readNoise: 2, gain: 0.5 }
    const n = 200_000
    const out = applyCamera(new Float64Array(n).fill(40), 10, camera, createRng(5))
    let s = 0
    let ss = 0
    for (const v of out) {
      s += v
      ss += v * v
    }
    const mean = s / n
    const variance = ss / n - mean * mean
    expect(mean).toBeCloseTo(0.5 * 50 + 100, 1)
    expect(Math.abs(variance / (0.25 * (50 + 4) + 1 / 12) - 1)).toBeLessThan(0.02)
  })
})
