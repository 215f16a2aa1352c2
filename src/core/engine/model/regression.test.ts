import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { regressionLossTerms } from '../diffusion/loss'
import { predict, sample } from '../sampler/sample-loop'
import { filamentPairs, psnr } from '../testing/filaments'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { Trainer } from '../train/trainer'
import { buildModel, parameterCounts } from './cvdm-model'
import { regressTarget } from './regression'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'

const tiny = TINY_TEST_CONFIG
const pairs = filamentPairs(6, 1, { size: 16, noise: 0.1 })
const asTensor = (key: 'x' | 'y'): tf.Tensor4D => tf.tensor4d(Float32Array.from(pairs.flatMap((p) => [...p[key]])), [pairs.length, 16, 16, 1])
let x: tf.Tensor4D
let y: tf.Tensor4D

beforeAll(async () => {
  await useTrainingBackend()
  x = asTensor('x')
  y = asTensor('y')
})
afterAll(() => tf.dispose([x, y]))

describe('regression baseline (method: regression)', () => {
  it('has exactly the fixed-schedule diffusion model’s weights (same backbone) and no schedule', () => {
    const reg = buildModel({ ...tiny, method: 'regression' })
    const fixed = buildModel({ ...tiny, schedule: 'cosine' })
    const cvdm = buildModel(tiny)
    expect(reg.params.names()).toEqual(fixed.params.names())
    expect(parameterCounts(reg)).toEqual(parameterCounts(fixed))
    expect(parameterCounts(reg).scheduleNet).toBe(0)
    expect(parameterCounts(cvdm).scheduleNet).toBeGreaterThan(0)
    expect(() => reg.profile(new Float32Array([0.5]))).toThrow(/no noise schedule/)
    ;[reg, fixed, cvdm].forEach((m) => m.dispose())
  })

  it('predicts in one pass: ŷ = clip(x + s·D(0, x, 1)), and sample() returns it with zero std, leaking nothing', async () => {
    const model = buildModel({ ...tiny, method: 'regression', targetScale: 0.5 }, { seed: 2 })
    const before = tf.memory().numTensors
    const yHat = predict(model, x)
    const r = regressTarget(model, x)
    const [maxDiff, maxR] = tf.tidy(() => {
      const expected = tf.clipByValue(tf.add(x, tf.mul(r, 0.5)), -1, 1)
      return [tf.max(tf.abs(tf.sub(yHat, expected))).dataSync()[0], tf.max(tf.abs(r)).dataSync()[0]]
    })
    expect(maxDiff).toBeLessThan(1e-6)
    expect(maxR).toBeGreaterThan(0) // the init does not output zeros
    const progress: number[] = []
    const out = await sample(model, x, { samples: 4, steps: 20 }, { onProgress: (p) => progress.push(p.step / p.total) })
    expect(Array.from(out.mean.dataSync())).toEqual(Array.from(yHat.dataSync()))
    expect(Math.max(...out.std.dataSync())).toBe(0)
    expect(progress).toEqual([1])
    tf.dispose([yHat, r, out.mean, out.std])
    expect(tf.memory().numTensors).toBe(before)
    const diffusion = buildModel(tiny)
    expect(() => predict(diffusion, x)).toThrow(/regression path/)
    ;[model, diffusion].forEach((m) => m.dispose())
  })

  it('its loss is the MSE of the predicted scaled residual, per sample', () => {
    const model = buildModel({ ...tiny, method: 'regression', targetScale: 0.5 }, { seed: 3 })
    const eps = tf.zerosLike(y)
    const terms = regressionLossTerms(model, { x, y, t: new Float32Array(pairs.length).fill(0.5), eps })
    const r = regressTarget(model, x)
    const manual = tf.mean(tf.square(tf.sub(r, tf.div(tf.sub(y, x), 0.5))), [1, 2, 3])
    const got = terms.eps.dataSync()
    manual.dataSync().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5))
    expect(Array.from(terms.beta.dataSync())).toEqual(new Array(pairs.length).fill(0))
    tf.dispose([eps, r, manual, ...Object.values(terms)])
    model.dispose()
  })

  it('the Trainer trains it with the same pipeline: after 60 steps it beats bicubic on its training pairs', async () => {
    const model = buildModel({ ...tiny, method: 'regression' }, { seed: 4 })
    const trainer = new Trainer(model, pairs, { cropSize: 16, batchSize: 4, learningRate: 3e-3, augment: 'none', seed: 5 })
    const logs = await trainer.runLoop({ steps: 60 })
    const first = logs.slice(0, 5).reduce((s, l) => s + l.loss, 0) / 5
    const last = logs.slice(-5).reduce((s, l) => s + l.loss, 0) / 5
    expect(last).toBeLessThan(first * 0.7)
    expect(logs.every((l) => l.terms.beta === 0 && l.terms.kl === 0 && l.terms.gamma === 0)).toBe(true)
    const yHat = predict(model, x)
    const truth = y.dataSync()
    expect(psnr(yHat.dataSync(), truth)).toBeGreaterThan(psnr(x.dataSync(), truth))
    yHat.dispose()
    trainer.dispose()
    model.dispose()
  }, 60_000)
})
