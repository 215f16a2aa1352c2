import { describe, expect, it } from 'vitest'
import { blockSpearman, rankData, spearman, spearmanCeiling, uncertaintyCalibration } from './calibration'
import { createRng } from './random'

describe('spearman', () => {
  it('is ±1 for monotone relations and uses average ranks for ties', () => {
    const x = [1, 2, 3, 4, 5]
    expect(spearman(x, x.map((v) => v ** 3))).toBeCloseTo(1, 12)
    expect(spearman(x, x.map((v) => -Math.exp(v)))).toBeCloseTo(-1, 12)
    expect(Array.from(rankData([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1])
    // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).correlation = 0.9486832980505138
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12)
    expect(Number.isNaN(spearman([1, 1, 1], [1, 2, 3]))).toBe(true)
  })

  it('is ≈ 0 for independent data', () => {
    const rng = createRng(1)
    const a = Array.from({ length: 20_000 }, () => rng.normal())
    const b = Array.from({ length: 20_000 }, () => rng.normal())
    expect(Math.abs(spearman(a, b))).toBeLessThan(0.03)
  })
})

describe('uncertaintyCalibration', () => {
  const rng = createRng(7)
  const n = 40_000
  const std = Float64Array.from({ length: n }, () => Math.exp(rng.normal()))
  const truth = Float64Array.from({ length: n }, () => rng.uniform())

  it('finds a calibrated Gaussian model calibrated: RMSE ≈ std per bin, ratio ≈ 1, ρ clearly positive', () => {
    const pred = truth.map((t, i) => t + std[i] * rng.normal())
    const r = uncertaintyCalibration(std, pred, truth, 8)
    expect(r.bins).toHaveLength(8)
    for (const b of r.bins) {
      expect(b.count).toBe(n / 8)
      expect(b.stdLow).toBeLessThanOrEqual(b.stdHigh)
      expect(Math.abs(b.rmse / b.stdRms - 1)).toBeLessThan(0.06)
      expect(Math.abs(b.meanAbsError / (b.stdMean * Math.sqrt(2 / Math.PI)) - 1)).toBeLessThan(0.06)
    }
    expect(Math.abs(r.ratio - 1)).toBeLessThan(0.03)
    // for |e| = σ·|z| with log σ ~ N(0, 1), ρ = 0.6931 (numpy/scipy Monte Carlo, 2·10⁶ samples)
    expect(r.spearman).toBeCloseTo(0.6931, 1)
    expect(Math.abs(r.spearman - 0.6931)).toBeLessThan(0.015)
  })

  it('detects an overconfident model (errors 2× the std) and a useless map (ρ ≈ 0)', () => {
    const over = uncertaintyCalibration(std, truth.map((t, i) => t + 2 * std[i] * rng.normal()), truth)
    expect(over.ratio).toBeCloseTo(2, 1)
    const useless = uncertaintyCalibration(std, truth.map((t) => t + rng.normal()), truth)
    expect(Math.abs(useless.spearman)).toBeLessThan(0.03)
    const perfect = uncertaintyCalibration(std, truth.map((t, i) => t + std[i]), truth)
    expect(perfect.spearman).toBeCloseTo(1, 12)
  })
})

describe('spearmanCeiling', () => {
  it('matches the Monte Carlo value for log σ ~ N(0, 1) and falls with the spread of σ', () => {
    const rng = createRng(11)
    const logStd = Array.from({ length: 40_000 }, () => rng.normal())
    // same closed setting as above: ρ(σ, σ·|z|) = 0.6931 for log σ ~ N(0, 1)
    expect(Math.abs(spearmanCeiling(logStd.map(Math.exp)) - 0.6931)).toBeLessThan(0.015)
    const narrow = spearmanCeiling(logStd.map((v) => Math.exp(0.2 * v)))
    expect(narrow).toBeGreaterThan(0.05)
    expect(narrow).toBeLessThan(0.3)
    expect(Number.isNaN(spearmanCeiling(new Float64Array(100).fill(0.5)))).toBe(true)
  })

  it('is reported with every calibration', () => {
    const std = Float64Array.from({ length: 1000 }, (_, i) => 0.01 + i / 1000)
    const r = uncertaintyCalibration(std, std, new Float64Array(1000))
    expect(r.ceiling).toBeGreaterThan(0.3)
    expect(r.ceiling).toBeLessThan(1)
  })
})

describe('blockSpearman', () => {
  it('sees a calibrated map much better than per-pixel ρ does, and ≈ 0 for a useless one', () => {
    const rng = createRng(5)
    const w = 128
    const h = 128
    // σ varies smoothly over the image (a structure-like pattern spanning ×20), errors are N(0, σ²)
    const std = Float64Array.from({ length: w * h }, (_, i) => 0.01 * Math.exp(1.5 * Math.sin((i % w) / 9) * Math.cos(Math.floor(i / w) / 13)))
    const truth = new Float64Array(w * h)
    const pred = std.map((s) => s * rng.normal())
    const perPixel = spearman(std, pred.map(Math.abs))
    const blocks = blockSpearman(std, pred, truth, w, h, 4)
    expect(blocks).toBeGreaterThan(0.85)
    expect(blocks).toBeGreaterThan(perPixel + 0.2)
    const useless = blockSpearman(std, std.map(() => 0.01 * rng.normal()), truth, w, h, 4)
    expect(Math.abs(useless)).toBeLessThan(0.1)
  })

  it('rejects mismatched sizes and images smaller than two tiles', () => {
    expect(() => blockSpearman([1, 2], [1, 2], [1, 2], 2, 2)).toThrow(/width × height/)
    expect(() => blockSpearman(new Float64Array(16), new Float64Array(16), new Float64Array(16), 4, 4, 4)).toThrow(/at least 2 tiles/)
  })
})
