import { describe, expect, it } from 'vitest'
import { rankData, spearman, uncertaintyCalibration } from './calibration'
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
