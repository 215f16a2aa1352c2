import { describe, expect, it } from 'vitest'
import { Rng } from '../ops/rng'
import { sampleTimesteps } from './timesteps'

describe('sampleTimesteps', () => {
  it('uniform: one t per sample in (0, 1), seeded', () => {
    const a = sampleTimesteps('uniform', new Rng(1), 1000)
    expect(a).toEqual(sampleTimesteps('uniform', new Rng(1), 1000))
    expect(Math.min(...a)).toBeGreaterThan(0)
    expect(Math.max(...a)).toBeLessThan(1)
    expect(a.reduce((s, v) => s + v, 0) / a.length).toBeCloseTo(0.5, 1)
  })

  it('stratified: one t per stratum; quadratic: mean 1/3', () => {
    const s = sampleTimesteps('stratified', new Rng(2), 4)
    s.forEach((t, i) => expect(t >= i / 4 && t < (i + 1) / 4).toBe(true))
    const q = sampleTimesteps('quadratic', new Rng(3), 4000)
    expect(q.reduce((a, v) => a + v, 0) / q.length).toBeCloseTo(1 / 3, 1)
  })
})
