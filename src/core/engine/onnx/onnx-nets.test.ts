import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig, type ModelConfig } from '../config/model-config'
import { buildModel, type CvdmModel } from '../model/cvdm-model'
import { regressTarget } from '../model/regression'
import { Rng } from '../ops/rng'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { OnnxNets } from './onnx-nets'
import { loadOrt } from './ort-loader'

const ort = loadOrt()
if (!ort.ok) console.warn(`Skipping the onnxruntime parity tests: ${ort.reason}`)

/** A model whose every weight is moved by seeded noise (init leaves λ ≡ 1 and norms at identity). */
async function randomized(config: Partial<ModelConfig>, seed: number): Promise<CvdmModel> {
  const model = buildModel(config, { seed })
  const arrays = await model.params.toArrays()
  const rng = new Rng(seed + 100)
  for (const { data } of arrays.values()) {
    const noise = rng.fillNormal(new Float32Array(data.length), 0.2)
    for (let i = 0; i < data.length; i++) data[i] += noise[i]
  }
  model.params.assignFrom(arrays)
  return model
}

const maxAbs = async (a: tf.Tensor, b: tf.Tensor): Promise<number> => {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))))
  const v = (await d.data())[0]
  d.dispose()
  return v
}

/** ORT vs tfjs on both networks at two sizes, batch 2: returns the largest max-abs difference, and checks shapes. */
async function parity(model: CvdmModel, sizes: number[]): Promise<{ rate: number; denoise: number; scale: number }> {
  const nets = await OnnxNets.create(model, { threads: 1 })
  let rate = 0
  let denoise = 0
  let scale = 0
  const tensorsBefore = tf.memory().numTensors
  try {
    for (const [k, side] of sizes.entries()) {
      const shape: [number, number, number, number] = [2, side, side, model.config.channels]
      const x = tf.randomNormal<tf.Rank.R4>([2, side, side, model.config.condChannels], 0, 0.5, 'float32', 10 + k)
      const z = tf.randomNormal<tf.Rank.R4>(shape, 0, 1, 'float32', 20 + k)
      const g = tf.randomUniform<tf.Rank.R4>(shape, 0.01, 0.99, 'float32', 30 + k)
      const [rTf, rOrt] = [model.rate(x), await nets.rate(x)]
      const [eTf, eOrt] = [model.denoise(z, x, g), await nets.denoise(z, x, g)]
      expect(rOrt.shape).toEqual(rTf.shape)
      expect(eOrt.shape).toEqual(shape)
      rate = Math.max(rate, await maxAbs(rTf, rOrt))
      denoise = Math.max(denoise, await maxAbs(eTf, eOrt))
      const s = tf.tidy(() => tf.max(tf.abs(eTf)))
      scale = Math.max(scale, (await s.data())[0])
      tf.dispose([x, z, g, rTf, rOrt, eTf, eOrt, s])
    }
  } finally {
    await nets.dispose()
  }
  // the ORT path leaks no tensors either (its inputs are read, its outputs are the caller's and were disposed above)
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  if (process.env.CVDM_PRINT_PARITY) console.log(`${model.config.preset}/${model.config.schedule}: rate ${rate.toExponential(2)}, denoise ${denoise.toExponential(2)} (|ε̂| ≤ ${scale.toFixed(2)})`)
  return { rate, denoise, scale }
}

describe.skipIf(!ort.ok)('OnnxNets (onnxruntime-node) agree with the tfjs networks', () => {
  beforeAll(async () => {
    await useTrainingBackend()
  })
  const models: CvdmModel[] = []
  afterAll(() => models.forEach((m) => m.dispose()))

  it('cvdm-xs, learned schedule: λ(x) and ε̂ within 1e-4 at 32² and 48², batch 2', async () => {
    const model = await randomized(presetConfig('cvdm-xs'), 1)
    models.push(model)
    const r = await parity(model, [32, 48])
    expect(r.scale).toBeGreaterThan(0.1) // a non-trivial output, so the tolerance means something
    expect(r.rate).toBeLessThanOrEqual(1e-4)
    expect(r.denoise).toBeLessThanOrEqual(1e-4)
  })

  it('tiny custom config with the 7×7 wide stem, row attention and 2 channels (transposed at the boundary)', async () => {
    const config: Partial<ModelConfig> = {
      ...TINY_TEST_CONFIG,
      channels: 2,
      condChannels: 2,
      denoiser: { widths: [8, 16], downBlocks: 1, upBlocks: 2, groups: 4, embedKernel: 7, attention: 'row' },
      scheduleNet: { widths: [4, 8], wideStem: true }
    }
    const model = await randomized(config, 2)
    models.push(model)
    const r = await parity(model, [32, 48])
    expect(r.scale).toBeGreaterThan(0.1)
    expect(r.rate).toBeLessThanOrEqual(1e-4)
    expect(r.denoise).toBeLessThanOrEqual(1e-4)
  })

  it('fixed-schedule model: λ ≡ 1 without a schedule session, ε̂ within 1e-4', async () => {
    const model = await randomized({ ...TINY_TEST_CONFIG, schedule: 'cosine' }, 3)
    models.push(model)
    const r = await parity(model, [32, 48])
    expect(r.rate).toBe(0)
    expect(r.denoise).toBeLessThanOrEqual(1e-4)
  })

  it('regression model: D(0, x, 1) on ORT equals regressTarget within 1e-4, leaking no tensors', async () => {
    const model = await randomized({ ...TINY_TEST_CONFIG, method: 'regression' }, 4)
    models.push(model)
    const nets = await OnnxNets.create(model, { threads: 1 })
    const before = tf.memory().numTensors
    const x = tf.randomNormal<tf.Rank.R4>([2, 48, 48, 1], 0, 0.5, 'float32', 5)
    const [zeros, ones] = [tf.zeros([2, 48, 48, 1]) as tf.Tensor4D, tf.ones([2, 48, 48, 1]) as tf.Tensor4D]
    const viaOrt = await nets.denoise(zeros, x, ones)
    const viaTf = regressTarget(model, x)
    expect(await maxAbs(viaOrt, viaTf)).toBeLessThanOrEqual(1e-4)
    tf.dispose([x, zeros, ones, viaOrt, viaTf])
    expect(tf.memory().numTensors).toBe(before)
    await nets.dispose()
  })
})
