import { beforeAll, describe, expect, it } from 'vitest'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { groupNorm, groupNormAffine } from './group-norm'
import { Rng } from './rng'

/** Reference: plain loops over NHWC, statistics per (sample, group) over H, W and the group's channels. */
function reference(x: Float32Array, [b, h, w, c]: number[], groups: number, eps: number): Float64Array {
  const out = new Float64Array(x.length)
  const cg = c / groups
  for (let n = 0; n < b; n++) {
    for (let g = 0; g < groups; g++) {
      const idx: number[] = []
      for (let i = 0; i < h * w; i++) for (let k = 0; k < cg; k++) idx.push((n * h * w + i) * c + g * cg + k)
      const mean = idx.reduce((s, j) => s + x[j], 0) / idx.length
      const variance = idx.reduce((s, j) => s + (x[j] - mean) ** 2, 0) / idx.length
      for (const j of idx) out[j] = (x[j] - mean) / Math.sqrt(variance + eps)
    }
  }
  return out
}

describe('groupNorm', () => {
  beforeAll(async () => {
    await useTrainingBackend()
  })

  it.each([
    [[2, 3, 4, 6], 3],
    [[1, 4, 4, 8], 8], // InstanceNorm: G = C
    [[2, 2, 5, 4], 1] // LayerNorm-like: one group
  ])('matches a hand-computed reference for shape %j and %i groups', (shape, groups) => {
    const rng = new Rng(7)
    const data = rng.fillNormal(new Float32Array(shape.reduce((a, v) => a * v, 1)), 3)
    for (let i = 0; i < data.length; i++) data[i] += 1.5
    const x = tf.tensor4d(data, shape as [number, number, number, number])
    const y = groupNorm(x, groups, 1e-3)
    const want = reference(data, shape, groups, 1e-3)
    const got = y.dataSync()
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4)
    tf.dispose([x, y])
  })

  it('applies the per-channel affine and does not leak', () => {
    const before = tf.memory().numTensors
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2])
    const scale = tf.tensor1d([2, 3])
    const offset = tf.tensor1d([1, -1])
    const plain = tf.tidy(() => groupNorm(x, 2, 1e-5).dataSync())
    const y = tf.tidy(() => groupNormAffine(x, 2, 1e-5, scale, offset).dataSync())
    for (let i = 0; i < 8; i++) expect(y[i]).toBeCloseTo(plain[i] * (i % 2 ? 3 : 2) + (i % 2 ? -1 : 1), 5)
    tf.dispose([x, scale, offset])
    expect(tf.memory().numTensors).toBe(before)
  })

  it('rejects groups that do not divide the channels', () => {
    const x = tf.zeros([1, 2, 2, 6]) as tf.Tensor4D
    expect(() => groupNorm(x, 4, 1e-3)).toThrow(/do not divide/)
    x.dispose()
  })
})
