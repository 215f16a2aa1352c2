import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel, type CvdmModel } from '../model/cvdm-model'
import { Rng } from '../ops/rng'
import { type TrainingBackend, useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { sample } from './sample-loop'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'

let model: CvdmModel
let x: tf.Tensor4D
let backend: TrainingBackend

beforeAll(async () => {
  backend = await useTrainingBackend()
  model = buildModel(TINY_TEST_CONFIG, { seed: 1 })
  x = tf.tensor4d(new Rng(2).fillUniform(new Float32Array(2 * 16 * 16), -1, 1), [2, 16, 16, 1])
})
afterAll(() => {
  model.dispose()
  x.dispose()
})

async function run(config: Parameters<typeof sample>[2], options?: Parameters<typeof sample>[3]): Promise<{ mean: Float32Array; std: Float32Array }> {
  const out = await sample(model, x, config, options)
  const res = { mean: out.mean.dataSync() as Float32Array, std: out.std.dataSync() as Float32Array }
  tf.dispose([out.mean, out.std])
  return res
}

describe('sample', () => {
  it.each(['ddim', 'ancestral', 'faithful-beta'] as const)('%s: seeded, in range, leak-free, reports progress', async (kind) => {
    const before = tf.memory().numTensors
    const steps: number[] = []
    const a = await run({ kind, steps: 4, samples: 2, seed: 3 }, { onProgress: (p) => steps.push(p.step) })
    const b = await run({ kind, steps: 4, samples: 2, seed: 3 })
    const c = await run({ kind, steps: 4, samples: 2, seed: 4 })
    expect(tf.memory().numTensors).toBe(before)
    expect(a.mean).toEqual(b.mean)
    expect(a.mean).not.toEqual(c.mean)
    expect(Math.max(...a.mean.map(Math.abs))).toBeLessThanOrEqual(1)
    const per = kind === 'faithful-beta' ? 3 : 4
    expect(steps.at(-1)).toBe(2 * per)
    expect(Math.max(...a.std)).toBeGreaterThan(0)
  })

  it('gives the same samples however they are batched (per-sample noise streams)', async () => {
    const one = await run({ kind: 'ancestral', steps: 3, samples: 3, seed: 9, maxBatch: 2 })
    const all = await run({ kind: 'ancestral', steps: 3, samples: 3, seed: 9, maxBatch: 6 })
    for (let i = 0; i < one.mean.length; i++) expect(one.mean[i]).toBeCloseTo(all.mean[i], 4)
  })

  it('stops on abort with a cancelled error and no leaked tensors', async () => {
    const before = tf.memory().numTensors
    const controller = new AbortController()
    const p = sample(model, x, { kind: 'faithful-beta', steps: 50 }, { signal: controller.signal, onProgress: (s) => s.step === 2 && controller.abort() })
    await expect(p).rejects.toMatchObject({ code: 'cancelled' })
    const q = sample(model, x, { kind: 'ddim', steps: 50 }, { signal: controller.signal })
    await expect(q).rejects.toMatchObject({ code: 'cancelled' })
    expect(tf.memory().numTensors).toBe(before)
  })

  it('cpu and the training backend agree to 1e-4 on a 2-step sample', async () => {
    if (backend.name === 'cpu') return
    const config = { kind: 'ancestral', steps: 2, samples: 1, seed: 5 } as const
    const here = await run(config)
    await tf.setBackend('cpu')
    try {
      const ref = await run(config)
      let maxDiff = 0
      for (let i = 0; i < ref.mean.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref.mean[i] - here.mean[i]))
      expect(maxDiff).toBeLessThanOrEqual(1e-4)
    } finally {
      await tf.setBackend(backend.name)
    }
  })

  it('rejects invalid sampler configs', async () => {
    await expect(sample(model, x, { steps: 0 })).rejects.toThrow(/steps/)
    await expect(sample(model, x, { kind: 'faithful-beta', steps: 1 })).rejects.toThrow(/steps/)
    await expect(sample(model, x, { kind: 'euler' as never })).rejects.toThrow(/kind/)
  })
})
