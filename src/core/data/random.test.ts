import { describe, expect, it } from 'vitest'
import { createRng, createRngFromState, logGamma } from './random'

function moments(sample: () => number, n: number): { mean: number; variance: number } {
  let s = 0
  let ss = 0
  for (let i = 0; i < n; i++) {
    const v = sample()
    s += v
    ss += v * v
  }
  return { mean: s / n, variance: ss / n - (s / n) ** 2 }
}

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng('42')
    const sa = Array.from({ length: 8 }, () => a.nextUint32())
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa)
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa)
  })

  it('matches the reference C xoshiro128** (prng.di.unimi.it) from state {1, 2, 3, 4}', () => {
    const rng = createRngFromState([1, 2, 3, 4])
    // gcc build of xoshiro128starstar.c, next() × 6
    expect(Array.from({ length: 6 }, () => rng.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492])
  })

  it('draws uniforms in (0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1)
    const m = moments(() => rng.uniform(), 200_000)
    expect(m.mean).toBeCloseTo(0.5, 2)
    expect(m.variance).toBeCloseTo(1 / 12, 3)
  })

  it('draws standard normals', () => {
    const rng = createRng(2)
    const m = moments(() => rng.normal(), 200_000)
    expect(Math.abs(m.mean)).toBeLessThan(0.01)
    expect(m.variance).toBeCloseTo(1, 1)
  })

  it.each([0.5, 3, 9.9, 10, 37, 500, 20_000])('draws Poisson(%f) with mean = variance = λ', (lambda) => {
    const rng = createRng(lambda)
    const n = 100_000
    const m = moments(() => rng.poisson(lambda), n)
    const se = Math.sqrt(lambda / n)
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * se)
    expect(Math.abs(m.variance / lambda - 1)).toBeLessThan(0.03)
  })

  it.each([4, 15, 60])('draws Poisson(%i) with the right probability mass (every k within 5σ)', (lambda) => {
    const rng = createRng(100 + lambda)
    const n = 200_000
    const counts = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      const k = rng.poisson(lambda)
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    const lo = Math.max(0, Math.floor(lambda - 3 * Math.sqrt(lambda)))
    for (let k = lo; k <= lambda + 3 * Math.sqrt(lambda); k++) {
      const pmf = Math.exp(k * Math.log(lambda) - lambda - logGamma(k + 1))
      const expected = n * pmf
      expect(Math.abs((counts.get(k) ?? 0) - expected)).toBeLessThan(5 * Math.sqrt(expected))
    }
  })

  it('rejects a negative λ', () => {
    expect(() => createRng(0).poisson(-1)).toThrow(RangeError)
  })
})

describe('logGamma', () => {
  it('matches log((n-1)!)', () => {
    let f = 1
    for (let n = 1; n < 30; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(f), 10)
      f *= n
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10)
  })
})
