import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelConfig } from '../config/model-config'
import { buildModel, type CvdmModel } from '../model/cvdm-model'
import { Rng } from '../ops/rng'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { loadModel, MODEL_FORMAT_VERSION, saveModel } from './model-io'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'

const tiny = TINY_TEST_CONFIG
let dir: string
let model: CvdmModel

beforeAll(async () => {
  await useTrainingBackend()
  dir = await mkdtemp(path.join(tmpdir(), 'cvdm-io-'))
  model = buildModel(tiny, { seed: 7 })
})
afterAll(async () => {
  model.dispose()
  await rm(dir, { recursive: true, force: true })
})

function outputs(m: CvdmModel): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(new Rng(1).fillUniform(new Float32Array(16 * 16), -1, 1), [1, 16, 16, 1])
    const lambda = m.rate(x)
    const p = m.profile(new Float32Array([0.3]))
    const eps = m.denoise(x, x, tf.fill([1, 16, 16, 1], 0.4) as tf.Tensor4D)
    return [lambda, p.Gamma, p.tau, eps].map((t) => t.dataSync() as Float32Array)
  })
}

describe('saveModel / loadModel', () => {
  it('round-trips: identical outputs, metadata kept, nothing leaked', async () => {
    const target = path.join(dir, 'm1')
    const meta = { normalization: { method: 'percentile' as const, low: 1, high: 99.5 }, scaleFactor: 2 }
    await saveModel(model, target, meta)
    await saveModel(model, target, meta) // overwrite in place (atomic replace)
    expect((await readdir(dir)).sort()).toEqual(['m1'])
    const json = JSON.parse(await readFile(path.join(target, 'model.json'), 'utf8'))
    expect(json).toMatchObject({ format: 'cvdm-studio-model', version: MODEL_FORMAT_VERSION, preset: 'custom', scaleFactor: 2 })
    expect(json.architecture.denoiser.widths).toEqual([8, 16])
    const before = tf.memory().numTensors
    const loaded = await loadModel(target)
    expect(loaded.meta).toEqual(meta)
    expect(outputs(loaded.model)).toEqual(outputs(model))
    loaded.model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('fails with clear coded errors for newer versions, wrong shapes, truncated weights, missing files', async () => {
    const target = path.join(dir, 'm2')
    await saveModel(model, target)
    const jsonPath = path.join(target, 'model.json')
    const good = await readFile(jsonPath, 'utf8')
    const before = tf.memory().numTensors
    const edit = async (f: (j: Record<string, unknown>) => void): Promise<void> => {
      const j = JSON.parse(good)
      f(j)
      await writeFile(jsonPath, JSON.stringify(j))
    }
    await edit((j) => (j.version = MODEL_FORMAT_VERSION + 1))
    await expect(loadModel(target)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/version/) })
    await edit((j) => (j.format = 'keras'))
    await expect(loadModel(target)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/Not a CVDM/) })
    await edit((j) => ((j.architecture as ModelConfig).denoiser.widths = [8, 24]))
    await expect(loadModel(target)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/shape|lacks/) })
    await edit((j) => ((j.architecture as ModelConfig).timeHidden = 0))
    await expect(loadModel(target)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/timeHidden/) })
    await writeFile(jsonPath, good)
    await truncate(path.join(target, 'weights.bin'), 100)
    await expect(loadModel(target)).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/truncated|outside/) })
    await expect(loadModel(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'not-found' })
    expect(tf.memory().numTensors).toBe(before)
  })
})
