import { beforeAll, describe, expect, it } from 'vitest'
import { validateModelConfig, type ModelConfig } from '../config/model-config'
import { buildModel } from '../model/cvdm-model'
import { x0Bounds } from '../sampler/chains'
import { sample } from '../sampler/sample-loop'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { diffusionTarget } from './q-sample'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'

const tiny = TINY_TEST_CONFIG

beforeAll(async () => {
  await useTrainingBackend()
})

describe('targetScale (the diffused variable is r / s)', () => {
  it('validates method and targetScale, defaulting to the official diffusion with s = 1', () => {
    const c = validateModelConfig({})
    expect([c.method, c.targetScale]).toEqual(['diffusion', 1])
    expect(() => validateModelConfig({ targetScale: 0 })).toThrow(/targetScale/)
    expect(() => validateModelConfig({ targetScale: Number.NaN })).toThrow(/targetScale/)
    expect(() => validateModelConfig({ method: 'gan' as ModelConfig['method'] })).toThrow(/method/)
  })

  it('scales the residual and the x̂₀ clipping range', () => {
    const x = tf.tensor4d([0.5, -0.5, 0, 1], [1, 2, 2, 1])
    const y = tf.tensor4d([1, 0.5, -1, 1], [1, 2, 2, 1])
    const r = diffusionTarget('residual', x, y, 0.25)
    expect(Array.from(r.dataSync())).toEqual([2, 4, -4, 0])
    expect(x0Bounds('residual-range', 0.25)).toEqual({ lo: -8, hi: 8 })
    expect(x0Bounds('residual-range')).toEqual({ lo: -2, hi: 2 })
    tf.dispose([x, y, r])
  })

  it('multiplies the sampled r̂ back: same weights, half the scale gives half the residual', async () => {
    // an untrained net's r̂ is large: small scales keep x + s·r̂ inside the [−1, 1] output clip
    const a = buildModel({ ...tiny, targetScale: 0.002 }, { seed: 3 })
    const b = buildModel({ ...tiny, targetScale: 0.001 }, { weights: await a.params.toArrays() })
    const x = tf.mul(tf.randomUniform([2, 16, 16, 1], -0.2, 0.2, 'float32', 4), 1) as tf.Tensor4D
    const cfg = { kind: 'ddim' as const, steps: 3, samples: 1, seed: 5, clipX0: 'none' as const }
    const ra = await sample(a, x, cfg)
    const rb = await sample(b, x, cfg)
    const [da, db] = [tf.sub(ra.mean, x), tf.sub(rb.mean, x)]
    const ya = ra.mean.dataSync()
    const [va, vb] = [da.dataSync(), db.dataSync()]
    let checked = 0
    for (let i = 0; i < va.length; i++) {
      if (Math.abs(ya[i]) >= 0.999) continue // clipped to [−1, 1]
      expect(vb[i]).toBeCloseTo(va[i] / 2, 5)
      checked++
    }
    expect(checked).toBeGreaterThan(va.length / 2)
    expect(Math.max(...Array.from(va, Math.abs))).toBeGreaterThan(1e-3) // a real residual, not zeros
    tf.dispose([x, ra.mean, ra.std, rb.mean, rb.std, da, db])
    a.dispose()
    b.dispose()
  })
})
