import { describe, expect, it } from 'vitest'
import { Rng } from '../ops/rng'
import { checkPairs, dihedralSource, sampleBatch, type TrainingPair } from './batch'

describe('dihedral transforms', () => {
  it('are 8 distinct permutations of the crop', () => {
    const s = 4
    const seen = new Set<string>()
    for (let d = 0; d < 8; d++) {
      const image: number[] = []
      for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) {
        const [a, b] = dihedralSource(d, i, j, s)
        image.push(a * s + b)
      }
      expect(new Set(image).size).toBe(s * s)
      seen.add(image.join(','))
    }
    expect(seen.size).toBe(8)
  })
})

describe('sampleBatch', () => {
  const size = 12
  const pair: TrainingPair = {
    x: Float32Array.from({ length: size * size }, (_, i) => i),
    y: Float32Array.from({ length: size * size }, (_, i) => 2 * i + 1),
    height: size,
    width: size
  }

  it('crops x and y at the same place with the same transform, deterministically', () => {
    const a = sampleBatch([pair], new Rng(1), 6, 8, 'dihedral', 1, 1)
    const b = sampleBatch([pair], new Rng(1), 6, 8, 'dihedral', 1, 1)
    expect(a.x).toEqual(b.x)
    expect(a.shapeX).toEqual([6, 8, 8, 1])
    for (let i = 0; i < a.x.length; i++) expect(a.y[i]).toBe(2 * a.x[i] + 1)
    const none = sampleBatch([pair], new Rng(2), 1, 8, 'none', 1, 1)
    for (let i = 1; i < 8; i++) expect(none.x[i] - none.x[i - 1]).toBe(1) // untransformed rows stay rows
  })

  it('checks pairs against the crop and channel counts', () => {
    expect(() => checkPairs([], 8, 1, 1)).toThrow(/at least one/)
    expect(() => checkPairs([pair], 16, 1, 1)).toThrow(/smaller than/)
    expect(() => checkPairs([{ ...pair, x: new Float32Array(3) }], 8, 1, 1)).toThrow(/lengths/)
    expect(() => checkPairs([pair], 8, 2, 1)).toThrow(/channels/)
  })
})
