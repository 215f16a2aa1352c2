import { beforeAll, describe, expect, it } from 'vitest'
import { presetConfig, validateModelConfig } from '../config/model-config'
import { Rng } from '../ops/rng'
import { disposeRecord } from '../schedule/gamma'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { buildModel, cloneModel, createModel } from './cvdm-model'

beforeAll(async () => {
  await useTrainingBackend()
})

const countUnder = (m: ReturnType<typeof createModel>, prefix: string): number =>
  m.params.names().reduce((n, name, i) => n + (name.startsWith(prefix) ? m.params.variables()[i].size : 0), 0)

describe('buildModel / createModel', () => {
  it('builds the presets with the expected parameter counts (CVDM.md §9.3)', () => {
    const s = createModel('cvdm-s')
    // AvgPool/nearest variant of CVDM-S: ≈2.2 M denoiser params (issue [C]); schedule net [16,32,64] ≈ 0.13 M.
    expect(countUnder(s, 'den/')).toBeGreaterThan(2.1e6)
    expect(countUnder(s, 'den/')).toBeLessThan(2.4e6)
    expect(countUnder(s, 'sched/')).toBeGreaterThan(0.1e6)
    expect(countUnder(s, 'Gamma/') + countUnder(s, 'tau/')).toBe(2 * (3 + 3 * 128))
    const xs = createModel('cvdm-xs')
    expect(countUnder(xs, 'den/')).toBeGreaterThan(0.5e6)
    expect(countUnder(xs, 'den/')).toBeLessThan(0.65e6)
    s.dispose()
    xs.dispose()
  })

  it('fixed-schedule variant has the same denoiser and no schedule weights', () => {
    const fixed = createModel('cvdm-xs', { schedule: 'cosine' })
    const learned = createModel('cvdm-xs')
    expect(fixed.params.names().every((n) => n.startsWith('den/'))).toBe(true)
    expect(countUnder(fixed, 'den/')).toBe(countUnder(learned, 'den/'))
    fixed.dispose()
    learned.dispose()
  })

  it('same seed gives the same weights, another seed different ones', async () => {
    const a = createModel('cvdm-xs', { seed: 4 })
    const b = createModel('cvdm-xs', { seed: 4 })
    const c = createModel('cvdm-xs', { seed: 5 })
    const name = 'den/stem/w'
    const get = (m: typeof a): Float32Array => m.params.variables()[m.params.names().indexOf(name)].dataSync() as Float32Array
    expect(get(a)).toEqual(get(b))
    expect(get(a)).not.toEqual(get(c))
    const d = await cloneModel(a)
    expect(get(d)).toEqual(get(a))
    ;[a, b, c, d].forEach((m) => m.dispose())
  })

  it('forward passes have the documented shapes and leak nothing (build and dispose included)', () => {
    const before = tf.memory().numTensors
    const m = createModel('cvdm-xs')
    const rng = new Rng(1)
    const x = tf.tensor4d(rng.fillUniform(new Float32Array(2 * 16 * 16), -1, 1), [2, 16, 16, 1])
    const lambda = m.rate(x)
    const p = m.profile(new Float32Array([0.1, 0.9]))
    const eps = m.denoise(x, x, tf.fill([2, 16, 16, 1], 0.3) as tf.Tensor4D)
    expect(lambda.shape).toEqual([2, 16, 16, 1])
    expect(p.Gamma.shape).toEqual([2, 1, 1, 1])
    expect(eps.shape).toEqual([2, 16, 16, 1])
    expect(Math.min(...lambda.dataSync())).toBeGreaterThan(0)
    tf.dispose([lambda, eps, x])
    disposeRecord(p)
    m.dispose()
    // the fill() above was created outside tidy: it is the only expected survivor
    expect(tf.memory().numTensors).toBe(before + 1)
  })

  it('rejects invalid configs with precise messages', () => {
    expect(() => validateModelConfig({ channels: 0 })).toThrow(/channels/)
    expect(() => validateModelConfig({ schedule: 'sigmoid' as never })).toThrow(/schedule/)
    expect(() => validateModelConfig({ denoiser: { ...presetConfig('cvdm-s').denoiser, upBlocks: 1 } })).toThrow(/upBlocks/)
    expect(() => validateModelConfig({ denoiser: { ...presetConfig('cvdm-s').denoiser, groups: 7 } })).toThrow(/divisible/)
    expect(() => createModel('cvdm-xxl' as never)).toThrow(/Unknown preset/)
  })

  it('cvdm-paper builds (official sizes) and runs a 64² forward pass', () => {
    const m = buildModel(presetConfig('cvdm-paper'), { seed: 1 })
    const den = countUnder(m, 'den/')
    expect(den).toBeGreaterThan(100e6) // official sr3 ≈ 118 M (CVDM.md §3.2)
    const out = tf.tidy(() => {
      const x = tf.zeros([1, 64, 64, 1]) as tf.Tensor4D
      const lambda = m.rate(x)
      const eps = m.denoise(x, x, tf.fill([1, 64, 64, 1], 0.5) as tf.Tensor4D)
      return [lambda.shape, eps.shape, Number.isFinite(eps.sum().dataSync()[0])]
    })
    expect(out).toEqual([[1, 64, 64, 1], [1, 64, 64, 1], true])
    m.dispose()
  }, 120_000)
})
