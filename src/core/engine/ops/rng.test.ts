import { describe, expect, it } from 'vitest'
import { Rng } from './rng'

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42)
    const b = new Rng(42)
    const c = new Rng(43)
    const sa = Array.from({ length: 5 }, () => a.nextUint32())
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa)
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa)
  })

  it('resumes exactly from a saved state', () => {
    const a = new Rng(1)
    a.fillNormal(new Float32Array(101))
    const state = JSON.parse(JSON.stringify(a.getState()))
    const next = a.fillNormal(new Float32Array(10))
    expect(new Rng(state).fillNormal(new Float32Array(10))).toEqual(next)
  })

  it('draws roughly standard normals and uniform integers in range', () => {
    const v = new Rng(3).fillNormal(new Float32Array(20000))
    const mean = v.reduce((s, x) => s + x, 0) / v.length
    const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
    const r = new Rng(4)
    for (let i = 0; i < 1000; i++) {
      const k = r.int(7)
      expect(k >= 0 && k < 7 && Number.isInteger(k)).toBe(true)
    }
  })

  it('rejects invalid states', () => {
    expect(() => new Rng({ words: [0, 0, 0, 0] })).toThrow(/all zero/)
    expect(() => new Rng({ words: [1, 2, 3] as unknown as [number, number, number, number] })).toThrow(/four/)
  })
})
